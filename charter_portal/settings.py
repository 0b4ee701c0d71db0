"""Charter Portal settings.

Every difference between environments is read from the environment with
django-environ. The defaults are safe for development on one machine
(SQLite, console email, in-memory cache); production must set DEBUG=off,
SECRET_KEY and ALLOWED_HOSTS, and the settings refuse to start without them.
"""

import datetime
from pathlib import Path

import environ
from django.core.exceptions import ImproperlyConfigured
from django.utils.csp import CSP

BASE_DIR = Path(__file__).resolve().parent.parent

env = environ.Env()

DEBUG = env.bool("DEBUG", default=True)

SECRET_KEY = env.str("SECRET_KEY", default="")
if not SECRET_KEY:
    if not DEBUG:
        raise ImproperlyConfigured("Set SECRET_KEY when DEBUG is off.")
    SECRET_KEY = "development-only-key-never-used-when-debug-is-off"

ALLOWED_HOSTS = env.list("ALLOWED_HOSTS", default=["127.0.0.1", "localhost"] if DEBUG else [])
if not DEBUG and not ALLOWED_HOSTS:
    raise ImproperlyConfigured("Set ALLOWED_HOSTS when DEBUG is off.")
CSRF_TRUSTED_ORIGINS = env.list("CSRF_TRUSTED_ORIGINS", default=[])

SITE_NAME = "Charter Portal"
# The portal's address as people reach it: links in emails and calendar files use it.
SITE_URL = env.str("SITE_URL", default="http://127.0.0.1:8000" if DEBUG else "").rstrip("/")
if not SITE_URL.startswith(("http://", "https://")):
    raise ImproperlyConfigured("Set SITE_URL, e.g. https://charter.example.org, when DEBUG is off.")

INSTALLED_APPS = [
    "charter_portal",
    "accounts",
    "charters",
    "feedback",
    "projects",
    "reviews",
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    # The feedback queue's stored search words (SearchVectorField): only used on PostgreSQL.
    "django.contrib.postgres",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.forms",
    "crispy_forms",
    "crispy_forms_gds",
    "django_tasks_db",
    "axes",
]

MIDDLEWARE = [
    "charter_portal.middleware.limit_request_size",
    "django.middleware.security.SecurityMiddleware",
    "django.middleware.csp.ContentSecurityPolicyMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    # Last, as django-axes asks: it answers a locked-out sign-in.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "charter_portal.urls"

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
                "charter_portal.context_processors.portal",
            ],
        },
    },
]

# Widgets are drawn with the project's templates, so templates/gds/ can mend them.
FORM_RENDERER = "django.forms.renderers.TemplatesSetting"

WSGI_APPLICATION = "charter_portal.wsgi.application"

