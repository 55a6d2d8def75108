"""Django settings. Values come from environment variables through ``ipoffice.config``.

See docs/settings.md for every variable.
"""

from __future__ import annotations

import os
from datetime import timedelta
from pathlib import Path

import django_stubs_ext
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

from ipoffice import config

django_stubs_ext.monkeypatch()  # lets generic classes such as ModelAdmin[Model] run

PACKAGE_DIR = Path(__file__).resolve().parent
BASE_DIR = PACKAGE_DIR.parent.parent

try:
    CONFIG = config.load(os.environ, base_dir=BASE_DIR)
except config.ConfigError as exc:
    raise ImproperlyConfigured(str(exc)) from None

DEBUG = CONFIG.debug
SECRET_KEY = CONFIG.secret_key
ALLOWED_HOSTS = CONFIG.allowed_hosts
CSRF_TRUSTED_ORIGINS = CONFIG.csrf_trusted_origins
DATABASES = {"default": CONFIG.database}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
if CONFIG.database["ENGINE"].endswith("sqlite3"):
    CONFIG.data_dir.mkdir(parents=True, exist_ok=True)
    # Several writers (web, commands) share one file: wait for locks instead of failing.
    DATABASES["default"].setdefault("OPTIONS", {})["timeout"] = 20

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "rest_framework",
    "axes",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "django_filters",
    "pgtrigger",
    "csp",
    "ipoffice.common",
    "ipoffice.audit",
    "ipoffice.deadlines",
    "ipoffice.offices",
    "ipoffice.outbox",
    "ipoffice.accounts",
    "ipoffice.notifications",
    "ipoffice.cases",
    "ipoffice.complaints",
    "ipoffice.coordination",
    # After cases and complaints: their report forms are registered (and listed) first.
    "ipoffice.campaigns",
    "ipoffice.training",
    "ipoffice.disclosure",
    "ipoffice.privacy",
    "ipoffice.reporting",
    "ipoffice.assessment",
    "ipoffice.demo",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "csp.middleware.CSPMiddleware",
    "ipoffice.common.middleware.PermissionsPolicy",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "ipoffice.common.middleware.LimitRequestBody",
    "ipoffice.common.middleware.RefuseControlCharacters",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "ipoffice.accounts.middleware.SessionTimeouts",
    "ipoffice.accounts.middleware.PasswordChangeRequired",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    # Last: turns a lockout flagged during authentication into the lockout page.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "ipoffice.urls"
WSGI_APPLICATION = "ipoffice.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [PACKAGE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "ipoffice.notifications.context_processors.unread",
            ],
        },
    },
]

AUTH_USER_MODEL = "accounts.User"
# axes first: it refuses a locked-out user name or address before any password is hashed.
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "login"

# Officers work in Simplified Chinese; the browser's language decides, with a switch.
LANGUAGE_CODE = "zh-hans"
LANGUAGES = [("zh-hans", _("Simplified Chinese")), ("en", _("English"))]
LOCALE_PATHS = [PACKAGE_DIR / "locale"]
USE_I18N = True
TIME_ZONE = "Asia/Shanghai"
USE_TZ = True
# Numbers in pages grouped by thousands (16,227), dates as each language writes them
# (ipoffice/formats/); years, codes and ids are printed with ``unlocalize``.
USE_THOUSAND_SEPARATOR = True
FORMAT_MODULE_PATH = ["ipoffice.formats"]

STATIC_URL = "/static/"
STATIC_ROOT = CONFIG.data_dir / "static"
STATICFILES_DIRS = [PACKAGE_DIR / "static"]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": (
            "whitenoise.storage.CompressedManifestStaticFilesStorage"
            if CONFIG.production
            else "django.contrib.staticfiles.storage.StaticFilesStorage"
        )
    },
}
STATIC_ROOT.mkdir(parents=True, exist_ok=True)
WHITENOISE_USE_FINDERS = not CONFIG.production
MEDIA_ROOT = CONFIG.data_dir / "media"

