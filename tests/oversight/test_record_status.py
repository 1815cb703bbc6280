"""Officers record evidenced status updates from a priority's or recommendation's page."""

import datetime
import re

import pytest
from django.contrib.messages import get_messages
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from oversight.dates import PartialDate
from oversight.models import Priority, Recommendation, StatusUpdate

MAY = "2014-05-23"
# As the admin's calendar writes a day.
HOW = "is not a date: write it as day/month/year, for example 23/05/2014."


def record_url(item):
    return reverse(f"admin:oversight_{item._meta.model_name}_record_status", args=[item.pk])


def change_url(item):
    return reverse(f"admin:oversight_{item._meta.model_name}_change", args=[item.pk])


def form_data(item, **overrides):
    return {
        "status": "in_progress",
        "rag": "amber",
        "as_of": MAY,
        "note": "The plan was published.",
        "version": item.version,
        **overrides,
    }


def shown(response):
    return [str(m) for m in get_messages(response.wsgi_request)]


def for_selected(items, record=None):
    """Return what the list's action for `items` posts: to open its form, or, with `record`
    (the form's values), to record the update for them all."""
    data = {
        "action": "record_status_for_selected",
        "_selected_action": [item.pk for item in items],
        **{f"version_{item.pk}": item.version for item in items},
        "index": 0,
    }
    return data if record is None else data | {"record": "1", **record}


@pytest.fixture
def priority(make_priority):
    return make_priority()


def test_officer_records_an_evidenced_update_and_the_status_moves(
    client, signed_in, priority, make_statement, make_document
):
    officer = signed_in("officer")
    statement, document = make_statement(), make_document()
    page = client.get(change_url(priority)).content.decode()
    assert "Record a status update" in page

    response = client.post(
        record_url(priority),
        form_data(priority, statements=[statement.pk], documents=[document.pk]),
        follow=True,
    )
    assert any("Recorded: " in m and "In progress" in m for m in shown(response))
    update = priority.updates.get()
    assert update.recorded_by == officer
    assert update.recorded_at.utcoffset() == datetime.timedelta(0)
    assert list(update.evidence_statements.all()) == [statement]
    assert list(update.evidence_documents.all()) == [document]
    priority.refresh_from_db()
    assert (priority.status, priority.rag, priority.version) == ("in_progress", "amber", 1)


def test_recommendations_take_updates_through_the_same_form(
    client, signed_in, make_recommendation, make_document
):
    signed_in("officer")
    recommendation = make_recommendation()
    client.post(
        record_url(recommendation), form_data(recommendation, documents=[make_document().pk])
    )
    recommendation.refresh_from_db()
    assert recommendation.status_label == "In progress"


def test_an_update_without_evidence_or_a_reason_is_refused(client, signed_in, priority):
    signed_in("officer")
    response = client.post(record_url(priority), form_data(priority))
    assert response.status_code == 200
    assert "Cite at least one statement or document" in response.content.decode()
    assert not priority.updates.exists()


def test_evidence_dated_after_the_day_assessed_is_refused(
    client, signed_in, priority, make_statement, make_document
):
    signed_in("officer")
    later = make_document(title="June report", published_on=datetime.date(2014, 6, 2))
    statement = make_statement(document=later)
    response = client.post(
        record_url(priority),
        form_data(priority, as_of="2014-05-31", statements=[statement.pk], documents=[later.pk]),
    )
    assert response.status_code == 200
    page = response.content.decode()
    assert "The evidence must be dated on or before the day assessed, 31 May 2014" in page
    assert f"“{statement.reference}” is dated 2 June 2014; “June report” is dated 2 June" in page
    assert not priority.updates.exists()

    client.post(
        record_url(priority),
        form_data(priority, as_of="2014-06-02", statements=[statement.pk], documents=[later.pk]),
    )
    assert priority.updates.get().as_of == datetime.date(2014, 6, 2)


def test_no_published_evidence_needs_a_reason(client, signed_in, priority):
    signed_in("officer")
    response = client.post(record_url(priority), form_data(priority, no_published_evidence="on"))
    assert "Say why there is no published evidence." in response.content.decode()
    assert not priority.updates.exists()

    client.post(
        record_url(priority),
        form_data(
            priority, no_published_evidence="on", no_evidence_reason="Board papers are private."
        ),
    )
    assert priority.updates.get().no_evidence_reason == "Board papers are private."


