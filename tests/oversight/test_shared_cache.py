"""CACHE_URL: one Redis that every process shares, keyed by the release and the site's own
database, and passed by when it fails: pages slower, never wrong.

The Redis ones run against TEST_REDIS_URL (redis://127.0.0.1:6379/15 unless set), and touch
only the keys of the test database's own prefix. Without a Redis there they are skipped,
saying so; with CI set they fail instead.
"""

import logging
import os

import pytest
import redis
from django.core.cache.backends.redis import RedisCache
from django.core.exceptions import ImproperlyConfigured
from django.db import connection
from django.test.utils import CaptureQueriesContext

from oversight import record_cache
from oversight.settings import cache_from_url, code_fingerprint
from tests.servers import SilentServer, closed_port, later
from tests.test_settings import run_manage, setting_shown

TEST_REDIS_URL = os.environ.get("TEST_REDIS_URL", "redis://127.0.0.1:6379/15")
DATABASE = {"HOST": "db.internal", "PORT": "5432", "NAME": "oversight"}


def test_a_cache_url_selects_redis_with_keys_of_the_release_and_the_sites_own_database():
    entry = cache_from_url("redis://cache.internal:6379/2", DATABASE, "0123456789ab")
    assert entry["BACKEND"] == "django.core.cache.backends.redis.RedisCache"
    assert entry["LOCATION"] == "redis://cache.internal:6379/2"
    assert entry["KEY_PREFIX"] == "oversight:0123456789ab:db.internal:5432:oversight"


def test_a_release_is_told_apart_by_its_code_templates_and_static_files(tmp_path):
    for folder, name in [("documents", "views.py"), ("templates", "base.html")]:
        (tmp_path / folder).mkdir()
        (tmp_path / folder / name).write_text("first release")
    (tmp_path / "static").mkdir()
    (tmp_path / "static" / "site.css").write_text("body {}")
    first = code_fingerprint(tmp_path)
    assert code_fingerprint(tmp_path) == first
    (tmp_path / "static" / "site.css").write_text("body { margin: 0 }")
    second = code_fingerprint(tmp_path)
    assert second != first
    (tmp_path / "templates" / "base.html").write_text("second release")
    assert code_fingerprint(tmp_path) not in {first, second}


@pytest.mark.parametrize(
    "url", ["memcached://127.0.0.1:11211", "redis://", "http://cache.internal", "6379"]
)
def test_a_cache_url_that_is_not_a_redis_address_is_refused(url):
    with pytest.raises(ImproperlyConfigured, match="CACHE_URL must be a Redis address"):
        cache_from_url(url, DATABASE, "0123456789ab")


def test_the_site_refuses_to_start_with_a_cache_url_it_cannot_use():
    result = run_manage("check", CACHE_URL="memcached://127.0.0.1:11211")
    assert result.returncode != 0
    assert "CACHE_URL must be a Redis address" in result.stderr


def test_the_site_starts_with_a_redis_cache_url_and_uses_it():
    backend = setting_shown(
        "settings.CACHES['default']['BACKEND']", CACHE_URL="redis://127.0.0.1:6379/15"
    )
    assert backend == "django.core.cache.backends.redis.RedisCache"


@pytest.fixture
def shared_cache(settings):
    """Point the site's cache at the test Redis, as CACHE_URL does; yield a plain Redis
    client on it, as another process would hold, and the test database's key prefix."""
    client = redis.Redis.from_url(TEST_REDIS_URL, socket_connect_timeout=1)
    try:
        client.ping()
    except redis.RedisError as error:
        reason = f"no Redis at {TEST_REDIS_URL} ({error}): apt-get install redis-server"
        if os.environ.get("CI"):
            pytest.fail(f"The shared cache cannot be checked in CI: {reason}")
        pytest.skip(reason)
    entry = cache_from_url(TEST_REDIS_URL, connection.settings_dict, "test")
    settings.CACHES = {"default": entry}
    prefix = settings.CACHES["default"]["KEY_PREFIX"]

    forget(client, prefix)
    yield client, prefix
    forget(client, prefix)


def forget(client, prefix):
    """Delete from Redis every key that starts with `prefix`."""
    for key in client.scan_iter(match=f"{prefix}:*"):
        client.delete(key)


def queries_for(client, url):
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200
    return response, len(queries)


