"""Take the README screenshots from a running server (`make run`) with Debian's Chromium.

.venv/bin/python scripts/screenshots.py [http://127.0.0.1:8000]
"""

from __future__ import annotations

import sys
from pathlib import Path

from playwright.sync_api import sync_playwright

OUT = Path(__file__).resolve().parent.parent / "docs" / "screenshots"
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--no-first-run"]  # fmt: skip
# (file name, login, language, path)
SHOTS = [
    ("home-zh.png", "suzhou_head", "zh-hans", "/"),
    ("offices-en.png", "js_supervisor", "en", "/offices/?level=municipal"),
    ("cases-zh.png", "nanjing_officer", "zh-hans", "/cases/"),
    ("case-detail-en.png", "nanjing_head", "en", "/cases/{first_case}/"),
    ("case-detail-zh.png", "nanjing_officer", "zh-hans", "/cases/{first_case}/"),
    ("complaints-zh.png", "nanjing_center_agent", "zh-hans", "/complaints/"),
    ("queue-officer-zh.png", "nanjing_officer", "zh-hans", "/"),
    ("audit-zh.png", "js_supervisor", "zh-hans", "/audit/"),
    ("dashboard-zh.png", "cnipa_supervisor", "zh-hans", "/dashboard/?year=2013"),
    ("annual-en.png", "cnipa_analyst", "en", "/reports/annual/?year=2013"),
    ("repeat-respondents-en.png", "js_analyst", "en", "/cases/repeat-respondents/"),
    ("campaigns-en.png", "cnipa_analyst", "en", "/campaigns/"),
    ("training-zh.png", "js_analyst", "zh-hans", "/training/"),
]
# Public pages, no login: (file name, language, path, viewport width)
PUBLIC_SHOTS = [
    ("public-form-zh.png", "zh-hans", "/report/", 390),
    ("track-en.png", "en", "/track/", 1200),
    ("decisions-zh.png", "zh-hans", "/decisions/", 1200),
]


def main(base: str) -> None:
    OUT.mkdir(parents=True, exist_ok=True)
    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path="/usr/bin/chromium", args=CHROMIUM_ARGS)
        for name, username, language, path in SHOTS:
            page = browser.new_page(viewport={"width": 1200, "height": 760}, locale=language)
            page.goto(f"{base}/login/")
            page.fill("#id_username", username)
            page.fill("#id_password", "ipoffice-demo")
            page.click("button[type=submit]")
            if "{first_case}" in path:
                page.goto(f"{base}/cases/?status=investigation")
                href = page.get_attribute("table.list tbody a", "href")
                path = href or "/cases/"
            page.goto(f"{base}{path}")
            page.screenshot(path=str(OUT / name), full_page=False)
            page.close()
        for name, language, path, width in PUBLIC_SHOTS:
            page = browser.new_page(viewport={"width": width, "height": 844}, locale=language)
            page.goto(f"{base}{path}")
            page.screenshot(path=str(OUT / name), full_page=False)
            page.close()
        browser.close()


if __name__ == "__main__":
    main(sys.argv[1] if len(sys.argv) > 1 else "http://127.0.0.1:8000")
