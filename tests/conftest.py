import io
from pathlib import Path

import pytest
from django.apps import apps
from django.core.cache import cache
from django.core.management import call_command
from django.db import transaction

from oversight import record_cache, replica
from oversight.backoff import BackOff
from tests import factories

PROJECT_APPS = ("people", "documents", "oversight")
# Bookkeeping kept beside the record: the counter of writes that keys the dashboard cache.
NOT_THE_RECORD = {"oversight.RecordVersion"}


@pytest.fixture(autouse=True)
def services_asked_afresh(monkeypatch):
    """Give each test its own back-offs (oversight/backoff.py): a cache or a replica that
    one test left failing is asked again by the next."""
    monkeypatch.setattr(record_cache, "back_off", BackOff())
    monkeypatch.setattr(replica, "back_off", BackOff())


@pytest.fixture
def seeded(db):
    """Load the shipped record, as `make run` does."""
    call_command("load_seeds", stdout=io.StringIO())


@pytest.fixture(scope="module")
def seeded_module(django_db_setup, django_db_blocker):
    """Load the shipped record once for a module whose tests only read it; drop it after.

    The load is one transaction rolled back at the module's end; each test (with `db`)
    runs in a savepoint inside it, as in Django's TestCase.setUpTestData.
    """
    with django_db_blocker.unblock(), transaction.atomic():
        call_command("load_seeds", stdout=io.StringIO())
        yield
        transaction.set_rollback(True)


@pytest.fixture
def record_rows():
    """Return a function that snapshots every row of the record, through tables included."""

    def snapshot():
        rows = {}
        for label in PROJECT_APPS:
            for model in apps.get_app_config(label).get_models(include_auto_created=True):
                if model._meta.label in NOT_THE_RECORD:
                    continue
                rows[model._meta.label] = list(model.objects.order_by("pk").values())
        return rows

    return snapshot


@pytest.fixture
def seeds_copy(tmp_path, settings):
    """Return a writable copy of the seed texts and the record, for tampering with."""
    seeds = tmp_path / "seeds"
    seeds.mkdir()
    for path in Path(settings.SEEDS_DIR).iterdir():
        (seeds / path.name).write_bytes(path.read_bytes())
    record = tmp_path / "record.json"
    record.write_bytes(Path(settings.RECORD_FIXTURE).read_bytes())
    return seeds, record


@pytest.fixture
def make_organisation(db):
    return factories.make_organisation


@pytest.fixture
def make_person(db):
    return factories.make_person


@pytest.fixture
def make_role(db):
    return factories.make_role


@pytest.fixture
def make_document(db):
    return factories.make_document


@pytest.fixture
def make_statement(db):
    return factories.make_statement


@pytest.fixture
def make_review(db):
    return factories.make_review


@pytest.fixture
def make_priority(db):
    return factories.make_priority


@pytest.fixture
def make_recommendation(db):
    return factories.make_recommendation


@pytest.fixture
def make_timeline_event(db):
    return factories.make_timeline_event


@pytest.fixture
def make_status_update(db):
    return factories.make_status_update


@pytest.fixture
def grow_the_record(db):
    """Return the builder that adds 50 times the seed record's rows, for query-count tests."""
    return factories.grow_the_record


@pytest.fixture
def make_user(db):
    return factories.make_user


@pytest.fixture
def signed_in(client, make_user):
    """Return a function that signs the test client in as a new user in `role`."""

    def sign_in(role, client=client):
        user = make_user(role)
        client.force_login(user)
        return user

    return sign_in


@pytest.fixture(autouse=True)
def fast_password_hashing(settings):
    """Hash test passwords cheaply: the real hasher is deliberately slow."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(autouse=True)
def empty_cache():
    """Start each test with an empty cache: a rolled-back test leaves pages filed under
    record versions that the next test's writes will reach again."""
    cache.clear()
    yield
    cache.clear()
