"""Settings for the oversight tracker, read from the environment.

Development works with no variables set. `DJANGO_DEBUG=0` is production: it refuses to
start without `DJANGO_SECRET_KEY` and `DJANGO_ALLOWED_HOSTS`. `DATABASE_URL` chooses
PostgreSQL; unset, the record lives in `db.sqlite3` in the project folder. `CACHE_URL`
chooses a cache shared by every process (Redis); unset, each process keeps its own.
"""

import datetime
import hashlib
import os
from pathlib import Path
from urllib.parse import parse_qsl, unquote, urlsplit

from csp.constants import NONE, SELF
from django.core.exceptions import ImproperlyConfigured

BASE_DIR = Path(__file__).resolve().parent.parent

TRUE_VALUES = {"1", "true", "yes", "on"}
FALSE_VALUES = {"0", "false", "no", "off"}


def env_bool(name, default):
    """Return the boolean in environment variable `name`, or `default` when unset."""
    value = os.environ.get(name, "").strip().lower()
    if not value:
        return default
    if value in TRUE_VALUES:
        return True
    if value in FALSE_VALUES:
        return False
    raise ImproperlyConfigured(f"{name} must be one of 1/0, true/false, yes/no, on/off.")


def env_list(name, default=()):
    """Return the comma-separated list in environment variable `name`."""
    value = os.environ.get(name, "")
    items = [item.strip() for item in value.split(",") if item.strip()]
    return items or list(default)


def env_int(name, default, *, minimum=0):
    """Return the whole number in environment variable `name`, or `default` when unset."""
    value = os.environ.get(name, "").strip()
    if not value:
        return default
    try:
        number = int(value)
    except ValueError:
        raise ImproperlyConfigured(f"{name} must be a whole number, not {value!r}.") from None
    if number < minimum:
        raise ImproperlyConfigured(f"{name} must be at least {minimum}.")
    return number


def env_required(name):
    """Return environment variable `name`, refusing to start without it."""
    value = os.environ.get(name, "").strip()
    if not value:
        raise ImproperlyConfigured(f"{name} must be set when DJANGO_DEBUG=0 (production).")
    return value


# Each connection's PostgreSQL settings, unless the URL gives its own ?options=. The site
# answers many short queries at once: a parallel worker for one takes a core from another
# request and costs 3 to 4 ms to start, and JIT compiling a query whose cost is guessed
# high took 15 to 150 ms of a search that runs in 20. bench/load.py, rare-word search at a
# national scale: 61 req/s with both, 91 without parallel workers (docs/benchmarks.md).
POSTGRESQL_SESSION = "-c max_parallel_workers_per_gather=0 -c jit=off"


# Every request is a transaction (ATOMIC_REQUESTS). SQLite's default, DEFERRED, starts
# each as a reader, and two that then write at once fail at once, "database is locked":
# two officers saving together got a 500. IMMEDIATE takes the write lock at the start, so
# a second writer waits (up to `timeout` seconds) for the first. WAL lets pages be read
# meanwhile.
SQLITE_OPTIONS = {
    "transaction_mode": "IMMEDIATE",
    "timeout": 20,
    "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
}


def sqlite_database(name):
    """Return a DATABASES entry for the SQLite file `name`."""
    return {"ENGINE": "django.db.backends.sqlite3", "NAME": name, "OPTIONS": dict(SQLITE_OPTIONS)}


def database_from_url(url, setting="DATABASE_URL", connect_timeout=5):
    """Return a DATABASES entry for a postgres:// URL, or a sqlite:///path one (the file at
    `path`, relative to the working directory; sqlite:////abs/path for an absolute one).

    A PostgreSQL server that does not answer is given `connect_timeout` seconds unless the
    URL says otherwise: without one, a connection to a server that has hung, or behind a
    pooler that has, waits for ever, and a host that drops packets keeps it two minutes.
    Each request would wait so, and then its visitor be shown an error anyway.
    """
    parts = urlsplit(url)
    if parts.scheme == "sqlite" and url.startswith("sqlite:///") and url[10:]:
        return sqlite_database(url[10:])
    if parts.scheme not in {"postgres", "postgresql"}:
        raise ImproperlyConfigured(
            f"{setting} must start with postgres://, postgresql:// or sqlite:///."
        )
    if not parts.path.strip("/"):
        raise ImproperlyConfigured(f"{setting} must name a database: postgres://host/NAME.")
    return {
        "ENGINE": "django.db.backends.postgresql",
        "NAME": unquote(parts.path.lstrip("/")),
        "USER": unquote(parts.username or ""),
        "PASSWORD": unquote(parts.password or ""),
        "HOST": parts.hostname or "",
        "PORT": str(parts.port or ""),
        "OPTIONS": {"options": POSTGRESQL_SESSION, "connect_timeout": connect_timeout}
        | dict(parse_qsl(parts.query)),
        # Persistent connections: opening one per request triples the cost of a page.
        "CONN_MAX_AGE": int(os.environ.get("DJANGO_CONN_MAX_AGE", "600")),
        "CONN_HEALTH_CHECKS": True,
    }


