"""Admin sign-in: repeated failures lock the account out for a cool-off; sessions expire."""

import datetime
import logging

import pytest
from axes.models import AccessAttempt, AccessFailureLog
from django.conf import settings
from django.contrib.sessions.models import Session
from django.urls import reverse
from django.utils import timezone

LOGIN = reverse("admin:login")
INDEX = reverse("admin:index")


@pytest.fixture
def officer(make_user):
    return make_user("officer", username="asha")


def sign_in(client, password):
    return client.post(LOGIN, {"username": "asha", "password": password, "next": INDEX})


def test_repeated_failures_lock_out_then_the_cool_off_releases(client, officer, caplog):
    caplog.set_level(logging.WARNING, logger="axes")
    for _ in range(settings.AXES_FAILURE_LIMIT - 1):
        response = sign_in(client, "wrong guess")
        assert "Please enter the correct username and password" in response.content.decode()

    response = sign_in(client, "wrong guess")
    assert response.status_code == 429
    page = response.content.decode()
    assert "There were 5 failed attempts to sign in as <strong>asha</strong>" in page
    assert "Try again in 15 minutes." in page
    # In the admin's frame, named as the admin is, not "Django administration".
    assert "Birmingham children&#x27;s services oversight: officers" in page
    assert "Django administration" not in page
    # Locked out, even the right password is refused.
    response = sign_in(client, "a-long-passphrase")
    assert response.status_code == 429
    assert "_auth_user_id" not in client.session

    # Every failure is kept, and logged.
    assert AccessFailureLog.objects.filter(username="asha").count() >= settings.AXES_FAILURE_LIMIT
    assert any("AXES: Repeated login failure" in r.getMessage() for r in caplog.records)

    # The cool-off passes.
    AccessAttempt.objects.update(
        attempt_time=timezone.now() - settings.AXES_COOLOFF_TIME - datetime.timedelta(seconds=1)
    )
    response = sign_in(client, "a-long-passphrase")
    assert response.status_code == 302 and response["Location"] == INDEX
    assert client.get(INDEX).context["user"] == officer


def test_a_lockout_is_per_user_name_and_address(client, officer, make_user):
    make_user("officer", username="ben")
    for _ in range(settings.AXES_FAILURE_LIMIT):
        sign_in(client, "wrong guess")
    response = client.post(
        LOGIN, {"username": "ben", "password": "a-long-passphrase", "next": INDEX}
    )
    assert response.status_code == 302 and response["Location"] == INDEX


def test_a_session_lasts_a_working_day_from_the_last_request(client, officer):
    sign_in(client, "a-long-passphrase")
    response = client.get(INDEX)
    assert response.cookies["sessionid"]["max-age"] == 8 * 60 * 60

    Session.objects.update(expire_date=timezone.now() - datetime.timedelta(seconds=1))
    response = client.get(INDEX)
    assert response.status_code == 302 and response["Location"].startswith(LOGIN)


def test_client_login_works_with_the_axes_backend(client, officer):
    # Axes needs the request to check a lockout; tests pass one as Django's login does.
    from django.test import RequestFactory

    assert client.login(
        request=RequestFactory().get("/"), username="asha", password="a-long-passphrase"
    )
    assert client.get(INDEX).context["user"] == officer