DATABASES = {"default": env.db("DATABASE_URL", default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}")}
DATABASES["default"]["ATOMIC_REQUESTS"] = False
# Production keeps each worker's connection for a minute rather than opening one per request
# (a PostgreSQL connection costs several milliseconds), checking it is alive before reuse.
# Development's runserver opens a thread per request, so it keeps none.
DATABASES["default"].setdefault("CONN_MAX_AGE", env.int("CONN_MAX_AGE", default=0 if DEBUG else 60))
DATABASES["default"].setdefault("CONN_HEALTH_CHECKS", env.bool("CONN_HEALTH_CHECKS", default=True))
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

CACHES = {"default": env.cache_url("CACHE_URL", default="locmemcache://")}
# Several installations (or test runs) can share one Redis, each with keys of its own.
CACHES["default"]["KEY_PREFIX"] = env.str("CACHE_KEY_PREFIX", default="")
# One process in development shares its memory cache with itself; production runs several, so it
# needs Redis, and the deploy check says so when it is not set.
SILENCED_SYSTEM_CHECKS = ["axes.W001"] if DEBUG and CACHES["default"]["BACKEND"].endswith("LocMemCache") else []
# The feedback indexes carry extra columns so PostgreSQL reads the queue's pages from them alone;
# SQLite builds the same indexes without those columns, which is all it needs.
SILENCED_SYSTEM_CHECKS += ["models.W040"]

# How long a public page rendered for visitors not signed in is kept (charter_portal/public_cache.py).
# A change to what it shows renders it afresh at once; this bounds only what "today" changes, such as
# a charter's review falling due. 0 keeps none.
PUBLIC_PAGE_CACHE_SECONDS = env.int("PUBLIC_PAGE_CACHE_SECONDS", default=300)
if PUBLIC_PAGE_CACHE_SECONDS < 0:
    raise ImproperlyConfigured("Set PUBLIC_PAGE_CACHE_SECONDS to 0 or more seconds.")

AUTH_USER_MODEL = "accounts.User"
# django-axes first: it refuses sign-in for a locked-out account or address before the password is checked.
AUTHENTICATION_BACKENDS = ["axes.backends.AxesStandaloneBackend", "django.contrib.auth.backends.ModelBackend"]
LOGIN_URL = "accounts:login"
LOGIN_REDIRECT_URL = "accounts:account"
LOGOUT_REDIRECT_URL = "home"
# Django's checks, saying what to do in plain words (accounts/passwords.py).
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "accounts.passwords.UserAttributeSimilarityValidator"},
    {"NAME": "accounts.passwords.MinimumLengthValidator", "OPTIONS": {"min_length": 10}},
    {"NAME": "accounts.passwords.CommonPasswordValidator"},
    {"NAME": "accounts.passwords.NumericPasswordValidator"},
]
PASSWORD_RESET_TIMEOUT = 60 * 60 * 24

LANGUAGE_CODE = "en-gb"
TIME_ZONE = "Europe/London"
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = env.path("STATIC_ROOT", default=BASE_DIR / "staticfiles")
STATICFILES_DIRS = [BASE_DIR / "static"]
# In development static files are served straight from static/, as they change.
WHITENOISE_USE_FINDERS = WHITENOISE_AUTOREFRESH = DEBUG
MEDIA_ROOT = env.path("MEDIA_ROOT", default=BASE_DIR / "media")
# Uploaded files (meeting papers) are kept on this machine's disk, in MEDIA_ROOT, unless MEDIA_BUCKET
# names a bucket in an S3-compatible object store that every app server shares (README "Production").
MEDIA_BUCKET = env.str("MEDIA_BUCKET", default="")
MEDIA_ENDPOINT_URL = env.str("MEDIA_ENDPOINT_URL", default="")
MEDIA_REGION = env.str("MEDIA_REGION", default="")
_media_keys = [env.str("AWS_ACCESS_KEY_ID", default=""), env.str("AWS_SECRET_ACCESS_KEY", default="")]
if (MEDIA_ENDPOINT_URL or MEDIA_REGION) and not MEDIA_BUCKET:
    raise ImproperlyConfigured(
        "Set MEDIA_BUCKET to keep files in an object store, or unset MEDIA_ENDPOINT_URL and MEDIA_REGION "
        "to keep them in MEDIA_ROOT."
    )
if MEDIA_BUCKET and not (MEDIA_ENDPOINT_URL or MEDIA_REGION):
    raise ImproperlyConfigured(
        "With MEDIA_BUCKET, set MEDIA_REGION (Amazon S3) or MEDIA_ENDPOINT_URL (another S3-compatible store)."
    )
if MEDIA_ENDPOINT_URL and not MEDIA_ENDPOINT_URL.startswith(("http://", "https://")):
    raise ImproperlyConfigured("Set MEDIA_ENDPOINT_URL to the store's address, e.g. https://s3.example.org.")
if MEDIA_BUCKET and any(_media_keys) and not all(_media_keys):
    raise ImproperlyConfigured("Set both AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY, or neither.")
# On Amazon, boto3 can take its keys from the machine's role instead; another store has no such role.
if MEDIA_ENDPOINT_URL and not all(_media_keys):
    raise ImproperlyConfigured("With MEDIA_ENDPOINT_URL, set AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY.")
