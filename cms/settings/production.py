"""Settings for production. Every value comes from the environment.

A missing required variable stops the process at start-up with a message that
names it, rather than running with a default that is unsafe in production.
"""

from django.core.exceptions import ImproperlyConfigured

from .base import *  # noqa: F403
from .base import REDIS_URL, env, tune_sqlite

DEBUG = False
BOPORTAL_DEMO_ALLOWED = False


def required(name: str) -> str:
    """Return the environment variable ``name``, or stop with a clear message."""
    value = env.str(name, default="")
    if not value:
        raise ImproperlyConfigured(
            f"Set the environment variable {name}: production settings cannot start "
            "without it (see the README's table of environment variables)."
        )
    return value


SECRET_KEY = required("DJANGO_SECRET_KEY")
ALLOWED_HOSTS = [host.strip() for host in required("ALLOWED_HOSTS").split(",") if host.strip()]
CSRF_TRUSTED_ORIGINS = env.list(
    "CSRF_TRUSTED_ORIGINS", default=[f"https://{host.lstrip('.')}" for host in ALLOWED_HOSTS]
)
DATABASES = {"default": tune_sqlite(env.db_url_config(required("DATABASE_URL")))}
DATABASES["default"]["CONN_MAX_AGE"] = env.int("CONN_MAX_AGE", default=60)
DATABASES["default"]["CONN_HEALTH_CHECKS"] = True

EMAIL_CONFIG = env.email_url_config(required("EMAIL_URL"))
vars().update(EMAIL_CONFIG)
WAGTAILADMIN_BASE_URL = required("WAGTAILADMIN_BASE_URL")

# The key of the hashes that identity numbers are kept as. Its own variable, so
# that rotating DJANGO_SECRET_KEY does not break the search for duplicates.
FORMS_EXT_IDENTITY_HASH_KEY = required("FORMS_EXT_IDENTITY_HASH_KEY")

# HTTPS: the load balancer terminates TLS and sets X-Forwarded-Proto.
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_SSL_REDIRECT = env.bool("SECURE_SSL_REDIRECT", default=True)
SECURE_HSTS_SECONDS = env.int("SECURE_HSTS_SECONDS", default=31536000)
SECURE_HSTS_INCLUDE_SUBDOMAINS = env.bool("SECURE_HSTS_INCLUDE_SUBDOMAINS", default=True)
SECURE_HSTS_PRELOAD = env.bool("SECURE_HSTS_PRELOAD", default=True)
SECURE_REFERRER_POLICY = "same-origin"
SESSION_COOKIE_SECURE = True
CSRF_COOKIE_SECURE = True

# Uploaded media: S3-compatible object storage when a bucket is named, so that
# several app servers share it; otherwise MEDIA_ROOT on a shared volume.
AWS_STORAGE_BUCKET_NAME = env.str("AWS_STORAGE_BUCKET_NAME", default="")
if AWS_STORAGE_BUCKET_NAME:
    STORAGES["default"] = {"BACKEND": "storages.backends.s3.S3Storage"}  # noqa: F405
    STORAGES["forms_ext_uploads"] = {  # noqa: F405
        "BACKEND": "storages.backends.s3.S3Storage",
        "OPTIONS": {
            "location": "private-uploads",
            "querystring_auth": True,
            "default_acl": "private",
        },
    }
    AWS_S3_ENDPOINT_URL = env.str("AWS_S3_ENDPOINT_URL", default=None)
    AWS_DEFAULT_ACL = None
    AWS_QUERYSTRING_AUTH = True

if not REDIS_URL and env.str("TASKS_BACKEND", default="database") == "rq":
    raise ImproperlyConfigured("TASKS_BACKEND=rq needs REDIS_URL.")
