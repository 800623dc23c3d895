"""Actor colours: WCAG AA contrast for every palette entry, stable and distinct choices."""

from __future__ import annotations

from summarizer.views.palette import (
    INK,
    PAGE,
    PALETTE,
    UNATTRIBUTED,
    assign_colours,
    contrast,
    initials,
    preferred_slot,
)


def test_contrast_formula_matches_wcag_reference_points() -> None:
    assert round(contrast("#000000", "#ffffff"), 2) == 21.0
    assert round(contrast("#777777", "#ffffff"), 2) == 4.48  # the classic just-fails-AA grey
    assert contrast("#1f5fa8", "#1f5fa8") == 1.0


def test_every_colour_meets_aa() -> None:
    for colour in (*PALETTE, UNATTRIBUTED):
        # quote text (ink) on the quote's tint: AA for body text
        assert contrast(INK, colour.tint) >= 4.5, colour
        # initials marker: white text on the strong shade
        assert contrast("#ffffff", colour.strong) >= 4.5, colour
        # the quote's border against the page: AA for non-text UI (1.4.11)
        assert contrast(colour.strong, PAGE) >= 3.0, colour


def test_preferred_slot_is_stable_and_ignores_case_and_spacing() -> None:
    assert preferred_slot("Ebrahim Raisi") == preferred_slot("ebrahim  RAISI")
    slots = {preferred_slot(f"Actor {n}") for n in range(200)}
    assert len(slots) == len(PALETTE)  # the hash spreads over the whole palette


def test_assignment_is_distinct_up_to_palette_size_and_order_free() -> None:
    names = [f"Speaker {n}" for n in range(len(PALETTE))]
    first = assign_colours(names)
    assert len(set(first.values())) == len(PALETTE)
    assert assign_colours(reversed(names)) == first
    # a lone actor gets its preferred slot: the same colour on every page it is alone on
    assert assign_colours(["Hamas"]) == {"Hamas": preferred_slot("Hamas")}


def test_initials() -> None:
    assert initials("Ebrahim Raisi") == "ER"
    assert initials("OIC") == "OIC"
    assert initials("Organisation of Islamic Cooperation") == "OIC"
    assert initials("senior transport ministry official") == "STM"
    assert initials("Hamas") == "Ha"
    assert initials("<>") == "?"
