"""Typed settings read from environment variables.

Every value is parsed here, once; a value that does not parse stops the process
with a message naming the variable, rather than running with a silent default.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import time, timedelta
from pathlib import Path
from typing import Any

import dj_database_url

MODES = ("production", "development")
TRUE_WORDS = {"true", "1", "yes", "on"}
FALSE_WORDS = {"false", "0", "no", "off"}


class ConfigError(ValueError):
    """A setting has a value that ipoffice refuses to start with."""


def env_bool(env: Mapping[str, str], name: str, default: bool) -> bool:
    raw = env.get(name)
    if raw is None or raw == "":
        return default
    word = raw.strip().lower()
    if word in TRUE_WORDS:
        return True
    if word in FALSE_WORDS:
        return False
    raise ConfigError(f"{name}={raw!r} is not a boolean; use true or false")


def env_int(env: Mapping[str, str], name: str, default: int, *, minimum: int = 0) -> int:
    raw = env.get(name)
    if raw is None or raw == "":
        return default
    try:
        value = int(raw)
    except ValueError:
        raise ConfigError(f"{name}={raw!r} is not a whole number") from None
    if value < minimum:
        raise ConfigError(f"{name}={value} is below the minimum of {minimum}")
    return value


def env_list(env: Mapping[str, str], name: str, default: list[str]) -> list[str]:
    raw = env.get(name)
    if raw is None or raw.strip() == "":
        return list(default)
    return [item.strip() for item in raw.split(",") if item.strip()]


def env_file(env: Mapping[str, str], name: str) -> Path | None:
    raw = env.get(name, "").strip()
    if not raw:
        return None
    if not Path(raw).is_file():
        raise ConfigError(f"{name}={raw!r}: no such file")
    return Path(raw)


def env_choice(env: Mapping[str, str], name: str, choices: tuple[str, ...], default: str) -> str:
    raw = env.get(name, "").strip() or default
    if raw not in choices:
        raise ConfigError(f"{name}={raw!r} must be one of: {', '.join(choices)}")
    return raw


def env_rate(env: Mapping[str, str], name: str, default: str) -> str:
    """A DRF throttle rate such as "20/hour"."""
    raw = env.get(name, "").strip() or default
    count, _sep, period = raw.partition("/")
    if not count.isdigit() or period not in ("second", "minute", "hour", "day", "s", "m", "h", "d"):
        raise ConfigError(f"{name}={raw!r} is not a rate such as 20/hour")
    return raw


DEFAULT_REDIS_URL = "redis://127.0.0.1:6379/0"


def parse_cache_url(url: str, *, production: bool = False) -> dict[str, Any]:
    """REDIS_URL (redis://host:port/db): the cache shared by every app process, which holds
    the rate-limit counters. In production it defaults to Redis on this machine, so that
    several workers count one limit; ``local`` keeps a cache per process (a single-process
    trial), as development does without REDIS_URL."""
    if url == "local" or (not url and not production):
        return {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}
    url = url or DEFAULT_REDIS_URL
    if not url.startswith(("redis://", "rediss://")):
        raise ConfigError(f"REDIS_URL={url!r} is not a redis:// address")
    return {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": url}


DEFAULT_BROKER_URL = "amqp://guest:guest@127.0.0.1:5672//"
BROKER_SCHEMES = ("amqp://", "amqps://", "pyamqp://", "redis://", "rediss://", "memory://")


def parse_broker_url(url: str, *, production: bool, data_dir: Path) -> str:
    """IPOFFICE_BROKER_URL: the task queue's broker. Production defaults to RabbitMQ on this
    machine; development without it uses an embedded broker, a folder under the data
    directory that the web process, the worker and the scheduler share (kombu's
    filesystem transport), so that a trial needs no broker running."""
    if not url:
        if production:
            return DEFAULT_BROKER_URL
        return f"filesystem://{(data_dir / 'broker').resolve()}"
    if not url.startswith((*BROKER_SCHEMES, "filesystem://")):
        raise ConfigError(
            f"IPOFFICE_BROKER_URL={url!r} is not a broker address such as "
            f"{DEFAULT_BROKER_URL} or redis://127.0.0.1:6379/1"
        )
    return url


def parse_smtp(env: Mapping[str, str], *, production: bool) -> dict[str, Any]:
    """Where e-mail goes: IPOFFICE_SMTP_HOST and friends. Production defaults to the mail
    server on this machine (port 25); development without a host writes each mail as a
    file under the data directory (Django's file backend) instead of sending it."""
    host = env.get("IPOFFICE_SMTP_HOST", "").strip()
    if not host and not production:
        return {"backend": "django.core.mail.backends.filebased.EmailBackend"}
    tls = env_bool(env, "IPOFFICE_SMTP_STARTTLS", default=False)
    ssl = env_bool(env, "IPOFFICE_SMTP_SSL", default=False)
    if tls and ssl:
        raise ConfigError("IPOFFICE_SMTP_STARTTLS and IPOFFICE_SMTP_SSL exclude each other")
    return {
        "backend": "django.core.mail.backends.smtp.EmailBackend",
        "host": host or "127.0.0.1",
        "port": env_int(env, "IPOFFICE_SMTP_PORT", 465 if ssl else 25, minimum=1),
        "user": env.get("IPOFFICE_SMTP_USER", ""),
        "password": env.get("IPOFFICE_SMTP_PASSWORD", ""),
        "starttls": tls,
        "ssl": ssl,
        "timeout": env_int(env, "IPOFFICE_SMTP_TIMEOUT", 10, minimum=1),
    }


_UNITS = {"s": 1, "m": 60, "h": 3600}


def parse_job_schedule(raw: str) -> dict[str, tuple[timedelta | None, time | None]]:
    """IPOFFICE_JOB_SCHEDULE: when the scheduler runs a job instead of its default, as
    name=interval (30s, 5m, 2h) or name=HH:MM (daily), comma-separated."""
    found: dict[str, tuple[timedelta | None, time | None]] = {}
    for item in filter(None, (part.strip() for part in raw.split(","))):
        name, _sep, when = item.partition("=")
        name, when = name.strip(), when.strip()
        try:
            if ":" in when:
                hour, minute = (int(x) for x in when.split(":"))
                found[name] = (None, time(hour, minute))
            else:
                amount = float(when[:-1])
                if amount <= 0:
                    raise ValueError
                found[name] = (timedelta(seconds=amount * _UNITS[when[-1]]), None)
        except (ValueError, KeyError, IndexError):
            raise ConfigError(
                f"IPOFFICE_JOB_SCHEDULE: {item!r} is not name=30s, name=5m or name=04:00"
            ) from None
    return found


def env_url(env: Mapping[str, str], name: str) -> str:
    raw = env.get(name, "").strip()
    if raw and not raw.startswith(("http://", "https://")):
        raise ConfigError(f"{name}={raw!r} is not an http:// or https:// address")
    return raw


def parse_database_url(url: str) -> dict[str, Any]:
    if not url.startswith(("sqlite://", "postgres://", "postgresql://")):
        raise ConfigError(
            f"DATABASE_URL={url!r} is not supported; use sqlite:////path/db.sqlite3 "
            "or postgres://user@host/name"
        )
    try:
        parsed: dict[str, Any] = dict(dj_database_url.parse(url, conn_max_age=60))
    except ValueError as exc:
        raise ConfigError(f"DATABASE_URL={url!r} does not parse: {exc}") from None
    if not parsed.get("NAME"):
        raise ConfigError(f"DATABASE_URL={url!r} names no database")
    return parsed


@dataclass(frozen=True)
class Config:
    mode: str
    debug: bool
    secret_key: str
    allowed_hosts: list[str]
    csrf_trusted_origins: list[str]
    database: dict[str, Any]
    secure_cookies: bool
    data_dir: Path
    log_level: str
    pdf_font: Path | None
    duplicate_window_days: int
    personal_data_retention_days: int
    public_submit_rate: str
    public_lookup_rate: str
    platform_rate: str
    cache: dict[str, Any]
    num_proxies: int
    login_failures_per_user: int
    login_failures_per_address: int
    login_lockout_minutes: int
    session_idle_minutes: int
    session_max_hours: int
    max_body_bytes: int
    max_list_items: int
    upload_max_files: int
    upload_max_bytes: int
    upload_daily_bytes: int
    site_url: str
    hsts_seconds: int
    ssl_redirect: bool
    broker_url: str
    task_queue: str
    smtp: dict[str, Any]
    mail_from: str
    sms_gateway_url: str
    sms_gateway_token: str
    webhook_secret: str
    outbox_max_attempts: int
    outbox_retry_seconds: int
    outbox_retry_max_seconds: int
    outbox_lease_seconds: int
    admin_emails: list[str]
    job_schedule: dict[str, tuple[timedelta | None, time | None]]
    public_url: str
    satisfaction_link_days: int

    @property
    def production(self) -> bool:
        return self.mode == "production"


DEV_SECRET = "ipoffice-development-only-secret-key-never-use-in-production"


def load(env: Mapping[str, str], *, base_dir: Path) -> Config:
    """Read the whole configuration from ``env``; raise ConfigError on the first bad value."""
    mode = env_choice(env, "IPOFFICE_MODE", MODES, "production")
    production = mode == "production"
    secret_key = env.get("IPOFFICE_SECRET_KEY", "").strip()
    if production:
        if not secret_key:
            raise ConfigError(
                "IPOFFICE_SECRET_KEY is required when IPOFFICE_MODE=production "
                "(set IPOFFICE_MODE=development for a local trial)"
            )
        if len(secret_key) < 32 or secret_key == DEV_SECRET:
            raise ConfigError(
                "IPOFFICE_SECRET_KEY must be a random string of 32 characters or more"
            )
    else:
        secret_key = secret_key or DEV_SECRET
    debug = env_bool(env, "IPOFFICE_DEBUG", default=not production)
    if debug and production:
        raise ConfigError("IPOFFICE_DEBUG=true is refused when IPOFFICE_MODE=production")
    data_dir = Path(env.get("IPOFFICE_DATA_DIR", "").strip() or base_dir / "var")
    default_db = f"sqlite:///{(data_dir / 'ipoffice.sqlite3').resolve()}"
    database = parse_database_url(env.get("DATABASE_URL", "").strip() or default_db)
    hosts_default = [] if production else ["127.0.0.1", "localhost", "testserver"]
    allowed_hosts = env_list(env, "IPOFFICE_ALLOWED_HOSTS", hosts_default)
    if production and not allowed_hosts:
        raise ConfigError("IPOFFICE_ALLOWED_HOSTS is required when IPOFFICE_MODE=production")
    # Where the public reaches the site: the links in messages to complainants and to
    # outside authorities (no trailing slash).
    public_url = env_url(env, "IPOFFICE_PUBLIC_URL").rstrip("/") or (
        f"https://{allowed_hosts[0]}" if production else "http://127.0.0.1:8000"
    )
    return Config(
        mode=mode,
        debug=debug,
        secret_key=secret_key,
        allowed_hosts=allowed_hosts,
        csrf_trusted_origins=env_list(env, "IPOFFICE_CSRF_TRUSTED_ORIGINS", []),
        database=database,
        secure_cookies=env_bool(env, "IPOFFICE_SECURE_COOKIES", default=production),
        data_dir=data_dir,
        log_level=env_choice(
            env, "IPOFFICE_LOG_LEVEL", ("DEBUG", "INFO", "WARNING", "ERROR"), "INFO"
        ),
        pdf_font=env_file(env, "IPOFFICE_PDF_FONT"),
        duplicate_window_days=env_int(env, "IPOFFICE_DUPLICATE_WINDOW_DAYS", 30, minimum=1),
        # Three years: the limitation period of civil claims (Civil Code art. 188), within
        # which a party may still sue over the dispute and need the office's file.
        personal_data_retention_days=env_int(
            env, "IPOFFICE_PERSONAL_DATA_RETENTION_DAYS", 1095, minimum=1
        ),
        public_submit_rate=env_rate(env, "IPOFFICE_PUBLIC_SUBMIT_RATE", "20/hour"),
        public_lookup_rate=env_rate(env, "IPOFFICE_PUBLIC_LOOKUP_RATE", "60/hour"),
        platform_rate=env_rate(env, "IPOFFICE_PLATFORM_RATE", "10000/hour"),
        cache=parse_cache_url(env.get("REDIS_URL", "").strip(), production=production),
        num_proxies=env_int(env, "IPOFFICE_NUM_PROXIES", 0),
        login_failures_per_user=env_int(env, "IPOFFICE_LOGIN_FAILURES_PER_USER", 5, minimum=1),
        login_failures_per_address=env_int(
            env, "IPOFFICE_LOGIN_FAILURES_PER_ADDRESS", 30, minimum=1
        ),
        login_lockout_minutes=env_int(env, "IPOFFICE_LOGIN_LOCKOUT_MINUTES", 15, minimum=1),
        session_idle_minutes=env_int(env, "IPOFFICE_SESSION_IDLE_MINUTES", 30, minimum=1),
        session_max_hours=env_int(env, "IPOFFICE_SESSION_MAX_HOURS", 10, minimum=1),
        max_body_bytes=env_int(env, "IPOFFICE_MAX_BODY_BYTES", 1024 * 1024, minimum=1024),
        max_list_items=env_int(env, "IPOFFICE_MAX_LIST_ITEMS", 50, minimum=1),
        upload_max_files=env_int(env, "IPOFFICE_UPLOAD_MAX_FILES", 5, minimum=1),
        upload_max_bytes=env_int(env, "IPOFFICE_UPLOAD_MAX_BYTES", 20 * 1024 * 1024, minimum=1024),
        hsts_seconds=env_int(env, "IPOFFICE_HSTS_SECONDS", 0),
        public_url=public_url,
        satisfaction_link_days=env_int(env, "IPOFFICE_SATISFACTION_LINK_DAYS", 30, minimum=1),
        ssl_redirect=env_bool(env, "IPOFFICE_SSL_REDIRECT", default=False),
        upload_daily_bytes=env_int(
            env, "IPOFFICE_UPLOAD_DAILY_BYTES", 100 * 1024 * 1024, minimum=1024
        ),
        broker_url=parse_broker_url(
            env.get("IPOFFICE_BROKER_URL", "").strip(), production=production, data_dir=data_dir
        ),
        task_queue=env.get("IPOFFICE_TASK_QUEUE", "").strip() or "ipoffice",
        smtp=parse_smtp(env, production=production),
        mail_from=env.get("IPOFFICE_MAIL_FROM", "").strip() or "ipoffice@localhost",
        sms_gateway_url=env_url(env, "IPOFFICE_SMS_GATEWAY_URL"),
        sms_gateway_token=env.get("IPOFFICE_SMS_GATEWAY_TOKEN", "").strip(),
        # Signs webhook bodies (X-Ipoffice-Signature); defaults to a key derived from the
        # secret key, so receivers can be given it with `ipoffice outbox webhook-secret`.
        webhook_secret=env.get("IPOFFICE_WEBHOOK_SECRET", "").strip(),
        outbox_max_attempts=env_int(env, "IPOFFICE_OUTBOX_MAX_ATTEMPTS", 12, minimum=1),
        outbox_retry_seconds=env_int(env, "IPOFFICE_OUTBOX_RETRY_SECONDS", 30, minimum=0),
        outbox_retry_max_seconds=env_int(env, "IPOFFICE_OUTBOX_RETRY_MAX_SECONDS", 3600, minimum=0),
        outbox_lease_seconds=env_int(env, "IPOFFICE_OUTBOX_LEASE_SECONDS", 120, minimum=1),
        admin_emails=env_list(env, "IPOFFICE_ADMIN_EMAILS", []),
        job_schedule=parse_job_schedule(env.get("IPOFFICE_JOB_SCHEDULE", "")),
        # Where staff open the application (the links in their e-mails); on an intranet
        # it may differ from the public address. Default: the public address.
        site_url=env_url(env, "IPOFFICE_SITE_URL").rstrip("/") or public_url,
    )
