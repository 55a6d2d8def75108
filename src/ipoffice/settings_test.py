"""Settings for the test suite: development mode; DATABASE_URL still chooses the database."""

import os

os.environ.setdefault("IPOFFICE_MODE", "development")
os.environ.setdefault("IPOFFICE_DATA_DIR", os.path.join(os.getcwd(), "var", "test"))

from ipoffice.settings import *  # noqa: F403

PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]  # fast, tests only

# Most tests need no worker: nudges go to an in-process broker nobody reads. The tests of
# the task queue start real workers on RabbitMQ (outbox/tests/test_worker.py).
CELERY_BROKER_URL = os.environ.get("IPOFFICE_TEST_BROKER_URL", "memory://")
CELERY_BROKER_TRANSPORT_OPTIONS = {}
