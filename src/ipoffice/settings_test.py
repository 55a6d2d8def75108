"""Settings for the test suite: development mode; DATABASE_URL still chooses the database."""

import os

os.environ.setdefault("IPOFFICE_MODE", "development")
os.environ.setdefault("IPOFFICE_DATA_DIR", os.path.join(os.getcwd(), "var", "test"))

from ipoffice.settings import *  # noqa: F403

PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]  # fast, tests only