_media_storage = {"BACKEND": "django.core.files.storage.FileSystemStorage"}
if MEDIA_BUCKET:
    _media_storage = {
        "BACKEND": "storages.backends.s3.S3Storage",
        "OPTIONS": {
            "bucket_name": MEDIA_BUCKET,
            "endpoint_url": MEDIA_ENDPOINT_URL or None,
            "region_name": MEDIA_REGION or None,
            # Other stores are reached by path (https://s3.example.org/bucket/key), which they all
            # answer; on Amazon, boto3 chooses.
            "addressing_style": "path" if MEDIA_ENDPOINT_URL else None,
            # Files are private: no ACL is sent, so objects take the bucket's own (private) rules, and no
            # link to the store is ever signed. People download through the portal, which checks who they are.
            "default_acl": None,
            "querystring_auth": False,
            # Two papers with the same name are two objects, as on disk.
            "file_overwrite": False,
            # A paper read for download is held in memory up to 2 MB, on disk beyond that.
            "max_memory_size": 2 * 1024 * 1024,
        },
    }
STORAGES = {
    "default": _media_storage,
    "staticfiles": {
        "BACKEND": (
            "django.contrib.staticfiles.storage.StaticFilesStorage"
            if DEBUG
            else "whitenoise.storage.CompressedManifestStaticFilesStorage"
        )
    },
}

# EMAIL_URL, e.g. smtp+tls://user:password@mail.example.org:587 or consolemail://
_email = env.email_url("EMAIL_URL", default="consolemail://")
_smtp_options = {
    "host": _email.get("EMAIL_HOST"),
    "port": _email.get("EMAIL_PORT"),
    "username": _email.get("EMAIL_HOST_USER"),
    "password": _email.get("EMAIL_HOST_PASSWORD"),
    "use_tls": _email.get("EMAIL_USE_TLS", False),
    "use_ssl": _email.get("EMAIL_USE_SSL", False),
    "timeout": 20,
}
_mailer_options = {
    "smtp.EmailBackend": _smtp_options,
    # filemail:////var/mail/charter-portal writes each email to a file in that folder.
    "filebased.EmailBackend": {"file_path": _email["EMAIL_FILE_PATH"]},
}
MAILERS = {
    "default": {
        "BACKEND": _email["EMAIL_BACKEND"],
        "OPTIONS": _mailer_options.get(_email["EMAIL_BACKEND"].removeprefix("django.core.mail.backends."), {}),
    }
}
DEFAULT_FROM_EMAIL = env.str("DEFAULT_FROM_EMAIL", default="Charter Portal <no-reply@charter-portal.localhost>")

# GOV.UK Notify sends email, text messages and letters when NOTIFY_API_KEY is set (README:
# "Messages"); without it, emails go through EMAIL_URL and nothing else can be sent.
NOTIFY_API_KEY = env.str("NOTIFY_API_KEY", default="")
NOTIFY_BASE_URL = env.str("NOTIFY_BASE_URL", default="https://api.notifications.service.gov.uk")
NOTIFY_TEMPLATES = {
    "email": env.str("NOTIFY_EMAIL_TEMPLATE", default=""),
    "text": env.str("NOTIFY_TEXT_TEMPLATE", default=""),
    "letter": env.str("NOTIFY_LETTER_TEMPLATE", default=""),
}
if NOTIFY_API_KEY and not all(NOTIFY_TEMPLATES.values()):
    raise ImproperlyConfigured(
        "With NOTIFY_API_KEY, set NOTIFY_EMAIL_TEMPLATE, NOTIFY_TEXT_TEMPLATE and NOTIFY_LETTER_TEMPLATE."
    )

# Emails and other slow work go through Django's tasks framework. Development
# and tests run them at once; production sets TASKS_BACKEND to the database
# backend and runs `manage.py db_worker` beside the web servers.
TASKS = {"default": {"BACKEND": env.str("TASKS_BACKEND", default="django.tasks.backends.immediate.ImmediateBackend")}}

# How many proxies we run in front of the app servers (a load balancer is one). The client's
# address is then taken from X-Forwarded-For; with none, that header is ignored (charter_portal/client.py).
TRUSTED_PROXIES = env.int("TRUSTED_PROXIES", default=0)