def replica_from_url(url, primary):
    """Return a DATABASES entry for a PostgreSQL replica of the `primary` entry's database.

    oversight/replica.py reads the public's requests from it while it is current. One that
    does not answer is passed by within two seconds, unless the URL sets its own
    connect_timeout, and then for a while (oversight/backoff.py). A replica balancing
    several servers behind one address (a pooler, a reader endpoint) is one too: a request
    reads through one connection.
    """
    if (
        not url.startswith(("postgres://", "postgresql://"))
        or "postgresql" not in primary["ENGINE"]
    ):
        raise ImproperlyConfigured(
            "DATABASE_REPLICA_URL must be the postgres:// address of a replica of "
            "DATABASE_URL's PostgreSQL database."
        )
    replica = database_from_url(url, "DATABASE_REPLICA_URL", connect_timeout=2)
    # Under test, the replica holds the test database that replication brings it.
    replica["TEST"] = {"MIRROR": "default"}
    return replica


def cache_from_url(url, database, release):
    """Return a CACHES entry for a redis:// or rediss:// URL (Django's own Redis backend).

    Keys start with the `release` (code_fingerprint) and the `database` entry's server and
    name. Two sites sharing one Redis (staging beside production, say) never read each
    other's values, as two records can be at the same version (oversight/record_cache.py).
    Nor do two releases during a rolling deploy: the dashboard is kept as HTML, which names
    its release's stylesheet. Timeouts are short: a cache that does not answer is passed
    by, not waited for.
    """
    parts = urlsplit(url)
    if parts.scheme not in {"redis", "rediss"} or not parts.hostname:
        raise ImproperlyConfigured(
            "CACHE_URL must be a Redis address: redis://host:6379/0 (rediss:// for TLS)."
        )
    where = f"{database.get('HOST', '')}:{database.get('PORT', '')}:{database['NAME']}"
    return {
        "BACKEND": "django.core.cache.backends.redis.RedisCache",
        "LOCATION": url,
        "KEY_PREFIX": f"oversight:{release}:{where}",
        "OPTIONS": {"socket_connect_timeout": 1, "socket_timeout": 1},
    }


def code_fingerprint(root):
    """Return a short digest of the code, templates and static files under `root`."""
    digest = hashlib.sha256()
    for folder in ("oversight", "documents", "people", "templates", "static"):
        for path in sorted((root / folder).rglob("*")):
            if path.is_file() and "__pycache__" not in path.parts:
                digest.update(path.relative_to(root).as_posix().encode() + b"\0")
                digest.update(path.read_bytes())
    return digest.hexdigest()[:12]


DEBUG = env_bool("DJANGO_DEBUG", True)

if DEBUG:
    SECRET_KEY = os.environ.get("DJANGO_SECRET_KEY") or "development-only-not-secret"
    ALLOWED_HOSTS = env_list("DJANGO_ALLOWED_HOSTS", ["127.0.0.1", "localhost", "[::1]"])
else:
    SECRET_KEY = env_required("DJANGO_SECRET_KEY")
    ALLOWED_HOSTS = env_list("DJANGO_ALLOWED_HOSTS") or env_required("DJANGO_ALLOWED_HOSTS")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django_filters",
    "axes",
    "rest_framework",
    "drf_spectacular",
    "csp",
    "people",
    "documents",
    "oversight",
]

MIDDLEWARE = [
    # First: a load balancer asks by address over plain HTTP (oversight/health.py).
    "oversight.health.health_check",
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "oversight.middleware.open_data_cors",
    # An ETag on every response, and a 304 with no body when the client holds that one:
    # feed readers and API clients polling for changes.
    "oversight.middleware.ConditionalGetMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "oversight.middleware.readable_query",
    "django.middleware.csrf.CsrfViewMiddleware",
    "oversight.middleware.admin_keys_checked",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "oversight.urls"
WSGI_APPLICATION = "oversight.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
            ],
        },
    },
]

if os.environ.get("DATABASE_URL"):
    DATABASES = {"default": database_from_url(os.environ["DATABASE_URL"])}
else:
    DATABASES = {"default": sqlite_database(BASE_DIR / "db.sqlite3")}

DATABASES["default"]["ATOMIC_REQUESTS"] = True

# A read replica, for the record's reads while it holds the record as the primary does
# (oversight/replica.py); writes, sessions and sign-in use the primary.
if replica_url := os.environ.get("DATABASE_REPLICA_URL", "").strip():
    DATABASES["replica"] = replica_from_url(replica_url, DATABASES["default"])
    DATABASE_ROUTERS = ["oversight.replica.ReplicaRouter"]
    # After WhiteNoise: a static file reads no database.
    MIDDLEWARE.insert(
        MIDDLEWARE.index("whitenoise.middleware.WhiteNoiseMiddleware") + 1,
        "oversight.replica.replica_reads",
    )