def test_a_note_is_required_and_a_bad_date_is_a_form_error(
    client, signed_in, priority, make_document
):
    signed_in("officer")
    document = make_document()
    response = client.post(
        record_url(priority),
        form_data(priority, note="", as_of="31/02/2014", documents=[document.pk]),
    )
    page = response.content.decode()
    assert response.status_code == 200
    assert "Write the note: say what the evidence shows." in page and f"“31/02/2014” {HOW}" in page
    assert not StatusUpdate.objects.exists()


def test_a_day_with_a_two_digit_year_is_refused_not_guessed(
    client, signed_in, priority, make_document
):
    # 02/07/14 read as 2014, but 02/07/24 as 2024: an update dated so stands for good.
    signed_in("officer")
    response = client.post(
        record_url(priority),
        form_data(priority, as_of="02/07/14", documents=[make_document().pk]),
    )
    assert (
        "“02/07/14” gives the year in two digits: write it in full, as day/month/year, "
        "for example 23/05/2014."
    ) in response.content.decode()
    assert not StatusUpdate.objects.exists()
    # And in a query string, as a 400 that says so.
    assert client.get("/", {"as_of": "1/5/14"}).status_code == 400


def test_a_correction_is_a_new_update_naming_the_one_it_corrects(
    client, signed_in, priority, make_document
):
    signed_in("officer")
    document = make_document()
    client.post(record_url(priority), form_data(priority, documents=[document.pk]))
    wrong = priority.updates.get()
    priority.refresh_from_db()
    client.post(
        record_url(priority),
        form_data(
            priority,
            status="not_started",
            note="Correction: the plan was a draft.",
            corrects=wrong.pk,
            documents=[document.pk],
        ),
    )
    correction = priority.updates.latest_first().first()
    assert correction.corrects == wrong
    assert StatusUpdate.objects.get(pk=wrong.pk).note == "The plan was published."


def test_evidence_autocomplete_finds_statements_for_an_officer(client, signed_in, make_statement):
    signed_in("officer")
    statement = make_statement(reference="hay-budget-pledge")
    response = client.get(
        reverse("admin:autocomplete"),
        {
            "term": "budget-pledge",
            "app_label": "oversight",
            "model_name": "statusupdate",
            "field_name": "evidence_statements",
        },
    )
    assert [r["id"] for r in response.json()["results"]] == [str(statement.pk)]


def test_the_record_form_is_protected_by_csrf(make_user, priority, make_document):
    client = Client(enforce_csrf_checks=True)
    client.force_login(make_user("officer"))
    data = form_data(priority, documents=[make_document().pk])
    response = client.post(record_url(priority), data)
    assert response.status_code == 403
    assert "without the security token this site gives its own forms" in response.content.decode()
    assert not priority.updates.exists()

    client.get(record_url(priority))
    data["csrfmiddlewaretoken"] = client.cookies["csrftoken"].value
    client.post(record_url(priority), data)
    assert priority.updates.count() == 1


def test_the_priority_change_form_is_protected_by_csrf(make_user, priority):
    client = Client(enforce_csrf_checks=True)
    client.force_login(make_user("officer"))
    response = client.post(change_url(priority), {"title": "Hijacked", "version": 0})
    assert response.status_code == 403
    assert Priority.objects.get(pk=priority.pk).title == priority.title


def test_a_form_without_its_version_is_refused_with_a_message(client, signed_in, priority):
    signed_in("officer")
    data = form_data(priority, no_published_evidence="on", no_evidence_reason="None yet.")
    del data["version"]
    response = client.post(record_url(priority), data)
    assert "did not say which version of the record it was opened at" in response.content.decode()
    assert not priority.updates.exists()


def test_the_csv_import_is_protected_by_csrf(make_user, seeded):
    from django.core.files.uploadedfile import SimpleUploadedFile

    client = Client(enforce_csrf_checks=True)
    client.force_login(make_user("officer"))
    before = StatusUpdate.objects.count()
    url = reverse("admin:oversight_statusupdate_import")
    text = (
        "item,status,rag,as_of,note,evidence\nR1,achieved,green,2014-06-02,Done.,bore-jury-is-out\n"
    )
    response = client.post(url, {"apply": "1", "checked": "anything"})
    assert response.status_code == 403
    response = client.post(url, {"file": SimpleUploadedFile("u.csv", text.encode())})
    assert response.status_code == 403
    assert StatusUpdate.objects.count() == before


def test_a_note_over_the_limit_is_refused_saying_so(client, signed_in, priority, make_document):
    signed_in("officer")
    response = client.post(
        record_url(priority), form_data(priority, note="x" * 5001, documents=[make_document().pk])
    )
    page = response.content.decode()
    assert "The note is 5001 characters: keep it to 5,000, citing the evidence" in page
    # All of it is still in the box: no maxlength for the browser to cut a paste to.
    assert ">\n" + "x" * 5001 + "</textarea>" in page
    assert "maxlength" not in page
    assert not StatusUpdate.objects.exists()