def test_what_one_process_works_out_the_others_read_from_redis(
    seeded, client, settings, shared_cache
):
    redis_client, prefix = shared_cache
    first, computed = queries_for(client, "/")
    assert list(redis_client.scan_iter(match=f"{prefix}:*")), "nothing was kept in Redis"

    # A new cache client, as another process holds: the same settings, read afresh.
    settings.CACHES = {"default": dict(settings.CACHES["default"])}
    again, read = queries_for(client, "/")
    assert read < computed
    assert again.content == first.content

    # What it read was Redis's: emptied there, the dashboard is worked out again.
    forget(redis_client, prefix)
    assert queries_for(client, "/")[1] == computed


@pytest.mark.usefixtures("shared_cache")
def test_two_sites_or_two_releases_sharing_a_redis_never_read_each_others_values():
    production = RedisCache(TEST_REDIS_URL, cache_from_url(TEST_REDIS_URL, DATABASE, "test"))
    others = {
        "staging": DATABASE | {"NAME": "oversight_staging"},
        "another server's": DATABASE | {"HOST": "db2.internal"},
        "the next release's": DATABASE,
    }
    try:
        production.set("dashboard:7", "production's dashboard at version 7")
        for name, database in others.items():
            release = "next" if name == "the next release's" else "test"
            other = RedisCache(TEST_REDIS_URL, cache_from_url(TEST_REDIS_URL, database, release))
            assert other.get("dashboard:7") is None, name
            other.set("dashboard:7", f"{name} dashboard")
            other.delete("dashboard:7")
        assert production.get("dashboard:7") == "production's dashboard at version 7"
    finally:
        production.delete("dashboard:7")


@pytest.mark.parametrize(
    "url",
    ["/", "/priorities/", "/priorities/?status=achieved", "/statements/?q=jury", "/people/"],
)
def test_a_redis_that_does_not_answer_is_passed_by(seeded, client, settings, caplog, url):
    expected = client.get(url).content
    address = f"redis://127.0.0.1:{closed_port()}/0"
    down = cache_from_url(address, connection.settings_dict, "test")
    settings.CACHES = {"default": down}
    with caplog.at_level(logging.WARNING, logger="oversight.record_cache"):
        response = client.get(url)
    assert response.status_code == 200
    assert response.content == expected
    assert "The cache could not be read" in caplog.text


@pytest.fixture
def silent_redis(settings):
    """Point the site's cache at a Redis that takes connections and never answers."""
    with SilentServer() as server:
        address = f"redis://127.0.0.1:{server.port}/0"
        settings.CACHES = {"default": cache_from_url(address, connection.settings_dict, "test")}
        yield server


def test_a_redis_that_never_answers_is_waited_for_once_then_passed_by_for_a_while(
    seeded, client, caplog, request
):
    """Each read of a hung Redis, or one whose host drops packets, waits out its timeout,
    and a page reads several times. The first wait passes the cache by for a while."""
    expected = {url: client.get(url).content for url in ("/statements/?q=jury", "/")}
    server = request.getfixturevalue("silent_redis")
    with caplog.at_level(logging.WARNING, logger="oversight.record_cache"):
        for url, page in expected.items():
            response = client.get(url)
            assert response.status_code == 200
            assert response.content == page
    assert server.connections == 1
    assert caplog.text.count("it is passed by for 30 seconds") == 1

    later(record_cache.back_off)
    assert client.get("/").content == expected["/"]
    assert server.connections == 2


def test_the_health_check_waits_for_a_redis_that_never_answers_once_in_a_while(
    db, client, silent_redis
):
    """A load balancer gives up on a check that takes too long: after one wait for the
    cache's timeout, the check says at once that it does not answer."""
    for _ in range(3):
        response = client.get("/health/")
        assert response.status_code == 200  # the site serves without it
        assert response.json()["cache"] == "not answering"
    assert silent_redis.connections == 1

    later(record_cache.back_off)
    assert client.get("/health/").json()["cache"] == "not answering"
    assert silent_redis.connections == 2


def test_the_health_check_says_whether_the_shared_cache_answers(db, client, settings, shared_cache):
    assert client.get("/health/").json()["cache"] == "answering"
    address = f"redis://127.0.0.1:{closed_port()}/0"
    settings.CACHES = {"default": cache_from_url(address, connection.settings_dict, "test")}
    response = client.get("/health/")
    assert response.status_code == 200  # the site serves without it
    assert response.json()["cache"] == "not answering"
