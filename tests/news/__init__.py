"""A small news site for the tests: realistic pages (navigation, ads, cookie banners,
comments, related links, scripts with quotes, JSON-LD), feeds, and the ways fetching
fails, served on 127.0.0.1 by ``tests.news.site``."""
