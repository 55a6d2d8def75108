"""Shared by the browser tests: Debian's Chromium (installed by `make test`), driven by
Playwright; in CI a missing browser is a failure, not a skip."""

import os
import shutil

import pytest

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking",
        "--disable-component-update", "--disable-sync", "--no-first-run"]  # fmt: skip
needs_browser = pytest.mark.skipif(
    not os.path.exists(CHROMIUM) and not os.environ.get("IPOFFICE_REQUIRE_BROWSER"),
    reason="Chromium is not installed (make test installs it)",
)
