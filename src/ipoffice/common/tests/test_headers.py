"""Every page carries a strict Content-Security-Policy and a Permissions-Policy; no
template holds inline script, handlers or styles; `check --deploy` in production warns only
about what the load balancer owns (docs/deployment.md)."""

import os
import re
import secrets
import subprocess
import sys
from pathlib import Path

import pytest

from ipoffice.accounts.roles import Role

PACKAGE = Path(__file__).resolve().parents[2]
# Inline script (a <script> without src), event-handler attributes, style attributes or
# elements, javascript: links.
INLINE = re.compile(r"<script(?![^>]*\bsrc=)[^>]*>|\son[a-z]+\s*=|\sstyle\s*=|<style|javascript:",
                    re.IGNORECASE)  # fmt: skip
# The annual report's standalone HTML is a file for download, opened with no header.
STANDALONE = {"reporting/annual_standalone.html"}


def test_no_template_holds_inline_script_or_style():
    found = []
    for template in PACKAGE.rglob("templates/**/*.html"):
        name = str(template).split("/templates/", 1)[1]
        if name in STANDALONE:
            continue
        for number, line in enumerate(template.read_text(encoding="utf-8").splitlines(), 1):
            if INLINE.search(line):
                found.append(f"{template.relative_to(PACKAGE)}:{number}: {line.strip()[:80]}")
    assert found == []


@pytest.mark.parametrize("path", ["/login/", "/report/", "/cases/", "/api/v1/me/"])
def test_pages_carry_a_strict_policy(client, make_user, path):
    client.force_login(make_user("320100", Role.ENFORCEMENT_OFFICER))
    response = client.get(path)
    policy = response["Content-Security-Policy"]
    directives = dict(d.strip().split(" ", 1) for d in policy.split(";"))
    assert directives["default-src"] == "'none'"
    assert directives["script-src"] == "'self'" and directives["style-src"] == "'self'"
    assert directives["frame-ancestors"] == "'none'" and directives["object-src"] == "'none'"
    assert "unsafe" not in policy
    assert "camera=()" in response["Permissions-Policy"]


def test_only_the_api_docs_allow_inline_styles(client, db):
    docs = client.get("/api/v1/docs/")["Content-Security-Policy"]
    assert (
        "style-src 'self' 'unsafe-inline'" in docs
        and "'unsafe-inline'" not in docs.split("script-src")[1].split(";")[0]
    )
    assert "unsafe" not in client.get("/report/")["Content-Security-Policy"]


def test_check_deploy_warns_only_about_what_the_load_balancer_owns(tmp_path):
    env = {k: v for k, v in os.environ.items() if not k.startswith(("IPOFFICE_", "DJANGO_"))}
    env.update(IPOFFICE_MODE="production", IPOFFICE_SECRET_KEY=secrets.token_urlsafe(50),
               IPOFFICE_ALLOWED_HOSTS="ipoffice.example.gov.cn",
               IPOFFICE_DATA_DIR=str(tmp_path))  # fmt: skip
    result = subprocess.run([sys.executable, "-m", "ipoffice", "check", "--deploy"], env=env,
                            capture_output=True, text=True, timeout=120)  # fmt: skip
    warned = sorted(set(re.findall(r"\((\w+\.\w+)\)", result.stdout + result.stderr)))
    assert warned == ["security.W004", "security.W008"]  # HSTS and the redirect to https
