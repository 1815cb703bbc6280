"""In Chromium: committee papers print cleanly, and every page is usable 320 pixels wide."""

import pytest

# The list pages and one detail page of each kind that scrutiny members print or read.
PAGES = [
    "/",
    "/?as_of=2014-05-01&since=2014-03-01",
    "/priorities/",
    "/recommendations/",
    "/timeline/",
    "/documents/",
    "/people/",
    "/statements/?q=inspection",
    "/priorities/single-improvement-plan/",
    "/people/peter-hay/",
    "/documents/council-response-le-grand-review/",
]


@pytest.mark.parametrize("url", ["/", "/priorities/single-improvement-plan/"])
def test_printed_pages_drop_navigation_and_forms_and_show_link_addresses(
    page, live_seeded, artifact, url
):
    page.goto(live_seeded + url)
    page.emulate_media(media="print")
    hidden = page.evaluate(
        """() => [...document.querySelectorAll('.site-header nav, .filters, .skip-link')]
                 .map(el => getComputedStyle(el).display)"""
    )
    assert hidden and set(hidden) == {"none"}
    first_link = page.evaluate(
        "getComputedStyle(document.querySelector('main a[href^=\"/\"]'), '::after').content"
    )
    assert first_link.startswith('" </')
    rows = page.evaluate(
        "[...document.querySelectorAll('tr')].map(tr => getComputedStyle(tr).breakInside)"
    )
    assert rows and set(rows) == {"avoid"}
    name = "print-dashboard.pdf" if url == "/" else "print-priority.pdf"
    assert len(page.pdf(path=artifact(name), format="A4")) > 10_000


def test_on_screen_the_navigation_is_shown(page, live_seeded):
    page.goto(live_seeded + "/")
    assert page.get_by_role("navigation", name="Main").is_visible()


@pytest.mark.parametrize("url", PAGES)
def test_pages_fit_a_320_pixel_screen_without_sideways_scrolling(page, live_seeded, url):
    page.set_viewport_size({"width": 320, "height": 640})
    page.goto(live_seeded + url)
    assert page.evaluate("document.documentElement.scrollWidth") <= 320


def test_on_a_phone_a_search_s_results_begin_near_its_first_screen(page, live_seeded):
    """The filters fold away after a search of words alone: unfolded, they put the results
    nearly three screens down."""
    page.set_viewport_size({"width": 375, "height": 667})
    page.goto(live_seeded + "/statements/")
    page.get_by_label("Search for").fill("jury")
    page.get_by_role("button", name="Search", exact=True).click()
    page.wait_for_url("**/statements/?q=jury*")
    results = page.get_by_role("heading", level=2, name="statement")
    assert results.bounding_box()["y"] < 667 * 1.25
    page.get_by_text("Narrow or sort the results").click()
    assert page.get_by_label("Said by").is_visible()
    assert results.bounding_box()["y"] > 667 * 2  # what they were out of the way of


def test_a_keyboard_user_sees_where_focus_is(page, live_seeded):
    page.goto(live_seeded + "/priorities/")
    page.keyboard.press("Tab")
    page.keyboard.press("Tab")
    outline = page.evaluate("getComputedStyle(document.activeElement).outlineStyle")
    assert outline == "solid"


def test_on_a_phone_status_tags_wrap_inside_their_table_rather_than_run_off_it(page, live_seeded):
    page.set_viewport_size({"width": 375, "height": 800})
    page.goto(live_seeded + "/")
    # The stale table's first two columns, item and status, fit the screen as it opens:
    # "Amber confidence" wraps inside its tag instead of being cut at the edge.
    cut = page.evaluate(
        """() => {
            const table = document.querySelector('#stale-caption').closest('.table-scroll');
            const edge = table.getBoundingClientRect().right;
            return [...table.querySelectorAll('.status, .rag')]
                .filter(tag => tag.getBoundingClientRect().right > edge)
                .map(tag => tag.textContent);
        }"""
    )
    assert cut == []


def test_a_table_wider_than_the_screen_shows_a_shadow_at_the_edge_it_continues(page, live_seeded):
    page.set_viewport_size({"width": 375, "height": 800})
    page.goto(live_seeded + "/priorities/")
    region = page.locator(".table-scroll").first
    assert region.evaluate("el => el.scrollWidth > el.clientWidth")
    assert "radial-gradient" in region.evaluate("el => getComputedStyle(el).backgroundImage")