SESSION_COOKIE_SECURE = CONFIG.secure_cookies
# Sessions end after IPOFFICE_SESSION_IDLE_MINUTES without a request and at the latest
# IPOFFICE_SESSION_MAX_HOURS after login (accounts.middleware.SessionTimeouts); the cookie
# lives no longer than the second.
IPOFFICE_SESSION_IDLE_MINUTES = CONFIG.session_idle_minutes
IPOFFICE_SESSION_MAX_HOURS = CONFIG.session_max_hours
SESSION_COOKIE_AGE = CONFIG.session_max_hours * 3600
CSRF_COOKIE_SECURE = CONFIG.secure_cookies
SESSION_COOKIE_HTTPONLY = True
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
# TLS is normally ended by the load balancer, which then owns HSTS and the redirect to
# https (docs/deployment.md); these let the app do it where it serves TLS itself.
SECURE_HSTS_SECONDS = CONFIG.hsts_seconds
SECURE_SSL_REDIRECT = CONFIG.ssl_redirect
if CONFIG.num_proxies:
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")

# A strict Content-Security-Policy (django-csp): scripts, styles, images and fonts from
# this site only, no inline script or style, no framing, forms posting here only. Pages
# that need more say so themselves, narrowly (the API docs: urls.py). See
# docs/security.md#headers-and-csp.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'none'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "img-src": ["'self'"],
        "font-src": ["'self'"],
        "connect-src": ["'self'"],
        "manifest-src": ["'self'"],
        "form-action": ["'self'"],
        "frame-ancestors": ["'none'"],
        "base-uri": ["'none'"],
        "object-src": ["'none'"],
    }
}
# Browser features no page of ipoffice uses, switched off (common.middleware).
PERMISSIONS_POLICY = (
    "accelerometer=(), camera=(), geolocation=(), gyroscope=(), magnetometer=(), "
    "microphone=(), payment=(), usb=(), interest-cohort=(), browsing-topics=()"
)

REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "rest_framework.authentication.SessionAuthentication",
        "ipoffice.accounts.authentication.HashedTokenAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["ipoffice.common.permissions.ModelPermissions"],
    "DEFAULT_PAGINATION_CLASS": "ipoffice.common.pagination.CappedPagination",
    "PAGE_SIZE": 50,
    "DEFAULT_SCHEMA_CLASS": "ipoffice.common.api.AutoSchema",
    "EXCEPTION_HANDLER": "ipoffice.common.api.exception_handler",
}
SPECTACULAR_SETTINGS = {
    "TITLE": "ipoffice API",
    "DESCRIPTION": "Enforcement cases, 12330 complaints and reporting for IP offices.",
    "VERSION": "1",
    "SERVE_INCLUDE_SCHEMA": False,
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    "SCHEMA_PATH_PREFIX": "/api/v1",
    # One name per choice set, where two apps' fields share a name ("status", "kind").
    "ENUM_NAME_OVERRIDES": {
        "CaseStatusEnum": "ipoffice.cases.enums.CaseStatus",
        "ComplaintStatusEnum": "ipoffice.complaints.enums.ComplaintStatus",
        "ReportStatusEnum": "ipoffice.reporting.enums.ReportStatus",
        "ComplaintKindEnum": "ipoffice.complaints.enums.ComplaintKind",
        "AttachmentKindEnum": "ipoffice.cases.enums.AttachmentKind",
        "PartyKindEnum": "ipoffice.cases.enums.PartyKind",
        "CaseTransitionEnum": "ipoffice.cases.api.TRANSITION_NAMES",
        "ComplaintTransitionEnum": "ipoffice.complaints.serializers.TRANSITION_NAMES",
        "ReportTransitionEnum": "ipoffice.reporting.api.TRANSITION_NAMES",
        "TransferAuthorityEnum": "ipoffice.cases.enums.TransferAuthority",
        "AuthorityEnum": "ipoffice.complaints.enums.Authority",
        "CoordinationKindEnum": "ipoffice.coordination.enums.RequestKind",
        "CoordinationTransitionEnum": "ipoffice.coordination.api.TRANSITION_NAMES",
        "AuthorityActionEnum": "ipoffice.coordination.api.AUTHORITY_ACTION_NAMES",
        "LevelEnum": "ipoffice.offices.models.OfficeLevel",
        "SourceEnum": "ipoffice.cases.enums.CaseSource",
        "AssessedLevelEnum": "ipoffice.assessment.enums.AssessedLevel",
        "SchemeStatusEnum": "ipoffice.assessment.enums.SchemeStatus",
        "RoundStatusEnum": "ipoffice.assessment.enums.RoundStatus",
        "AssessmentStatusEnum": "ipoffice.assessment.enums.AssessmentStatus",
        "RuleKindEnum": "ipoffice.assessment.enums.RuleKind",
        "ValueSourceEnum": "ipoffice.assessment.enums.ValueSource",
        "ProvenanceEnum": "ipoffice.assessment.enums.Provenance",
        "AssessmentTransitionEnum": "ipoffice.assessment.api.TRANSITION_NAMES",
    },
    "POSTPROCESSING_HOOKS": [
        "drf_spectacular.hooks.postprocess_schema_enums",
        "ipoffice.common.api.schema_error_responses",
        "ipoffice.common.api.schema_sorted",
    ],
}

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": CONFIG.log_level},
    # axes notes every failed login at INFO; lockouts are in the audit trail.
    "loggers": {"axes": {"level": "WARNING"}},
}

