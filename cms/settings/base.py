"""Settings shared by every environment.

Everything that differs between machines comes from the environment; the README
has a table of every variable. ``dev``, ``test`` and ``production`` import this
module and change only what they must.
"""

from pathlib import Path

import environ
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent.parent
VAR_DIR = BASE_DIR / "var"

env = environ.Env()

# Application definition

INSTALLED_APPS = [
    "cms",
    "forms_ext",
    "guides",
    "wagtail.contrib.forms",
    "wagtail.contrib.redirects",
    "wagtail.contrib.settings",
    "wagtail.contrib.search_promotions",
    "wagtail.embeds",
    "wagtail.sites",
    "wagtail.users",
    "wagtail.snippets",
    "wagtail.documents",
    "wagtail.images",
    "wagtail.search",
    "wagtail_localize",
    "wagtail_localize.locales",
    "wagtail.admin",
    "wagtail",
    "modelcluster",
    "taggit",
    "import_export",
    "django_tasks",
    "django_tasks_db",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.sitemaps",
    "wagtail.contrib.sitemaps",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # Anonymous GETs of pages that declare themselves public, from the cache (guides/caching.py)
    "guides.caching.PublicPageCacheMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "wagtail.contrib.redirects.middleware.RedirectMiddleware",
]

ROOT_URLCONF = "cms.urls"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.debug",
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "wagtail.contrib.settings.context_processors.settings",
            ],
        },
    },
]

WSGI_APPLICATION = "cms.wsgi.application"

# Database: SQLite in var/ unless DATABASE_URL says otherwise.


def tune_sqlite(config: dict) -> dict:
    """Let SQLite take concurrent writers: each write transaction waits for its turn.

    With Django's default (deferred) transactions, two app-server workers that
    read then write at once make SQLite fail one with "database is locked"
    instead of waiting; IMMEDIATE takes the write lock first, and WAL lets
    readers go on meanwhile. Measured by `make bench` (survey submissions).
    """
    if config.get("ENGINE") == "django.db.backends.sqlite3" and config.get("NAME") != ":memory:":
        options = config.setdefault("OPTIONS", {})
        options.setdefault("transaction_mode", "IMMEDIATE")
        options.setdefault("timeout", 20)
        options.setdefault("init_command", "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL")
    return config


DATABASES = {
    "default": tune_sqlite(
        env.db_url("DATABASE_URL", default=f"sqlite:///{VAR_DIR / 'db.sqlite3'}")
    ),
}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# Cache: Redis when REDIS_URL is set, otherwise memory of this process.

REDIS_URL = env.str("REDIS_URL", default="")
if REDIS_URL:
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": "boportal",
        }
    }
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}

# Background tasks (django-tasks, the backport of Django 6's django.tasks).
# "database" needs no extra service: `manage.py db_worker` runs the queue.
# "rq" puts the queue on Redis; run `manage.py rqworker --job-class django_tasks_rq.Job`.
# "immediate" runs each task inline, for tests and one-off scripts.

TASKS_BACKEND = env.str("TASKS_BACKEND", default="database")
TASKS_BACKENDS = {
    "database": {"BACKEND": "django_tasks_db.DatabaseBackend"},
    "rq": {"BACKEND": "django_tasks_rq.RQBackend", "QUEUES": ["default"]},
    "immediate": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"},
}
TASKS = {"default": TASKS_BACKENDS[TASKS_BACKEND]}
if TASKS_BACKEND == "rq":
    INSTALLED_APPS += ["django_rq"]
    RQ_QUEUES = {"default": {"URL": REDIS_URL or "redis://127.0.0.1:6379/0"}}

# Passwords

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

# Internationalisation. Norwegian Bokmål is the default; the site's content
# languages are Wagtail locales, the UI strings are gettext catalogues.

