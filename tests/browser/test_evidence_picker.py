"""The officer's evidence box in Chromium: chosen statements stay chosen and readable."""

from django.urls import reverse
from playwright.sync_api import expect

from oversight.models import Priority
from tests.factories import make_user


def test_backspace_in_the_evidence_box_removes_one_statement_not_all(
    page, live_seeded, artifact, csp_violations
):
    session = signed_in_session()
    page.context.add_cookies([{"name": "sessionid", "value": session, "url": live_seeded}])
    priority = Priority.objects.get(slug="single-improvement-plan")
    page.goto(live_seeded + reverse("admin:oversight_priority_record_status", args=[priority.pk]))
    box = page.get_by_role("searchbox", name="Statements")
    chosen = page.locator("#id_statements + .select2 .select2-selection__choice")
    for words, option in [
        ("jury is out", "Sir Albert Bore, 19 March 2014: “the jury is out” (bore-jury-is-out)"),
        ("stay true", "Peter Hay, 19 March 2014: “stay true to the course"),
    ]:
        box.click()
        page.keyboard.type(words)
        page.get_by_role("option", name=option).click()
    expect(chosen).to_have_count(2)
    # Each chosen statement is shown whole, not cut after its speaker and day.
    assert chosen.last.evaluate(
        """choice => {
            const box = choice.closest(".select2-selection").getBoundingClientRect();
            const shown = choice.getBoundingClientRect();
            return shown.right <= box.right && choice.scrollWidth <= choice.clientWidth;
        }"""
    )

    # The list of options has closed on the choice; the officer, still in the box, takes
    # back a letter, or the last choice.
    expect(page.locator(".select2-results")).to_have_count(0)
    page.keyboard.press("Backspace")
    expect(chosen).to_have_count(1)
    expect(chosen.first).to_contain_text("the jury is out")
    page.screenshot(path=artifact("evidence-picker.png"), full_page=True)
    assert csp_violations == []


def signed_in_session():
    """Return the session key of a newly signed-in officer."""
    from django.test import Client

    client = Client()
    client.force_login(make_user("officer"))
    return client.cookies["sessionid"].value


def test_the_record_form_shows_focus_in_the_evidence_boxes_and_fits_the_window(page, live_seeded):
    session = signed_in_session()
    page.context.add_cookies([{"name": "sessionid", "value": session, "url": live_seeded}])
    page.set_viewport_size({"width": 1280, "height": 900})
    priority = Priority.objects.get(slug="single-improvement-plan")
    page.goto(live_seeded + reverse("admin:oversight_priority_record_status", args=[priority.pk]))
    for name in ("Statements", "Documents"):
        page.get_by_role("searchbox", name=name).focus()
        # The ring is drawn round the box the officer typed into, as on every other field.
        ring = page.evaluate(
            """() => {
                const box = document.activeElement.closest(".select2-selection");
                const style = getComputedStyle(box);
                return [style.outlineStyle, parseFloat(style.outlineWidth)];
            }"""
        )
        assert ring[0] == "solid" and ring[1] >= 2, (name, ring)
    # The list of earlier updates to correct, whose labels are long, ends inside the window.
    corrects = page.get_by_label("Corrects")
    right = corrects.evaluate("select => select.getBoundingClientRect().right")
    assert right <= page.evaluate("document.documentElement.clientWidth"), right
