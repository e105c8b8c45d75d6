"""Settings shared by every environment; the layers beside it only override."""

from datetime import timedelta
from pathlib import Path

from celery.schedules import crontab
from csp.constants import NONE, SELF
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

from config.env import (
    env_bool,
    env_broker_url,
    env_database,
    env_int,
    env_list,
    env_rate,
    env_str,
)

BASE_DIR = Path(__file__).resolve().parent.parent.parent

SECRET_KEY = env_str("SECRET_KEY", "insecure-dev-key-change-me-not-for-production")
DEBUG = env_bool("DEBUG", False)
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", ["127.0.0.1", "localhost"])
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS", [])

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "axes",
    "csp",
    "crispy_forms",
    "crispy_bootstrap5",
    "django_fsm",
    "rest_framework",
    "django_filters",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    # Bottom up; import-linter holds these layers (pyproject.toml).
    "crm",
    "onboarding",
    "welcome_kits",
    "privacy",
    "jobs",
    "housing",
    "events",
    "testimonials",
    "ambassadors",
    "services_map",
    "followup",
    "intake",
    "workspace",
    "reports",
    "api",
]

MIDDLEWARE = [
    "api.middleware.ApiJsonErrorsMiddleware",  # first: even Django's own error pages are JSON under /api/
    "django.middleware.security.SecurityMiddleware",
    "csp.middleware.CSPMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "crm.middleware.StaffPagesInFrenchMiddleware",  # staff pages and the admin stay French
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "crm.middleware.StaffResponsesNotStoredMiddleware",
    "crm.middleware.AccessLogMiddleware",  # staff reads, one INSERT per request (crm.access_log)
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    # Last, as django-axes asks: it turns a locked-out login into the lockout page.
    "axes.middleware.AxesMiddleware",
]

# Content-Security-Policy (django-csp): every script and style is a file
# served by this site, never inline code; no plugin, no <base>, no framing;
# forms post here only. Bootstrap draws its checkboxes and selects with
# data: SVG images, hence img-src. tests/config/test_security_headers.py
# keeps it strict and a browser test fails on any violation.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        "style-src": [SELF],
        "img-src": [SELF, "data:"],
        "object-src": [NONE],
        "base-uri": [NONE],
        "frame-ancestors": [NONE],
        "form-action": [SELF],
    },
}
# The services map draws the territory's own outlines, offline. A deployment
# with a tile server of its own may add its tiles under them: the URL template
# ({z}/{x}/{y}), its attribution, and its origin joins img-src.
SERVICES_MAP_TILE_URL = env_str("SERVICES_MAP_TILE_URL", "")
SERVICES_MAP_TILE_ATTRIBUTION = env_str("SERVICES_MAP_TILE_ATTRIBUTION", "")
if SERVICES_MAP_TILE_URL:
    from urllib.parse import urlsplit

    _tiles = urlsplit(SERVICES_MAP_TILE_URL)
    if _tiles.scheme != "https" or not _tiles.netloc or "{" in _tiles.netloc:
        raise ImproperlyConfigured("SERVICES_MAP_TILE_URL must be an https:// URL template on one host.")
    CONTENT_SECURITY_POLICY["DIRECTIVES"]["img-src"].append(f"https://{_tiles.netloc}")
# Django's default, said out loud: the tracking link's token is in its URL,
# so no page ever sends its address to another site. Not "no-referrer": with
# it Chromium posts forms with "Origin: null", which the CSRF check refuses.
SECURE_REFERRER_POLICY = "same-origin"

ROOT_URLCONF = "config.urls"
WSGI_APPLICATION = "config.wsgi.application"
ASGI_APPLICATION = "config.asgi.application"

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
                "django.template.context_processors.i18n",
                "crm.context_processors.public_side",
            ],
        },
    },
]

DATABASES = {"default": env_database("DATABASE_URL", BASE_DIR / "db.sqlite3")}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# Sessions and cache never live in one process's memory, so that any number
# of web processes can run behind a load balancer.
REDIS_URL = env_str("REDIS_URL", "")
if REDIS_URL:
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": REDIS_URL,
        }
    }
else:
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.db.DatabaseCache",
            "LOCATION": "django_cache",
        }
    }