# 12330 complaints: how far apart two complaints may be received and still be offered
# to the agent as duplicates; how many public submissions one address may make.
IPOFFICE_DUPLICATE_WINDOW_DAYS = CONFIG.duplicate_window_days
IPOFFICE_PUBLIC_URL = CONFIG.public_url
IPOFFICE_SATISFACTION_LINK_DAYS = CONFIG.satisfaction_link_days
REST_FRAMEWORK["DEFAULT_THROTTLE_RATES"] = {
    "public_submit": CONFIG.public_submit_rate,
    "public_lookup": CONFIG.public_lookup_rate,
    "platform": CONFIG.platform_rate,
}
CACHES = {"default": CONFIG.cache}

# Personal data (PIPL): days after a complaint or case is finished before its
# complainant's or individual parties' contact data are anonymised (ipoffice.privacy).
IPOFFICE_PERSONAL_DATA_RETENTION_DAYS = CONFIG.personal_data_retention_days
# The TrueType font (.ttf, .ttc) the PDF annual report embeds; None: the first of the
# known system fonts that exists (common/pdf.py, PDF_FONTS).
IPOFFICE_PDF_FONT = CONFIG.pdf_font
IPOFFICE_SITE_URL = CONFIG.site_url
# How many proxies (load balancers) stand in front: the client address for rate limits is
# taken that far from the end of X-Forwarded-For; 0 trusts only the connection's address.
REST_FRAMEWORK["NUM_PROXIES"] = CONFIG.num_proxies
IPOFFICE_NUM_PROXIES = CONFIG.num_proxies  # the login lockout counts addresses the same way

# Login protection (django-axes; docs/security.md#login-protection-and-sessions). Failures
# are counted in the database, which every process shares, per user name and per address,
# each with its own limit (accounts.lockout.AuditedLockoutHandler).
IPOFFICE_LOGIN_FAILURES_PER_USER = CONFIG.login_failures_per_user
IPOFFICE_LOGIN_FAILURES_PER_ADDRESS = CONFIG.login_failures_per_address
IPOFFICE_LOGIN_LOCKOUT_MINUTES = CONFIG.login_lockout_minutes
AXES_HANDLER = "ipoffice.accounts.lockout.AuditedLockoutHandler"
AXES_LOCKOUT_PARAMETERS = ["username", "ip_address"]
AXES_FAILURE_LIMIT = CONFIG.login_failures_per_user
AXES_COOLOFF_TIME = timedelta(minutes=CONFIG.login_lockout_minutes)
# A refused attempt during a lockout does not prolong it: the message can name the minutes.
AXES_RESET_COOL_OFF_ON_FAILURE_DURING_LOCKOUT = False
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_CALLABLE = "ipoffice.accounts.lockout.lockout_response"
AXES_CLIENT_IP_CALLABLE = "ipoffice.accounts.lockout.client_address"
# Lockouts go into the office-scoped audit trail; axes' own pages would list every
# office's user names and addresses, so they stay off. Successful logins are not logged.
AXES_ENABLE_ADMIN = False
AXES_DISABLE_ACCESS_LOG = True
AXES_VERBOSE = False

