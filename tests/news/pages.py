"""Five news pages written for the tests, each with the article body it holds.

Each page wraps its body in the clutter real pages have; ``body`` is exactly the text
extraction must give (paragraphs separated by a blank line), ``boilerplate`` lists
strings from the clutter that must not be in it.
"""

from __future__ import annotations

from dataclasses import dataclass, field

__all__ = ["PAGES", "Page"]


@dataclass(frozen=True)
class Page:
    slug: str
    html: str
    body: str
    title: str
    author: str | None
    published: str
    site: str
    boilerplate: tuple[str, ...]
    quotes: tuple[str, ...] = field(default=())
    """Direct quotes in the body as the offline engine gives them (a closing comma is not
    part of the quote); each must be found at its offsets."""


def _paras(*paragraphs: str) -> tuple[str, str]:
    html = "\n".join(f"<p>{p}</p>" for p in paragraphs)
    return html, "\n\n".join(paragraphs)


_BUGLE = (
    "The city council voted 7 to 2 on Tuesday to close the Old Mill bridge for at least "
    "eight months, after engineers found cracks in two of its supporting piers.",
    "\u201cWe had no choice,\u201d said Mayor Ana Ruiz. \u201cThe engineers told us the bridge "
    "is not safe for heavy traffic, and I will not gamble with people\u2019s lives.\u201d",
    "About 14,000 vehicles cross the bridge every day. Buses will be rerouted over the "
    "Harbour Road crossing, adding up to twenty minutes to some journeys.",
    "Shop owners on both banks said the closure would hurt them. \u201cThis will ruin us,\u201d "
    "said Tom Hale, who has run a bakery beside the bridge for thirty years.",
    "Repairs are expected to cost 4.2 million euros, most of it from the regional "
    "infrastructure fund.",
)
_BUGLE_HTML, _BUGLE_BODY = _paras(*_BUGLE)

BUGLE = Page(
    slug="bugle",
    title="Council votes to close Old Mill bridge for repairs",
    author="Jane Roe",
    published="2024-03-05",
    site="Daily Bugle",
    body=_BUGLE_BODY,
    quotes=(
        "We had no choice",
        "The engineers told us the bridge is not safe for heavy traffic, and I will not "
        "gamble with people\u2019s lives.",
        "This will ruin us",
    ),
    boilerplate=(
        "We use cookies",
        "Subscribe",
        "Sports",
        "Great reporting",
        "Ferry fares",
        "Advertisement",
        "He said",
        "All rights reserved",
    ),
    html=f"""<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8">
<title>Council votes to close Old Mill bridge for repairs | Daily Bugle</title>
<meta property="og:site_name" content="Daily Bugle">
<meta property="og:title" content="Council votes to close Old Mill bridge for repairs">
<script type="application/ld+json">{{"@context": "https://schema.org", "@type": "NewsArticle",
"headline": "Council votes to close Old Mill bridge for repairs",
"author": {{"@type": "Person", "name": "Jane Roe"}},
"datePublished": "2024-03-05T09:30:00Z", "dateModified": "2024-03-06T11:00:00Z",
"publisher": {{"@type": "Organization", "name": "Daily Bugle"}}}}</script>
<script>window.dataLayer = [{{"quote": "He said \\"the bridge is fine\\"", "page": "news"}}];
var tagline = 'He said "no comment"';</script>
<style>.ad {{ display: block; }}</style>
</head><body>
<div id="cookie-banner" class="cookie-consent"><p>We use cookies to improve your experience.
<button>Accept all</button> <button>Manage preferences</button></p></div>
<header><nav class="main-nav"><ul><li><a href="/">Home</a></li><li><a href="/news">News</a></li>
<li><a href="/sports">Sports</a></li><li><a href="/subscribe">Subscribe</a></li></ul></nav></header>
<div class="ad ad-leaderboard">Advertisement</div>
<main><article class="story">
<h1>Council votes to close Old Mill bridge for repairs</h1>
<div class="share"><a href="#">Share on Facebook</a> <a href="#">Share on X</a></div>
{_BUGLE_HTML}
</article>
<aside class="related"><h2>Related stories</h2><ul>
<li><a href="/news/ferry.html">Ferry fares to rise in spring</a></li>
<li><a href="/news/roads.html">Harbour Road resurfacing finished early</a></li></ul></aside>
<section id="comments" class="comments"><h2>Comments (2)</h2>
<div class="comment"><p>Great reporting, thanks! The bridge has been shaky for years.</p></div>
<div class="comment"><p>Another waste of money by the council, as usual.</p></div></section>
</main>
<footer><p>&copy; 2024 Daily Bugle. All rights reserved.</p><a href="/privacy">Privacy</a></footer>
</body></html>
""",
)