def test_a_note_of_5000_characters_as_the_box_counts_them_is_kept(
    client, signed_in, priority, make_document
):
    """The box counts a line break as one character; the browser sends CR LF."""
    signed_in("officer")
    typed = "\n".join(["x" * 99] * 50)  # 4,999 characters in the box
    sent = typed.replace("\n", "\r\n")
    assert len(sent) > 5000
    client.post(
        record_url(priority), form_data(priority, note=sent, documents=[make_document().pk])
    )
    assert StatusUpdate.objects.get().note == typed


def test_a_reason_over_the_limit_is_refused_in_its_own_words(client, signed_in, priority):
    signed_in("officer")
    data = form_data(priority, no_published_evidence="on", no_evidence_reason="x" * 5001)
    page = client.post(record_url(priority), data).content.decode()
    assert "The reason there is no published evidence is 5001 characters: keep it to 5,000." in page
    assert not StatusUpdate.objects.exists()


def test_a_note_over_the_limit_is_refused_by_the_model_too(priority, make_document):
    from django.core.exceptions import ValidationError

    from oversight.services import status_update_record

    with pytest.raises(ValidationError, match=r"The note is 5,001 characters: keep it to 5,000"):
        status_update_record(
            item=priority,
            status="in_progress",
            rag="amber",
            as_of=datetime.date(2014, 5, 23),
            note="x" * 5001,
            documents=[make_document()],
        )
    assert not StatusUpdate.objects.exists()


@pytest.mark.parametrize("field", ["statements", "documents", "corrects"])
@pytest.mark.parametrize("value", ["abc", "99999999999999999999"])
def test_evidence_that_is_no_row_s_key_is_a_form_error_not_a_500(
    client, signed_in, priority, field, value
):
    signed_in("officer")
    response = client.post(record_url(priority), form_data(priority, **{field: [value]}))
    assert response.status_code == 200
    assert f'<ul class="errorlist" id="id_{field}_error">' in response.content.decode()
    assert not priority.updates.exists()


def test_each_update_to_correct_is_told_apart_latest_first(
    client, signed_in, priority, make_status_update, make_user
):
    signed_in("officer")
    first = make_status_update(priority, note="The plan was agreed at cabinet.")
    second = make_status_update(
        priority, rag="green", note="A second look at the same plan.", user=make_user("officer")
    )
    page = client.get(record_url(priority)).content.decode()
    options = re.findall(r'<option value="(\d+)">([^<]*)</option>', page)
    recorded = {
        update.pk: f"{timezone.localtime(update.recorded_at):%H:%M}" for update in (first, second)
    }
    assert [int(pk) for pk, _ in options] == [second.pk, first.pk]
    assert options[1][1] == (
        "23 May 2014: In progress (Amber), recorded by Seed record on "
        f"{PartialDate(timezone.localdate())} at {recorded[first.pk]}: "
        "The plan was agreed at cabinet."
    )
    assert "(Green), recorded by " in options[0][1]


def test_an_option_the_review_ruled_out_offers_no_status_to_record(client, signed_in, seeded):
    signed_in("officer")
    option = Recommendation.objects.get(reference="O1")
    page = client.get(change_url(option)).content.decode()
    assert "Record a status update" not in page
    assert client.get(record_url(option)).status_code == 403
    tracked = Recommendation.objects.get(reference="R1")
    assert "Record a status update</a>" in client.get(change_url(tracked)).content.decode()


def test_a_bulk_update_over_an_option_ruled_out_names_it_and_records_nothing(
    client, signed_in, seeded
):
    signed_in("officer")
    option, tracked = (Recommendation.objects.get(reference=r) for r in ("O1", "R1"))
    before = StatusUpdate.objects.count()
    response = client.post(
        reverse("admin:oversight_recommendation_changelist"),
        for_selected([option, tracked], form_data(tracked, no_evidence_reason="Reported orally.")),
        follow=True,
    )
    [message] = shown(response)
    assert message.startswith(f"Nothing was recorded: the review did not recommend {option}, so")
    assert StatusUpdate.objects.count() == before