# Input limits (docs/security.md#input-limits). A body other than files is refused above
# IPOFFICE_MAX_BODY_BYTES before anything parses it (common.middleware.LimitRequestBody),
# a request with files above the files' limits plus that.
IPOFFICE_MAX_BODY_BYTES = CONFIG.max_body_bytes
IPOFFICE_MAX_LIST_ITEMS = CONFIG.max_list_items
IPOFFICE_UPLOAD_MAX_FILES = CONFIG.upload_max_files
IPOFFICE_UPLOAD_MAX_BYTES = CONFIG.upload_max_bytes
IPOFFICE_UPLOAD_DAILY_BYTES = CONFIG.upload_daily_bytes
# The public address of this installation, which links sent by e-mail begin with, and how
# long an outside authority's signed link stays valid (coordination/links.py).
IPOFFICE_COORDINATION_LINK_DAYS = CONFIG.coordination_link_days
DATA_UPLOAD_MAX_MEMORY_SIZE = CONFIG.max_body_bytes
DATA_UPLOAD_MAX_NUMBER_FILES = CONFIG.upload_max_files
DATA_UPLOAD_MAX_NUMBER_FIELDS = 1000

# The task queue (Celery; ipoffice/worker.py, docs/deployment.md#workers-and-the-scheduler).
# Workers acknowledge a task after it ran, so a worker killed mid-task leaves it to
# another; what must not be lost is in the database first (the outbox), the broker only
# carries the nudge.
CELERY_BROKER_URL = CONFIG.broker_url
if CONFIG.broker_url.startswith("filesystem://"):
    _broker_dir = CONFIG.broker_url.removeprefix("filesystem://")
    CELERY_BROKER_URL = "filesystem://"
    CELERY_BROKER_TRANSPORT_OPTIONS = {
        "data_folder_in": _broker_dir,
        "data_folder_out": _broker_dir,
        "control_folder": f"{_broker_dir}/control",
    }
    for _folder in (_broker_dir, f"{_broker_dir}/control"):
        os.makedirs(_folder, exist_ok=True)
CELERY_TASK_DEFAULT_QUEUE = CONFIG.task_queue
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_TASK_IGNORE_RESULT = True
CELERY_BROKER_CONNECTION_TIMEOUT = 2
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
CELERY_TIMEZONE = TIME_ZONE
CELERY_WORKER_HIJACK_ROOT_LOGGER = False

# The outbox (ipoffice.outbox): e-mail by SMTP, SMS through an HTTP gateway, webhooks.
_smtp = CONFIG.smtp
EMAIL_BACKEND = _smtp["backend"]
EMAIL_FILE_PATH = str(CONFIG.data_dir / "mail")
EMAIL_HOST = _smtp.get("host", "localhost")
EMAIL_PORT = _smtp.get("port", 25)
EMAIL_HOST_USER = _smtp.get("user", "")
EMAIL_HOST_PASSWORD = _smtp.get("password", "")
EMAIL_USE_TLS = _smtp.get("starttls", False)
EMAIL_USE_SSL = _smtp.get("ssl", False)
EMAIL_TIMEOUT = _smtp.get("timeout", 10)
DEFAULT_FROM_EMAIL = CONFIG.mail_from
SERVER_EMAIL = CONFIG.mail_from
IPOFFICE_SMS_GATEWAY_URL = CONFIG.sms_gateway_url
IPOFFICE_SMS_GATEWAY_TOKEN = CONFIG.sms_gateway_token
IPOFFICE_WEBHOOK_SECRET = CONFIG.webhook_secret
IPOFFICE_OUTBOX_MAX_ATTEMPTS = CONFIG.outbox_max_attempts
IPOFFICE_OUTBOX_RETRY_SECONDS = CONFIG.outbox_retry_seconds
IPOFFICE_OUTBOX_RETRY_MAX_SECONDS = CONFIG.outbox_retry_max_seconds
IPOFFICE_OUTBOX_LEASE_SECONDS = CONFIG.outbox_lease_seconds
IPOFFICE_ADMIN_EMAILS = CONFIG.admin_emails
IPOFFICE_JOB_SCHEDULE = CONFIG.job_schedule
# Development without a gateway: SMS are written to this folder instead of being sent.
IPOFFICE_SMS_FOLDER = None if CONFIG.production else str(CONFIG.data_dir / "sms")
