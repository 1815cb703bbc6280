"""`manage.py create_user` makes a staff account in one role, asking for its password."""

import io

import pytest
from django.contrib.auth.models import User
from django.core.management import CommandError, call_command


@pytest.fixture
def typed(monkeypatch):
    """Return a function that queues the answers typed at the password prompts."""

    def type_answers(*answers):
        answers = iter(answers)
        monkeypatch.setattr("getpass.getpass", lambda prompt: next(answers))

    return type_answers


def test_creates_an_officer_who_can_record_status_updates(db, typed):
    typed("a quiet morning in Digbeth", "a quiet morning in Digbeth")
    out = io.StringIO()
    call_command(
        "create_user", group="officers", username="asha", email="a@example.org", stdout=out
    )
    assert "Created asha in Council officers" in out.getvalue()
    asha = User.objects.get(username="asha")
    assert asha.is_staff and not asha.is_superuser
    assert asha.check_password("a quiet morning in Digbeth")
    assert asha.has_perm("oversight.add_statusupdate")
    assert not asha.has_perm("documents.change_document")


def test_a_weak_password_is_asked_again_and_mismatches_are_refused(db, typed):
    typed(
        "password",
        "password",
        "one long phrase",
        "another phrase",
        "tram to Selly Oak",
        "tram to Selly Oak",
    )
    err = io.StringIO()
    call_command("create_user", group="scrutiny", username="ben", stdout=io.StringIO(), stderr=err)
    assert "This password is too common." in err.getvalue()
    assert "The two passwords differ." in err.getvalue()
    ben = User.objects.get(username="ben")
    assert ben.groups.get().name == "Scrutiny members"
    assert ben.has_perm("oversight.view_priority") and not ben.has_perm("oversight.change_priority")


def test_three_bad_passwords_create_no_user(db, typed):
    typed(*["123"] * 6)
    with pytest.raises(CommandError, match="no user was created"):
        call_command("create_user", group="editors", username="cat", stderr=io.StringIO())
    assert not User.objects.filter(username="cat").exists()


def test_an_existing_user_name_is_refused(db, typed, make_user):
    make_user("officer", username="dee")
    with pytest.raises(CommandError, match="already exists"):
        call_command("create_user", group="editors", username="dee")


def test_an_unknown_group_is_refused(db):
    with pytest.raises(CommandError, match="invalid choice: 'admins'"):
        call_command("create_user", group="admins", username="eve")
