"""Settings come from the environment and refuse bad values loudly."""

import os
import subprocess
import sys
from pathlib import Path

import pytest

from ipoffice.config import ConfigError, load

BASE = Path("/tmp/ipoffice-config-test")
GOOD_KEY = "k" * 40


def production(**extra):
    return {"IPOFFICE_MODE": "production", "IPOFFICE_SECRET_KEY": GOOD_KEY,
            "IPOFFICE_ALLOWED_HOSTS": "ipoffice.example.gov.cn", **extra}  # fmt: skip


def test_defaults_are_secure():
    config = load(production(), base_dir=BASE)
    assert config.production and not config.debug and config.secure_cookies
    assert config.database["ENGINE"] == "django.db.backends.sqlite3"
    assert config.database["NAME"].endswith("var/ipoffice.sqlite3")


def test_unset_mode_means_production_and_needs_a_secret_key():
    with pytest.raises(ConfigError, match="IPOFFICE_SECRET_KEY is required"):
        load({}, base_dir=BASE)


@pytest.mark.parametrize("env,message", [
    ({"IPOFFICE_SECRET_KEY": ""}, "IPOFFICE_SECRET_KEY is required"),
    ({"IPOFFICE_SECRET_KEY": "short"}, "32 characters"),
    ({"IPOFFICE_MODE": "staging"}, "IPOFFICE_MODE='staging' must be one of"),
    ({"IPOFFICE_DEBUG": "maybe"}, "IPOFFICE_DEBUG='maybe' is not a boolean"),
    ({"IPOFFICE_DEBUG": "true"}, "refused when IPOFFICE_MODE=production"),
    ({"IPOFFICE_SECURE_COOKIES": "2"}, "IPOFFICE_SECURE_COOKIES='2' is not a boolean"),
    ({"IPOFFICE_ALLOWED_HOSTS": ""}, "IPOFFICE_ALLOWED_HOSTS is required"),
    ({"IPOFFICE_LOG_LEVEL": "LOUD"}, "IPOFFICE_LOG_LEVEL='LOUD'"),
    ({"DATABASE_URL": "mysql://root@localhost/x"}, "DATABASE_URL='mysql://root@localhost/x'"),
    ({"DATABASE_URL": "postgres://user@host"}, "names no database"),
])  # fmt: skip
def test_bad_values_fail_naming_the_variable(env, message):
    with pytest.raises(ConfigError, match=message.replace("(", r"\(")):
        load(production(**env), base_dir=BASE)


def test_database_url_selects_postgresql():
    config = load(production(DATABASE_URL="postgres://clerk@db.internal:5433/ipoffice"),
                  base_dir=BASE)  # fmt: skip
    db = config.database
    assert (db["ENGINE"], db["USER"], db["HOST"], db["PORT"], db["NAME"]) == (
        "django.db.backends.postgresql",
        "clerk",
        "db.internal",
        5433,
        "ipoffice",
    )


def test_development_mode_runs_without_a_secret_key():
    config = load({"IPOFFICE_MODE": "development"}, base_dir=BASE)
    assert config.debug and not config.secure_cookies and "127.0.0.1" in config.allowed_hosts


def test_the_command_refuses_to_start_in_production_without_a_secret_key(tmp_path):
    env = {k: v for k, v in os.environ.items() if not k.startswith(("IPOFFICE_", "DJANGO_"))}
    env.update(IPOFFICE_MODE="production", IPOFFICE_DATA_DIR=str(tmp_path))
    result = subprocess.run([sys.executable, "-m", "ipoffice", "check"], env=env,
                            capture_output=True, text=True, timeout=60)  # fmt: skip
    assert result.returncode == 2
    assert "IPOFFICE_SECRET_KEY is required" in result.stderr


def test_production_counts_rate_limits_in_redis_by_default():
    cache = load(production(), base_dir=BASE).cache
    assert cache == {"BACKEND": "django.core.cache.backends.redis.RedisCache",
                     "LOCATION": "redis://127.0.0.1:6379/0"}  # fmt: skip
    local = load(production(REDIS_URL="local"), base_dir=BASE).cache
    assert local["BACKEND"].endswith("LocMemCache")
    development = load({"IPOFFICE_MODE": "development"}, base_dir=BASE).cache
    assert development["BACKEND"].endswith("LocMemCache")


@pytest.mark.parametrize(("name", "attribute", "value"), [
    ("IPOFFICE_MAX_BODY_BYTES", "max_body_bytes", 65536),
    ("IPOFFICE_MAX_LIST_ITEMS", "max_list_items", 10),
    ("IPOFFICE_UPLOAD_MAX_FILES", "upload_max_files", 3),
    ("IPOFFICE_UPLOAD_MAX_BYTES", "upload_max_bytes", 1048576),
    ("IPOFFICE_UPLOAD_DAILY_BYTES", "upload_daily_bytes", 10485760),
])  # fmt: skip
def test_input_limits_come_from_the_environment(name, attribute, value):
    assert getattr(load(production(**{name: str(value)}), base_dir=BASE), attribute) == value
    with pytest.raises(ConfigError, match=name):
        load(production(**{name: "0"}), base_dir=BASE)


def test_the_task_queue_and_outbox_settings():
    config = load(production(), base_dir=BASE)
    assert config.broker_url == "amqp://guest:guest@127.0.0.1:5672//"
    assert config.smtp["host"] == "127.0.0.1" and config.smtp["port"] == 25
    dev = load({"IPOFFICE_MODE": "development"}, base_dir=BASE)
    assert dev.broker_url.startswith("filesystem://") and dev.broker_url.endswith("var/broker")
    assert dev.smtp["backend"].endswith("filebased.EmailBackend")
    moved = load(production(IPOFFICE_JOB_SCHEDULE="outbox-sweep=2s, history-verify=04:15"),
                 base_dir=BASE)  # fmt: skip
    assert moved.job_schedule["outbox-sweep"][0].total_seconds() == 2
    assert moved.job_schedule["history-verify"][1].strftime("%H:%M") == "04:15"


@pytest.mark.parametrize(
    ("env", "message"),
    [
        ({"IPOFFICE_BROKER_URL": "kafka://x"}, "IPOFFICE_BROKER_URL"),
        ({"IPOFFICE_SMS_GATEWAY_URL": "ftp://x"}, "IPOFFICE_SMS_GATEWAY_URL"),
        ({"IPOFFICE_JOB_SCHEDULE": "history-verify=tomorrow"}, "IPOFFICE_JOB_SCHEDULE"),
        ({"IPOFFICE_SMTP_STARTTLS": "true", "IPOFFICE_SMTP_SSL": "true"}, "exclude each other"),
    ],
)
def test_bad_outbox_settings_fail_naming_the_variable(env, message):
    with pytest.raises(ConfigError, match=message):
        load(production(**env), base_dir=BASE)
