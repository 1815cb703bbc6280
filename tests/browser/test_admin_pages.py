"""An officer's item page in Chromium: its history reads as a table, once."""

from django.urls import reverse

from oversight.models import Priority
from tests.browser.test_evidence_picker import signed_in_session


def test_an_items_history_rows_are_not_each_headed_with_the_updates_name(
    page, live_seeded, artifact
):
    session = signed_in_session()
    page.context.add_cookies([{"name": "sessionid", "value": session, "url": live_seeded}])
    page.set_viewport_size({"width": 1280, "height": 900})
    priority = Priority.objects.get(slug="single-improvement-plan")
    page.goto(live_seeded + reverse("admin:oversight_priority_change", args=[priority.pk]))
    rows = page.locator("#updates-group tbody tr.has_original")
    assert rows.count() >= 1
    # Django heads each row with "<item>: <status> as of <day>", which the row's own
    # columns say; it is not drawn.
    heading = rows.first.locator("td.original p")
    assert heading.count() == 1 and not heading.is_visible()
    # The evidence is each cited statement or document, linked to its public page.
    assert rows.first.locator("td.field-evidence a").count() >= 1
    page.locator("#updates-group").screenshot(path=artifact("item-history.png"))