_HARBOUR = (
    "Fishing crews in Port Eliza returned to sea on Monday after a three-week strike over "
    "fuel prices ended with an agreement reached late on Sunday night.",
    "The deal caps the price of marine diesel for members of the cooperative until the "
    "end of the season and sets up a joint committee to review it each quarter.",
    "\u201cIt is not everything we asked for, but it keeps the boats working,\u201d said Maria "
    "Okafor, who chairs the Port Eliza Fishers\u2019 Cooperative.",
    "The harbour authority said landings had fallen by two thirds during the strike. Its "
    "director, Paul Brandt, called the agreement \u201ca sensible compromise\u201d and said the "
    "fish market would reopen on Wednesday.",
)
_HARBOUR_HTML, _HARBOUR_BODY = _paras(*_HARBOUR)

HARBOUR = Page(
    slug="harbour",
    title="Fishing crews end strike after fuel deal",
    author="Sam Ellis",
    published="2024-06-17",
    site="Harbour Times",
    body=_HARBOUR_BODY,
    quotes=(
        "It is not everything we asked for, but it keeps the boats working",
        "a sensible compromise",
    ),
    boilerplate=(
        "Most read",
        "Sign up",
        "newsletter",
        "Tide tables",
        "Contact us",
        "Cookie settings",
    ),
    html=f"""<!DOCTYPE html>
<html><head><meta http-equiv="Content-Type" content="text/html; charset=utf-8">
<title>Fishing crews end strike after fuel deal - Harbour Times</title>
<meta property="og:title" content="Fishing crews end strike after fuel deal">
<meta property="og:site_name" content="Harbour Times">
<meta name="author" content="Sam Ellis">
<meta property="article:published_time" content="2024-06-17T06:45:00+01:00">
<link rel="canonical" href="https://harbourtimes.example/business/strike-ends">
</head><body>
<div class="consent-overlay" role="dialog"><p>Cookie settings: this site uses cookies for
analytics and ads.</p><a href="#">Accept</a></div>
<div id="top-bar"><a href="/">Harbour Times</a> | <a href="/tides">Tide tables</a> |
<a href="/contact">Contact us</a></div>
<div class="layout">
<div class="story-body" itemprop="articleBody">
<h1 class="headline">Fishing crews end strike after fuel deal</h1>
<p class="byline">By Sam Ellis</p>
{_HARBOUR_HTML}
</div>
<div class="sidebar"><h3>Most read</h3><ol><li><a href="/a">Lifeboat crew rescues two
kayakers off the point</a></li><li><a href="/b">New ferry timetable from July</a></li></ol>
<div class="newsletter"><h3>Sign up to our newsletter</h3><form><input type="email">
<button>Sign up</button></form></div></div>
</div>
<footer><a href="/about">About</a> <a href="/contact">Contact us</a></footer>
</body></html>
""",
)

_METRO = (
    "Commuters faced a second day of delays on Thursday as signal failures stopped trains "
    "on the northern line for more than three hours during the morning rush.",
    "Transit director Leila Haddad apologised to passengers at a press conference.",
    "\u201cWe know people are fed up. They have every right to be.",
    "\u201cThe signalling system is forty years old and we have been asking for money to "
    "replace it since 2019,\u201d she said.",
    "Union representative Kofi Mensah said staff had warned managers about the faults "
    "for months and called for an independent inquiry into the failures.",
)
_METRO_HTML, _METRO_BODY = _paras(*_METRO)

METRO = Page(
    slug="metro",
    title="Signal failures halt northern line for second day",
    author="Priya Nair",
    published="2024-11-14",
    site="Metro Wire",
    body=_METRO_BODY,
    quotes=(),
    boilerplate=(
        "Read more",
        "Share this",
        "Sponsored",
        "Download our app",
        "Live updates",
        "weather",
    ),
    html=f"""<!DOCTYPE html>
<html lang="en"><head><meta charset="UTF-8">
<title>Signal failures halt northern line for second day</title>
<script type="application/ld+json">{{"@context":"https://schema.org","@graph":[
{{"@type":"WebSite","name":"Metro Wire","url":"https://metrowire.example/"}},
{{"@type":"NewsArticle","headline":"Signal failures halt northern line for second day",
"datePublished":"2024-11-14T08:10:00+00:00",
"author":[{{"@type":"Person","name":"Priya Nair"}}],
"publisher":{{"@type":"Organization","name":"Metro Wire"}}}}]}}</script>
<script>document.write("<p>\\"Live updates\\" loading</p>");</script>
</head><body>
<nav><a href="/">Metro Wire</a> <a href="/live">Live updates</a> <a href="/weather">Local
weather</a></nav>
<div class="app-banner">Download our app for faster news</div>
<article>
<header><h1>Signal failures halt northern line for second day</h1>
<p class="meta">Priya Nair &middot; <time datetime="2024-11-14T08:10:00Z">14 November 2024</time></p>
</header>
<div class="social"><span>Share this</span> <a href="#">Email</a> <a href="#">Copy link</a></div>
{_METRO_HTML}
<iframe class="ad" src="about:blank" title="Sponsored"></iframe>
<div class="promo"><p>Sponsored: Switch your energy supplier today and save.</p></div>
<div class="read-more"><a href="/news/strike.html">Read more: Drivers vote on pay offer</a></div>
</article>
<footer><p>Metro Wire &copy; 2024</p></footer>
</body></html>
""",
)

