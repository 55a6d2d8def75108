"""The public look-up limit is one count for every process, and the look-up costs the
same whether the tracking number exists or not (docs/security.md#rate-limits)."""

from __future__ import annotations

import hashlib
import os
import subprocess
import sys
import uuid

import pytest
import redis

from ipoffice.complaints import selectors

# One process of the app in production mode with no cache configured: it counts in the
# default shared cache (Redis on this machine) and prints how many look-ups it let through.
LOOKUPS = """
import django, sys
django.setup()
from django.test import RequestFactory
from ipoffice.complaints.api import LookupThrottle
request = RequestFactory().get("/track/", REMOTE_ADDR=sys.argv[1])
print(sum(LookupThrottle().allow_request(request, None) for _ in range(3)))
"""


def run_process(address: str, tmp_path) -> int:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("IPOFFICE_", "REDIS_"))}
    env.update(
        IPOFFICE_MODE="production",
        IPOFFICE_SECRET_KEY="s" * 40,
        IPOFFICE_ALLOWED_HOSTS="ipoffice.example.gov.cn",
        IPOFFICE_DATA_DIR=str(tmp_path),
        IPOFFICE_PUBLIC_LOOKUP_RATE="5/hour",
        DJANGO_SETTINGS_MODULE="ipoffice.settings",
    )
    result = subprocess.run([sys.executable, "-c", LOOKUPS, address], env=env,
                            capture_output=True, text=True, timeout=120)  # fmt: skip
    assert result.returncode == 0, result.stderr
    return int(result.stdout.strip().splitlines()[-1])


def test_two_processes_share_one_look_up_count_in_redis(tmp_path):
    address = f"198.18.{uuid.uuid4().int % 250}.{uuid.uuid4().int % 250}"
    server = redis.Redis.from_url("redis://127.0.0.1:6379/0")
    keys = f"*throttle_public_lookup_{address}"
    try:
        assert run_process(address, tmp_path) == 3
        assert run_process(address, tmp_path) == 2  # the other process's 3 counted: 5 in all
    finally:
        for key in server.scan_iter(match=keys):
            server.delete(key)


@pytest.fixture
def hashing(monkeypatch):
    """Every PBKDF2 call a look-up makes, as (algorithm, salt length, rounds)."""
    calls: list[tuple[str, int, int]] = []
    real = hashlib.pbkdf2_hmac

    def recording(name, password, salt, iterations, *args):
        calls.append((name, len(salt), iterations))
        return real(name, password, salt, iterations, *args)

    monkeypatch.setattr(hashlib, "pbkdf2_hmac", recording)
    return calls


def test_an_unknown_number_costs_the_same_hash_as_a_wrong_code(submit, hashing):
    complaint, _code = submit()
    hashing.clear()
    assert selectors.complaint_lookup(tracking_number=complaint.tracking_number,
                                      code="WRONGCOD") is None  # fmt: skip
    known = list(hashing)
    hashing.clear()
    assert selectors.complaint_lookup(tracking_number="20240301-ZZZZZZ", code="WRONGCOD") is None
    assert hashing == known and len(known) == 1