SESSION_ENGINE = "django.contrib.sessions.backends.db"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
# Login throttle (django-axes): after LOGIN_FAILURE_LIMIT wrong passwords for
# one account, or from one address, every login there is refused (the French
# page registration/lockout.html, status 429) until LOGIN_COOLOFF_MINUTES have
# passed without a new try; the admin's login too. Attempts are rows in the
# database, shared by every web process; successful logins are not logged.
# The address is read from the proxy header the public form's limit trusts
# (CLIENT_IP_META_KEY below; unset, only REMOTE_ADDR counts), by
# crm.middleware.client_ip.
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
AXES_FAILURE_LIMIT = env_int("LOGIN_FAILURE_LIMIT", 5, minimum=1)
AXES_COOLOFF_TIME = timedelta(minutes=env_int("LOGIN_COOLOFF_MINUTES", 15, minimum=1))
AXES_LOCKOUT_PARAMETERS = ["username", "ip_address"]
AXES_CLIENT_IP_CALLABLE = "crm.middleware.client_ip"
AXES_LOCKOUT_TEMPLATE = "registration/lockout.html"
AXES_DISABLE_ACCESS_LOG = True
LOGIN_URL = "login"
# Only staff have accounts: after logging in they want their workspace, not the public page.
LOGIN_REDIRECT_URL = "staff_home"
LOGOUT_REDIRECT_URL = "home"