# Counts, choices and the dashboard, kept until the record next changes. Each process's own
# memory unless CACHE_URL names a Redis that every process (each gunicorn worker, each
# machine behind a load balancer) shares, so that what one works out the others reuse.
if cache_url := os.environ.get("CACHE_URL", "").strip():
    release = code_fingerprint(BASE_DIR)
    CACHES = {"default": cache_from_url(cache_url, DATABASES["default"], release)}

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
FORMS_URLFIELD_ASSUME_HTTPS = True  # Django 6's default, now.

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

# Sign-in: django-axes counts failures per user name and address and refuses further tries
# for a cool-off period; every failure is kept (admin: Axes) and logged. Its backend only
# checks the lockout, so ModelBackend still signs people in.
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
AXES_FAILURE_LIMIT = 5
AXES_COOLOFF_TIME = datetime.timedelta(minutes=15)
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_ENABLE_ACCESS_FAILURE_LOG = True
# The lockout page in the admin's own frame, named as the admin is (oversight.admin).
AXES_LOCKOUT_CALLABLE = "oversight.admin.locked_out"

# A session ends after a working day without a request; each request starts the clock again.
SESSION_COOKIE_AGE = 8 * 60 * 60
SESSION_SAVE_EVERY_REQUEST = True

LANGUAGE_CODE = "en-gb"
TIME_ZONE = "Europe/London"
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
STATICFILES_DIRS = [BASE_DIR / "static"]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": (
            "django.contrib.staticfiles.storage.StaticFilesStorage"
            if DEBUG
            else "whitenoise.storage.CompressedManifestStaticFilesStorage"
        )
    },
}

# An open priority or recommendation with no update for longer than this is "stale".
OVERSIGHT_STALE_AFTER_DAYS = env_int("OVERSIGHT_STALE_AFTER_DAYS", 90, minimum=1)

# The statement search page counts and pages through this many results at most, and ranks a
# search by relevance only when it matches no more (documents/views.py says why).
OVERSIGHT_SEARCH_RESULTS_LIMIT = env_int("OVERSIGHT_SEARCH_RESULTS_LIMIT", 1000, minimum=20)

# Where the accessibility statement tells people to report a problem; unset, it says so.
OVERSIGHT_CONTACT_EMAIL = os.environ.get("OVERSIGHT_CONTACT_EMAIL", "")

# The read-only JSON API (oversight/api_urls.py): public, JSON only, paginated, filtered.
REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.AllowAny"],
    "DEFAULT_RENDERER_CLASSES": ["rest_framework.renderers.JSONRenderer"],
    "DEFAULT_PAGINATION_CLASS": "oversight.api_common.Pagination",
    "DEFAULT_FILTER_BACKENDS": ["oversight.api_common.FilterBackend"],
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "DEFAULT_CONTENT_NEGOTIATION_CLASS": "oversight.api_common.ContentNegotiation",
    "EXCEPTION_HANDLER": "oversight.api_errors.exception_handler",
    "UNAUTHENTICATED_USER": None,
}
SPECTACULAR_SETTINGS = {
    "TITLE": "Birmingham children's services oversight API",
    "DESCRIPTION": "Read-only: statements (searchable), people, documents, priorities, "
    "recommendations and their status history.",
    "VERSION": "1",
    "SERVE_INCLUDE_SCHEMA": False,
    "POSTPROCESSING_HOOKS": [
        "drf_spectacular.hooks.postprocess_schema_enums",
        "oversight.api_common.document_error_responses",
    ],
    "ENUM_NAME_OVERRIDES": {
        "DocumentKindEnum": "documents.models.Document.Kind",
        "StatementKindEnum": "documents.models.Statement.Kind",
    },
}

# Where `load_seeds` finds the shipped record.
SEEDS_DIR = BASE_DIR / "fixtures" / "seeds"
RECORD_FIXTURE = BASE_DIR / "fixtures" / "record.json"

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("DJANGO_LOG_LEVEL", "INFO")},
}

# Headers for every response, in development too, so that a page that breaks under them
# breaks on the developer's machine first. The site, the admin and the API need nothing
# from another origin, no inline script or style, and no framing.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        "style-src": [SELF],
        "img-src": [SELF],
        "object-src": [NONE],
        "base-uri": [SELF],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
    },
}
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"

# No script reads either cookie: the admin's forms carry the CSRF token themselves.
SESSION_COOKIE_HTTPONLY = True
CSRF_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_SAMESITE = "Lax"

if not DEBUG:
    # Behind a TLS-terminating proxy that sets X-Forwarded-Proto.
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SECURE_SSL_REDIRECT = env_bool("DJANGO_SECURE_SSL_REDIRECT", True)
    SECURE_HSTS_SECONDS = 31_536_000
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = True
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