_VALLEY = (
    "Farmers in the upper valley say this summer\u2019s drought has cut their hay harvest by "
    "half, and some are already selling livestock they cannot afford to feed.",
    "The regional agriculture office recorded 41 millimetres of rain between May and "
    "August, the lowest total since measurements began in 1921.",
    "Water restrictions",
    "Irrigation from the river has been limited to two days a week since July. The "
    "valley water board says the limits will stay until the reservoir is at least half full.",
    "\u201cWe are trying to share what little water there is fairly,\u201d said board chair "
    "Ingrid Solberg. \u201cNobody is happy, and I understand why.\u201d",
)
VALLEY = Page(
    slug="valley",
    title="Drought halves hay harvest in upper valley",
    author="Lars Berg",
    published="2024-08-29",
    site="Valley Gazette",
    body="\n\n".join(_VALLEY),
    quotes=(
        "We are trying to share what little water there is fairly",
        "Nobody is happy, and I understand why.",
    ),
    boilerplate=(
        "Photo:",
        "Accept cookies",
        "Weather forecast",
        "Obituaries",
        "Support local journalism",
    ),
    html=f"""<!DOCTYPE html>
<html><head><meta charset="utf-8"><title>Drought halves hay harvest in upper valley</title>
<meta property="og:site_name" content="Valley Gazette">
<script type="application/ld+json">{{"@context":"https://schema.org","@type":"NewsArticle",
"headline":"Drought halves hay harvest in upper valley","datePublished":"2024-08-29",
"author":{{"@type":"Person","name":"Lars Berg"}}}}</script>
</head><body>
<div class="cookie-notice"><p>Accept cookies? We and our partners use cookies.</p></div>
<ul class="menu"><li><a href="/">Home</a></li><li><a href="/weather">Weather forecast</a></li>
<li><a href="/obituaries">Obituaries</a></li></ul>
<div class="content">
<div class="article-text">
<p>{_VALLEY[0]}</p>
<figure><img src="/img/field.jpg" alt=""><figcaption>Photo: a dry field near Elm Creek.</figcaption></figure>
<p>{_VALLEY[1]}</p>
<h2>{_VALLEY[2]}</h2>
<p>{_VALLEY[3]}</p>
<p>{_VALLEY[4]}</p>
</div>
<div class="donate"><p>Support local journalism: become a member today.</p></div>
</div>
</body></html>
""",
)

_RIVER = (
    "The river authority opened two new flood barriers at Lowmoor on Friday, a year after "
    "the worst floods in a generation forced 600 families from their homes.",
    "The barriers can be raised in under an hour and are designed to hold back water "
    "a metre higher than last winter\u2019s peak.",
    "Resident Grace Adeyemi, whose house was flooded to the first floor, said she finally "
    "felt safe. \u201cFor a year every heavy shower kept me awake,\u201d she said.",
    "Critics say the scheme protects the town centre but leaves farms downstream exposed. "
    "The authority said a second phase would be considered next year.",
)
_RIVER_HTML, _RIVER_BODY = _paras(*_RIVER)

RIVER = Page(
    slug="river",
    title="New flood barriers open at Lowmoor",
    author="Tom Reed",
    published="2024-10-04",
    site="River Post",
    body=_RIVER_BODY,
    quotes=("For a year every heavy shower kept me awake",),
    boilerplate=(
        "Join the discussion",
        "Trending",
        "Log in",
        "Reply",
        "Most popular",
    ),
    html=f"""<!DOCTYPE html>
<html><head><meta charset="utf-8"><title>New flood barriers open at Lowmoor | River Post</title>
<meta property="og:site_name" content="River Post">
<meta name="author" content="Tom Reed">
<meta name="date" content="2024-10-04">
</head><body>
<header><a href="/login">Log in</a><div class="trending">Trending: <a href="/x">Council
budget</a>, <a href="/y">Lowmoor fair</a></div></header>
<main>
<div id="story">
<h2 class="kicker">Environment</h2>
<div class="story-text">
{_RIVER_HTML}
</div>
</div>
<div class="popular"><h3>Most popular</h3><ul><li><a href="/p1">Lowmoor fair returns</a></li>
<li><a href="/p2">Bus route 7 to be cut</a></li></ul></div>
<div class="comments-area"><h3>Join the discussion</h3>
<div class="comment"><p>About time! We waited years for this.</p><a href="#">Reply</a></div>
<div class="comment"><p>What about the farms though?</p><a href="#">Reply</a></div></div>
</main>
</body></html>
""",
)

PAGES: dict[str, Page] = {page.slug: page for page in (BUGLE, HARBOUR, METRO, VALLEY, RIVER)}