# How many times one address may send feedback to one area in the window (seconds), to stop floods.
FEEDBACK_RATE_LIMIT = env.int("FEEDBACK_RATE_LIMIT", default=5)
FEEDBACK_RATE_WINDOW = env.int("FEEDBACK_RATE_WINDOW", default=600)
# How many feedback references one address may check in the window, so references cannot be guessed.
CHECK_RATE_LIMIT = env.int("CHECK_RATE_LIMIT", default=10)
CHECK_RATE_WINDOW = env.int("CHECK_RATE_WINDOW", default=600)

# Sign-in throttling (django-axes, counting in the shared cache): after AXES_FAILURE_LIMIT wrong
# passwords for one account, or from one address, sign-in is refused for AXES_COOLOFF_MINUTES.
AXES_FAILURE_LIMIT = env.int("AXES_FAILURE_LIMIT", default=5)
AXES_COOLOFF_TIME = datetime.timedelta(minutes=env.int("AXES_COOLOFF_MINUTES", default=15))
AXES_LOCKOUT_PARAMETERS = ["username", "ip_address"]
AXES_HANDLER = "axes.handlers.cache.AxesCacheHandler"
AXES_CLIENT_IP_CALLABLE = "charter_portal.client.client_address"
AXES_USERNAME_FORM_FIELD = "username"
AXES_LOCKOUT_CALLABLE = "accounts.lockout.locked_out"
AXES_RESET_ON_SUCCESS = True
AXES_VERBOSE = False

# Requests carry what forms need, no more: a form's text fields, or a file checked by its form.
DATA_UPLOAD_MAX_MEMORY_SIZE = env.int("DATA_UPLOAD_MAX_MEMORY_SIZE", default=256 * 1024)
DATA_UPLOAD_MAX_NUMBER_FIELDS = 400
# The largest request body at all (a 10 MB paper and its form).
MAX_REQUEST_BYTES = env.int("MAX_REQUEST_BYTES", default=12 * 1024 * 1024)

# How many days an invitation to join a project can be used.
INVITATION_DAYS = env.int("INVITATION_DAYS", default=14)

CRISPY_ALLOWED_TEMPLATE_PACKS = ["gds"]
CRISPY_TEMPLATE_PACK = "gds"

MESSAGE_STORAGE = "django.contrib.messages.storage.session.SessionStorage"

# Security headers. HTTPS-only settings follow DEBUG: on for production.
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
SECURE_SSL_REDIRECT = env.bool("SECURE_SSL_REDIRECT", default=not DEBUG)
# A load balancer asks each server over plain HTTP whether it is healthy.
SECURE_REDIRECT_EXEMPT = [r"^healthz/$"]
SECURE_HSTS_SECONDS = env.int("SECURE_HSTS_SECONDS", default=0 if DEBUG else 31536000)
SECURE_HSTS_INCLUDE_SUBDOMAINS = env.bool("SECURE_HSTS_INCLUDE_SUBDOMAINS", default=not DEBUG)
SECURE_HSTS_PRELOAD = env.bool("SECURE_HSTS_PRELOAD", default=not DEBUG)
SESSION_COOKIE_SECURE = not DEBUG
CSRF_COOKIE_SECURE = not DEBUG
SESSION_COOKIE_HTTPONLY = True
if env.bool("TRUST_X_FORWARDED_PROTO", default=False):
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")

# Enforced Content Security Policy: everything comes from this site and no
# inline script or style is allowed anywhere.
SECURE_CSP = {
    "default-src": [CSP.SELF],
    "script-src": [CSP.SELF],
    "style-src": [CSP.SELF],
    "img-src": [CSP.SELF],
    "font-src": [CSP.SELF],
    "connect-src": [CSP.SELF],
    "form-action": [CSP.SELF],
    "frame-ancestors": [CSP.NONE],
    "base-uri": [CSP.SELF],
    "object-src": [CSP.NONE],
}

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env.str("LOG_LEVEL", default="INFO")},
    # Each failed or successful sign-in is not news; a lockout is (a warning).
    # WeasyPrint reports each CSS rule it skips while making a PDF: only its errors matter.
    "loggers": {"axes": {"level": "WARNING"}, "weasyprint": {"level": "ERROR"}, "fontTools": {"level": "ERROR"}},
}