LANGUAGE_CODE = "nb"
LANGUAGES = [
    ("nb", _("Norwegian Bokmål")),
    ("nn", _("Norwegian Nynorsk")),
    ("sv", _("Swedish")),
    ("en", _("English")),
    ("ar", _("Arabic")),
]
WAGTAIL_I18N_ENABLED = True
WAGTAIL_CONTENT_LANGUAGES = LANGUAGES
LOCALE_PATHS = [BASE_DIR / "cms" / "locale"]
TIME_ZONE = env.str("TIME_ZONE", default="Europe/Oslo")
USE_I18N = True
USE_TZ = True

# Static files and media. WhiteNoise serves static files in every environment.

STATIC_URL = "/static/"
STATIC_ROOT = Path(env.str("STATIC_ROOT", default=str(VAR_DIR / "static")))
MEDIA_URL = "/media/"
MEDIA_ROOT = Path(env.str("MEDIA_ROOT", default=str(VAR_DIR / "media")))
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    # Files uploaded as answers: outside MEDIA_ROOT, served only by a permission-checked view.
    "forms_ext_uploads": {
        "BACKEND": "forms_ext.storage.PrivateFileSystemStorage",
        "OPTIONS": {
            "location": env.str("PRIVATE_UPLOADS_ROOT", default=str(VAR_DIR / "private-uploads")),
        },
    },
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}

# E-mail

EMAIL_CONFIG = env.email_url("EMAIL_URL", default="consolemail://")
vars().update(EMAIL_CONFIG)
DEFAULT_FROM_EMAIL = env.str("DEFAULT_FROM_EMAIL", default="boportal@localhost")
SERVER_EMAIL = DEFAULT_FROM_EMAIL

# Wagtail

WAGTAIL_SITE_NAME = "Boportal"
WAGTAILADMIN_BASE_URL = env.str("WAGTAILADMIN_BASE_URL", default="http://127.0.0.1:8000")
WAGTAILSEARCH_BACKENDS = {"default": {"BACKEND": "wagtail.search.backends.database"}}
WAGTAILDOCS_EXTENSIONS = ["csv", "docx", "odt", "pdf", "txt", "xlsx"]
WAGTAILADMIN_PERMITTED_LANGUAGES = LANGUAGES
WAGTAIL_ENABLE_UPDATE_CHECK = False
WAGTAIL_GRAVATAR_PROVIDER_URL = None  # no staff e-mail hashes sent to a third party
WAGTAILIMAGES_EXTENSIONS = ["gif", "jpg", "jpeg", "png", "webp", "svg"]

# Boportal

# Demo content (`manage.py seed_demo`) and its password; production refuses both.
BOPORTAL_DEMO_ALLOWED = True
DEMO_PASSWORD = env.str("DEMO_PASSWORD", default="demo")

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env.str("LOG_LEVEL", default="INFO")},
    "loggers": {
        "django.request": {"level": "ERROR"},
        "wagtail": {"level": "WARNING"},
        # One line per task run is noise when tasks run in-process (the demo, tests).
        "django_tasks": {"level": env.str("TASKS_LOG_LEVEL", default="WARNING")},
        # WeasyPrint reports each step and each CSS rule it skips (screen-only rules).
        "weasyprint": {"level": "ERROR"},
    },
}

# Surveys: e-mail domains that notifications of new answers may go to.
FORMS_EXT_NOTIFY_DOMAINS = env.list("FORMS_EXT_NOTIFY_DOMAINS", default=[])
# The districts letter links are tagged with (the demo municipality's).
GUIDES_LINK_DISTRICTS = [("nord", "Bydel Nord"), ("sentrum", "Bydel Sentrum"), ("sor", "Bydel Sør")]
GUIDES_BRANDING = "cms.branding.guides_branding"  # logo, name and accent colour in guides' PDFs

# The steps of `manage.py seed_demo`, in order; each is a function taking a log callable.
BOPORTAL_DEMO_STEPS = [
    "cms.demo.seed_site",
    "cms.demo_surveys.seed_surveys",
    "cms.demo_guides.seed_guides",
    "cms.demo_inventories.seed_inventories",
    "cms.demo_templates.seed_templates",
    "cms.demo_templates.seed_elderly_care_survey",
]
