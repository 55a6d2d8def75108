"""Django settings. Values come from environment variables through ``ipoffice.config``.

See docs/settings.md for every variable.
"""

from __future__ import annotations

import os
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
    "rest_framework.authtoken",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "django_filters",
    "csp",
    "ipoffice.common",
    "ipoffice.audit",
    "ipoffice.deadlines",
    "ipoffice.offices",
    "ipoffice.accounts",
    "ipoffice.cases",
    "ipoffice.complaints",
    "ipoffice.reporting",
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
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
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
            ],
        },
    },
]

AUTH_USER_MODEL = "accounts.User"
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
        "rest_framework.authentication.TokenAuthentication",
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
}

# 12330 complaints: how far apart two complaints may be received and still be offered
# to the agent as duplicates; how many public submissions one address may make.
IPOFFICE_DUPLICATE_WINDOW_DAYS = CONFIG.duplicate_window_days
REST_FRAMEWORK["DEFAULT_THROTTLE_RATES"] = {
    "public_submit": CONFIG.public_submit_rate,
    "public_lookup": CONFIG.public_lookup_rate,
    "platform": CONFIG.platform_rate,
}
CACHES = {"default": CONFIG.cache}
# How many proxies (load balancers) stand in front: the client address for rate limits is
# taken that far from the end of X-Forwarded-For; 0 trusts only the connection's address.
REST_FRAMEWORK["NUM_PROXIES"] = CONFIG.num_proxies

# Input limits (docs/security.md#input-limits). A body other than files is refused above
# IPOFFICE_MAX_BODY_BYTES before anything parses it (common.middleware.LimitRequestBody),
# a request with files above the files' limits plus that.
IPOFFICE_MAX_BODY_BYTES = CONFIG.max_body_bytes
IPOFFICE_MAX_LIST_ITEMS = CONFIG.max_list_items
IPOFFICE_UPLOAD_MAX_FILES = CONFIG.upload_max_files
IPOFFICE_UPLOAD_MAX_BYTES = CONFIG.upload_max_bytes
IPOFFICE_UPLOAD_DAILY_BYTES = CONFIG.upload_daily_bytes
DATA_UPLOAD_MAX_MEMORY_SIZE = CONFIG.max_body_bytes
DATA_UPLOAD_MAX_NUMBER_FILES = CONFIG.upload_max_files
DATA_UPLOAD_MAX_NUMBER_FIELDS = 1000