LANGUAGE_CODE = "fr"
# Only the languages whose text exists: a language offered without its
# catalogue would label French pages lang="en" for a browser preferring
# English, and a screen reader would read French with English rules. A
# language is added here with its translation files (LOCALE_PATHS; README,
# "Languages"); `scripts/check_translations.py` fails on a public string it
# lacks. The prospects' pages follow the visitor (cookie, then browser);
# staff pages and the admin stay French (crm.middleware).
LANGUAGES = [("fr", _("Français")), ("en", _("Anglais"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
LANGUAGE_COOKIE_AGE = 365 * 24 * 3600  # the visitor's choice is remembered for a year
LANGUAGE_COOKIE_SAMESITE = "Lax"
TIME_ZONE = "Europe/Paris"
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
STATICFILES_DIRS = [BASE_DIR / "static"]
MEDIA_URL = "media/"
MEDIA_ROOT = Path(env_str("MEDIA_ROOT", str(BASE_DIR / "media")))
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}

CRISPY_ALLOWED_TEMPLATE_PACKS = "bootstrap5"
CRISPY_TEMPLATE_PACK = "bootstrap5"

EMAIL_BACKEND = env_str("EMAIL_BACKEND", "django.core.mail.backends.console.EmailBackend")
EMAIL_HOST = env_str("EMAIL_HOST", "localhost")
EMAIL_PORT = env_int("EMAIL_PORT", 25, minimum=1)
EMAIL_HOST_USER = env_str("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = env_str("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", False)  # STARTTLS, usually on port 587
EMAIL_USE_SSL = env_bool("EMAIL_USE_SSL", False)  # TLS from the start, usually on port 465
# An SMTP server that accepts the connection and never answers must not hold
# a worker (or a web request) forever.
EMAIL_TIMEOUT = env_int("EMAIL_TIMEOUT", 30, minimum=1)
DEFAULT_FROM_EMAIL = env_str("DEFAULT_FROM_EMAIL", "Accueil nouveaux arrivants <accueil@example.org>")
SERVER_EMAIL = DEFAULT_FROM_EMAIL

# Celery: a real broker when CELERY_BROKER_URL is set; otherwise tasks run in
# the calling process so that a first run needs no broker.
CELERY_BROKER_URL = env_broker_url("CELERY_BROKER_URL")
CELERY_TASK_ALWAYS_EAGER = CELERY_BROKER_URL is None
CELERY_TASK_EAGER_PROPAGATES = True
# A worker rides out a broker outage: it reconnects, at start-up and later,
# for as long as it takes (Celery's default gives up after 100 tries and the
# worker exits). A supervisor restarts it if it dies anyway (README, Production).
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
CELERY_BROKER_CONNECTION_RETRY = True
CELERY_BROKER_CONNECTION_MAX_RETRIES = None
# A task under way when the connection drops runs to its end rather than being
# killed: the tasks are idempotent, and its message is redelivered anyway if
# the acknowledgement is lost (said explicitly; Celery 6 changes the default).
CELERY_WORKER_CANCEL_LONG_RUNNING_TASKS_ON_CONNECTION_LOSS = False
if CELERY_BROKER_URL and CELERY_BROKER_URL.startswith(("redis://", "rediss://")):
    CELERY_BROKER_TRANSPORT_OPTIONS = {
        # Never wait forever on a Redis that accepts connections and does not
        # answer: a web request publishing a task, or a worker, gets an error
        # it retries instead. Above the 1 s the worker's BRPOP waits.
        "socket_connect_timeout": 3,
        "socket_timeout": 5,
        "socket_keepalive": True,
        # PING a connection idle this long before using it: a Redis restart is
        # seen before a command is lost on a dead socket.
        "health_check_interval": 25,
        "retry_on_timeout": True,
        # An unacknowledged message goes back to the queue after this long;
        # longer than any retry countdown (a kit's retry waits at most 5 min).
        "visibility_timeout": 3600,
        # Publishing gives up at once when the broker is down: the row it
        # announces (an outbox e-mail, a kit) waits for the sweep, and a web
        # request does not wait for kombu's reconnection attempts.
        "max_retries": 0,
    }
else:
    CELERY_BROKER_TRANSPORT_OPTIONS = {"max_retries": 0}
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
# A worker's process is replaced after this many tasks, or after the task
# during which its resident memory passed this many KiB: one process
# rendering 200 distinct welcome kits grew by 43 MiB (benchmarks/kits.py,
# about 0.2 MiB a kit: WeasyPrint's, Pango's and fontconfig's caches), so
# a process grows by about 11 MiB at most before it is replaced.
CELERY_WORKER_MAX_TASKS_PER_CHILD = env_int("CELERY_WORKER_MAX_TASKS_PER_CHILD", 50, minimum=1)
CELERY_WORKER_MAX_MEMORY_PER_CHILD = env_int("CELERY_WORKER_MAX_MEMORY_PER_CHILD", 400_000, minimum=50_000)
CELERY_TASK_SERIALIZER = "json"
CELERY_ACCEPT_CONTENT = ["json"]
CELERY_TIMEZONE = TIME_ZONE
CELERY_BEAT_SCHEDULE = {}
CELERY_BEAT_SCHEDULE["onboarding-daily-digest"] = {
    # Overdue first contacts and due tasks to each referent, the queue to the coordinators.
    "task": "onboarding.tasks.send_daily_digest",
    "schedule": crontab(hour=7, minute=30, day_of_week="mon-fri"),
}
CELERY_BEAT_SCHEDULE["privacy-requests-reminders"] = {
    # Data requests due within a week, and overdue ones, to the network's coordinators (once each).
    "task": "privacy.tasks.remind_privacy_requests",
    "schedule": crontab(hour=7, minute=45),
}
CELERY_BEAT_SCHEDULE["onboarding-personal-data-purge"] = {
    # Contacts with no open project whose retention clock is past the limit (asked a month before).
    "task": "onboarding.tasks.purge_personal_data",
    "schedule": crontab(hour=3, minute=15),
}
CELERY_BEAT_SCHEDULE["testimonials-purge"] = {
    # Testimonials withdrawn, archived or ended a year ago: erased (testimonials.services.testimonials_purge).
    "task": "testimonials.tasks.purge_testimonials",
    "schedule": crontab(hour=3, minute=40),
}
CELERY_BEAT_SCHEDULE["onboarding-retention-reminders"] = {
    # "Do you want to keep being accompanied?", a month before the limit (once per person and clock).
    "task": "onboarding.tasks.send_retention_reminders",
    "schedule": crontab(hour=9, minute=30),
}

# The HTTP API (api): partners push leads, staff script the journey.
REST_FRAMEWORK = {
    # Token first: its WWW-Authenticate header makes an anonymous call a 401, not a 403.
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "api.authentication.ApiTokenAuthentication",
        "rest_framework.authentication.SessionAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticated"],
    "DEFAULT_PARSER_CLASSES": ["api.parsers.JSONParser"],
    "DEFAULT_RENDERER_CLASSES": ["rest_framework.renderers.JSONRenderer"],
    "DEFAULT_FILTER_BACKENDS": ["django_filters.rest_framework.DjangoFilterBackend"],
    "DEFAULT_PAGINATION_CLASS": "rest_framework.pagination.PageNumberPagination",
    "PAGE_SIZE": 50,
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "EXCEPTION_HANDLER": "api.exceptions.api_exception_handler",
    "DEFAULT_THROTTLE_CLASSES": ["api.throttling.ApiClientRateThrottle"],
    # Counted in the shared cache (see CACHES), per token, or per account for a session.
    "DEFAULT_THROTTLE_RATES": {
        "partner_token": env_rate("API_THROTTLE_PARTNER", "60/min"),
        "staff_token": env_rate("API_THROTTLE_STAFF", "300/min"),
        "session": env_rate("API_THROTTLE_SESSION", "300/min"),
        "anonymous": env_rate("API_THROTTLE_ANONYMOUS", "30/min"),
        "failed_auth": env_rate("API_THROTTLE_FAILED_AUTH", "10/min"),  # wrong keys, per address
    },
}
SPECTACULAR_SETTINGS = {
    "TITLE": "API Accueil nouveaux arrivants",
    "DESCRIPTION": (
        "Dépôt de contacts par les sites partenaires (sans doublon grâce à l'en-tête Idempotency-Key) et "
        "accès de l'équipe aux projets d'installation et à leur parcours. Authentification : "
        "`Authorization: Token <clé>`, ou la session de l'interface (avec le jeton CSRF)."
    ),
    "VERSION": "1.0.0",
    "SERVE_INCLUDE_SCHEMA": False,
    "SCHEMA_PATH_PREFIX": r"/api/v[0-9]+",
    "COMPONENT_SPLIT_REQUEST": True,
    # The documentation page's assets are served from our own static files, not a CDN.
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    "ENUM_NAME_OVERRIDES": {
        "ProjectStateEnum": "onboarding.states.State",
    },
}

# Business settings.
# Absolute links in e-mails (digests, notifications) start with this.
SITE_URL = env_str("SITE_URL", "http://localhost:8000")
FIRST_CONTACT_DELAY_WORKING_DAYS = env_int("FIRST_CONTACT_DELAY_WORKING_DAYS", 5, minimum=1)
# Nudges before a lead goes cold (onboarding.services.nudges): the referent
# is told the first day past a limit, the project's team and then the
# coordinators these many working days later, in the daily digest.
NUDGE_TEAM_AFTER_WORKING_DAYS = env_int("NUDGE_TEAM_AFTER_WORKING_DAYS", 3, minimum=1)
NUDGE_COORDINATORS_AFTER_WORKING_DAYS = env_int("NUDGE_COORDINATORS_AFTER_WORKING_DAYS", 5, minimum=2)
# Weeks without news (no journey step, no exchange logged) after which a
# project in these states is "sans nouvelles". A state left out is never nudged.
NUDGE_SILENT_WEEKS = {"contacted": 4, "qualified": 6, "accompanied": 8, "settling": 6}
# Follow-up after installation (followup): a check-in this many months after
# the installation date, each a short survey e-mailed by a signed link that
# works FOLLOW_UP_LINK_DAYS days after the check-in is due (then it expires);
# the referent gets a task when FOLLOW_UP_NO_ANSWER_TASK_DAYS days pass
# without an answer, or when an answer signals a difficulty.
FOLLOW_UP_CHECK_INS_MONTHS = (6, 12, 24)
FOLLOW_UP_LINK_DAYS = env_int("FOLLOW_UP_LINK_DAYS", 60, minimum=15)
FOLLOW_UP_NO_ANSWER_TASK_DAYS = env_int("FOLLOW_UP_NO_ANSWER_TASK_DAYS", 14, minimum=1)
CELERY_BEAT_SCHEDULE["followup-daily-pass"] = {
    "task": "followup.tasks.followup_daily_pass",
    "schedule": crontab(hour=8, minute=10),
}
PERSONAL_DATA_RETENTION_YEARS = env_int("PERSONAL_DATA_RETENTION_YEARS", 3, minimum=1)
# A report's figures are computed once per filter set, reader's scope and data
# version (reports/cache.py) and kept this long at most.
REPORTS_CACHE_SECONDS = env_int("REPORTS_CACHE_SECONDS", 900, minimum=0)
# The committee PDF is made by a worker on request (reports.committee_pdf);
# its file is kept this long once ready, then the sweep deletes it, and the
# sweep sends again a request whose message was lost.
REPORT_PDF_MAX_AGE_HOURS = env_int("REPORT_PDF_MAX_AGE_HOURS", 24, minimum=1)
CELERY_BEAT_SCHEDULE["reports-pdf-sweep"] = {"task": "reports.tasks.sweep_report_pdfs", "schedule": 60.0}

# Intake (the public project form): the prospect's private tracking link
# lives this long; naive bots are stopped by a minimum fill time and floods
# by a per-address limit on submissions (django-ratelimit, counted in the
# shared cache). Behind a proxy, the environment's RATELIMIT_IP_META_KEY
# names the header holding the client's address (e.g. HTTP_X_REAL_IP), kept
# here as CLIENT_IP_META_KEY; one function reads it (crm.middleware.client_ip)
# for the form's limit, the API's throttles and the login throttle alike.
TRACKING_LINK_MAX_AGE_DAYS = env_int("TRACKING_LINK_MAX_AGE_DAYS", 180, minimum=1)
# An ambassador's own link (ambassadors.links): a new one is sent by the coordinators.
AMBASSADOR_LINK_MAX_AGE_DAYS = env_int("AMBASSADOR_LINK_MAX_AGE_DAYS", 365, minimum=1)
INTAKE_MIN_FILL_SECONDS = env_int("INTAKE_MIN_FILL_SECONDS", 3, minimum=0)
INTAKE_RATE_LIMIT = env_rate("INTAKE_RATE_LIMIT", "20/h")
CLIENT_IP_META_KEY = env_str("RATELIMIT_IP_META_KEY", None)
RATELIMIT_IP_META_KEY = "crm.middleware.client_ip"  # django-ratelimit calls it
RATELIMIT_FAIL_OPEN = True  # a cache that cannot count lets the submission through: never lose a lead


# E-mails (crm.outbox): each one is a row written with its cause and sent
# after the commit; the sweep sends what a broker outage or a dead worker
# left behind. A sender holds a row OUTBOX_LEASE_SECONDS (longer than
# EMAIL_TIMEOUT, so an SMTP call that hangs ends before the row is taken
# again); a row is given up after OUTBOX_MAX_ATTEMPTS tries; finished rows
# are deleted after OUTBOX_RETENTION_DAYS (they say who was written to).
OUTBOX_LEASE_SECONDS = env_int("OUTBOX_LEASE_SECONDS", 120, minimum=10)
OUTBOX_MAX_ATTEMPTS = env_int("OUTBOX_MAX_ATTEMPTS", 8, minimum=1)
OUTBOX_SWEEP_GRACE_SECONDS = env_int("OUTBOX_SWEEP_GRACE_SECONDS", 60, minimum=0)
OUTBOX_RETENTION_DAYS = env_int("OUTBOX_RETENTION_DAYS", 30, minimum=1)
CELERY_BEAT_SCHEDULE["crm-outbox-sweep"] = {"task": "crm.tasks.sweep_outbox", "schedule": 60.0}

# Welcome kits: how long the prospect's download link lives, and after how
# long a request still pending is sent to the broker again (by the sweep).
KIT_LINK_MAX_AGE_DAYS = env_int("KIT_LINK_MAX_AGE_DAYS", 30, minimum=1)
KIT_REQUEUE_AFTER_MINUTES = env_int("KIT_REQUEUE_AFTER_MINUTES", 2, minimum=1)
CELERY_BEAT_SCHEDULE["welcome-kits-sweep"] = {"task": "welcome_kits.tasks.sweep_kits", "schedule": 60.0}

# A person's copy of their data (privacy): how long its files are kept once
# ready; the sweep sends pending ones again and deletes expired ones.
DATA_EXPORT_MAX_AGE_HOURS = env_int("DATA_EXPORT_MAX_AGE_HOURS", 72, minimum=1)
CELERY_BEAT_SCHEDULE["privacy-data-exports-sweep"] = {
    "task": "privacy.tasks.sweep_data_exports", "schedule": 60.0,
}

# The access log (crm.access_log): who among staff read which project, kit
# or export; rows older than ACCESS_LOG_RETENTION_DAYS (about six months)
# are deleted every night.
ACCESS_LOG_RETENTION_DAYS = env_int("ACCESS_LOG_RETENTION_DAYS", 183, minimum=1)
CELERY_BEAT_SCHEDULE["crm-access-log-purge"] = {
    "task": "crm.tasks.purge_access_log",
    "schedule": crontab(hour=3, minute=45),
}
CELERY_BEAT_SCHEDULE["housing-expired-contacts"] = {
    # Housing offers' contact people, a year after the offer's end (housing.receivers declares it).
    "task": "housing.tasks.erase_expired_offer_contacts",
    "schedule": crontab(hour=3, minute=50),
}
CELERY_BEAT_SCHEDULE["jobs-expired-takeover-contacts"] = {
    # Businesses to take over: their adviser's details, a year after the business was taken or withdrawn.
    "task": "jobs.tasks.erase_expired_takeover_contacts",
    "schedule": crontab(hour=3, minute=52),
}

# Events and invitations (events): the reminder goes EVENT_REMINDER_DAYS_BEFORE
# days before the event to those registered (a pass every hour; once each);
# an invitation's link lasts EVENT_INVITATION_LINK_MAX_AGE_DAYS; invitations
# are deleted EVENT_INVITATION_RETENTION_DAYS after their event.
EVENT_REMINDER_DAYS_BEFORE = env_int("EVENT_REMINDER_DAYS_BEFORE", 2, minimum=0)
EVENT_INVITATION_LINK_MAX_AGE_DAYS = env_int("EVENT_INVITATION_LINK_MAX_AGE_DAYS", 120, minimum=1)
EVENT_INVITATION_RETENTION_DAYS = env_int("EVENT_INVITATION_RETENTION_DAYS", 730, minimum=1)
CELERY_BEAT_SCHEDULE["events-reminders"] = {"task": "events.tasks.send_event_reminders",
                                            "schedule": crontab(minute=20)}
CELERY_BEAT_SCHEDULE["events-expired-invitations"] = {"task": "events.tasks.delete_expired_invitations",
                                                      "schedule": crontab(hour=3, minute=55)}

# Job offers (jobs): France Travail's "Offres d'emploi v2" API, OAuth2 client
# credentials from https://francetravail.io. Without an id and a secret the
# offers sections say "non configuré" and no call is made. Results are cached
# JOBS_OFFERS_CACHE_HOURS per (ROME codes, place, radius), shared by all
# users; the published limit is 10 calls a second for the whole instance.
FRANCE_TRAVAIL_CLIENT_ID = env_str("FRANCE_TRAVAIL_CLIENT_ID", "")
FRANCE_TRAVAIL_CLIENT_SECRET = env_str("FRANCE_TRAVAIL_CLIENT_SECRET", "")
FRANCE_TRAVAIL_TOKEN_URL = env_str(
    "FRANCE_TRAVAIL_TOKEN_URL", "https://entreprise.francetravail.fr/connexion/oauth2/access_token?realm=/partenaire"
)
FRANCE_TRAVAIL_API_URL = env_str("FRANCE_TRAVAIL_API_URL", "https://api.francetravail.io/partenaire/offresdemploi")
FRANCE_TRAVAIL_RATE_PER_SECOND = env_int("FRANCE_TRAVAIL_RATE_PER_SECOND", 10, minimum=1)
JOBS_OFFERS_CACHE_HOURS = env_int("JOBS_OFFERS_CACHE_HOURS", 4, minimum=1)
JOBS_SEARCH_RADIUS_KM = env_int("JOBS_SEARCH_RADIUS_KM", 20, minimum=0)
# Made-up offers marked « exemple » when France Travail is not configured:
# the embedded default turns it on (local.py), so the sections show something.
JOBS_EXAMPLE_OFFERS = env_bool("JOBS_EXAMPLE_OFFERS", False)

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"plain": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "plain"}},
    "root": {"handlers": ["console"], "level": env_str("LOG_LEVEL", "INFO")},
    # urllib3's retry warnings print the URL searched (a commune's code,
    # occupations' codes): our connector logs its failures without it.
    "loggers": {"urllib3.connectionpool": {"level": "ERROR"}},
}