def test_the_same_update_sent_again_from_the_browsers_history_is_refused(
    client, signed_in, priority
):
    """Back, then Save: the browser refills the form at the version now, and a second,
    identical update would sit in the append-only history for good."""
    signed_in("officer")
    sent = form_data(priority, no_published_evidence="on", no_evidence_reason="Not public.")
    assert client.post(record_url(priority), sent).status_code == 302
    priority.refresh_from_db()
    again = client.post(record_url(priority), sent | {"version": priority.version})
    assert again.status_code == 200
    assert (
        "This update is already recorded: same item, day, status, RAG and note."
        in again.content.decode()
    )
    assert priority.updates.count() == 1
    # Another day, or another note, is another assessment.
    other_day = sent | {"version": priority.version, "as_of": "2014-05-24"}
    assert client.post(record_url(priority), other_day).status_code == 302
    assert priority.updates.count() == 2


def test_a_back_dated_update_says_the_later_one_still_stands(client, signed_in, priority):
    signed_in("officer")
    why = {"no_published_evidence": "on", "no_evidence_reason": "Not public."}
    client.post(record_url(priority), form_data(priority, **why), follow=True)  # 23 May 2014
    priority.refresh_from_db()
    earlier = form_data(priority, **why, status="achieved", rag="green", as_of="2014-04-01")
    response = client.post(record_url(priority), earlier, follow=True)
    assert shown(response) == [
        f"Recorded: {priority}: Achieved as of 1 April 2014. An update dated later stands, "
        "so the current status is still “In progress” as of 23 May 2014."
    ]
    priority.refresh_from_db()
    assert priority.status == "in_progress"
    # A later one moves the status, and says no more.
    later = form_data(priority, **why, status="achieved", rag="green", as_of="2014-05-30")
    response = client.post(record_url(priority), later, follow=True)
    assert shown(response) == [f"Recorded: {priority}: Achieved as of 30 May 2014."]


def test_an_update_for_several_items_names_those_a_later_update_keeps(
    client, signed_in, make_priority
):
    signed_in("officer")
    why = {"no_published_evidence": "on", "no_evidence_reason": "Not public."}
    dated, fresh = make_priority(title="Dated"), make_priority(title="Fresh")
    client.post(record_url(dated), form_data(dated, **why), follow=True)  # 23 May 2014
    dated.refresh_from_db()
    response = client.post(
        reverse("admin:oversight_priority_changelist"),
        for_selected(
            [dated, fresh],
            form_data(dated, **why, status="achieved", rag="green", as_of="2014-04-01"),
        ),
        follow=True,
    )
    assert shown(response) == [
        "Recorded “Achieved” as of 1 April 2014 for: Dated; Fresh. An update dated later "
        "stands, so the current status is still “In progress” as of 23 May 2014 for Dated."
    ]


def test_a_form_sent_with_faults_says_so_in_its_title_and_what_to_do(client, signed_in, priority):
    signed_in("officer")
    why = {"no_published_evidence": "on", "no_evidence_reason": "Not public."}
    response = client.post(record_url(priority), form_data(priority, **why, note=""))
    page = response.content.decode()
    assert f"<title>Error: {priority} | Record a status update" in page
    assert "Nothing was recorded: correct what is marked below." in page
    assert response.context["form"].errors["note"] == [
        "Write the note: say what the evidence shows."
    ]


def test_a_nul_in_the_note_is_refused_as_any_control_character_is(client, signed_in, priority):
    signed_in("officer")
    why = {"no_published_evidence": "on", "no_evidence_reason": "Not public."}
    response = client.post(record_url(priority), form_data(priority, **why, note="Plan\x00 set."))
    assert response.context["form"].errors["note"] == [
        "This text has an invisible control character (U+0000) at character 5, which a page "
        "or feed cannot show: delete it and type it again."
    ]
    assert not priority.updates.exists()


def test_a_refusal_with_nothing_to_correct_in_the_fields_does_not_ask_for_corrections(
    client, signed_in, priority
):
    signed_in("officer")
    why = {"no_published_evidence": "on", "no_evidence_reason": "Not public."}
    client.post(record_url(priority), form_data(priority, **why))
    priority.refresh_from_db()
    again = client.post(record_url(priority), form_data(priority, **why))
    page = again.content.decode()
    assert '<p class="errornote">Nothing was recorded.</p>' in page
    assert "correct what is marked below" not in page


def test_the_record_forms_have_a_way_back_and_say_how_many_they_record_for(
    client, signed_in, make_priority
):
    signed_in("officer")
    one, two = make_priority(), make_priority()
    page = client.get(record_url(one)).content.decode()
    assert f'<a href="{change_url(one)}" class="closelink">Cancel</a>' in page
    changelist = reverse("admin:oversight_priority_changelist")
    for items, button in [([one], "Record for this priority"), ([one, two], "Record for all 2")]:
        page = client.post(changelist, for_selected(items)).content.decode()
        assert f'value="{button}"' in page
        assert f'<a href="{changelist}" class="closelink">Cancel</a>' in page
