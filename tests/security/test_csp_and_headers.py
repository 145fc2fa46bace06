"""Issue 14: a Content-Security-Policy on every page, no inline script without the request's nonce, HSTS and secure
cookies in production, and `check --deploy` with production settings reporting only what the README explains."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
from django.test import Client

pytestmark = pytest.mark.django_db

ROOT = Path(__file__).resolve().parents[2]


def _policy(response) -> dict[str, str]:  # type: ignore[no-untyped-def]
    header = response["Content-Security-Policy"]
    return {part.split()[0]: " ".join(part.split()[1:]) for part in header.split(";") if part.strip()}


def _assert_scripts_carry_nonce(response) -> None:  # type: ignore[no-untyped-def]
    policy = _policy(response)
    nonce = re.search(r"'nonce-([^']+)'", policy["script-src"]).group(1)
    html = response.content.decode()
    for tag in re.findall(r"<script\b[^>]*>", html):
        assert "src=" in tag or f'nonce="{nonce}"' in tag, tag
    assert not re.search(r"<[^>]+\son[a-z]+\s*=", html), "inline event handlers cannot run under the policy"


def test_every_page_has_a_policy(town):
    console = Client()
    console.force_login(town.urp)
    for client, path in [(Client(), "/accesso/"), (console, "/"), (console, "/pratiche/"), (Client(), "/open311/v2/discovery.json")]:
        response = client.get(path, follow=True)
        assert response.status_code == 200, path
        policy = _policy(response)
        assert policy["default-src"] == "'self'"
        assert policy["object-src"] == "'none'" and policy["frame-ancestors"] == "'none'"
        assert "'unsafe-inline'" not in policy["script-src"] and "'unsafe-eval'" not in policy["script-src"]
        assert policy["img-src"].split()[:3] == ["'self'", "data:", "blob:"]
        assert set(policy["img-src"].split()[3:]) <= {"https://tile.openstreetmap.org"}  # the cases map's default
        assert response["X-Content-Type-Options"] == "nosniff"
        if response["Content-Type"].startswith("text/html"):
            _assert_scripts_carry_nonce(response)


def test_each_request_gets_its_own_nonce(town):
    first, second = Client().get("/accesso/"), Client().get("/accesso/")
    assert _policy(first)["script-src"] != _policy(second)["script-src"]


def test_the_map_tile_servers_are_allowed_when_configured(town, settings):
    settings.SPORTELLO_MAP_TILES_URL = "https://tiles.comune.example/{z}/{x}/{y}.png"
    settings.CASES_TILE_URL = "https://{s}.mappe.example.org/{z}/{x}/{y}.png"
    sources = _policy(Client().get("/accesso/"))["img-src"].split()
    assert sources == ["'self'", "data:", "blob:", "https://tiles.comune.example", "https://*.mappe.example.org"]


def _production(tmp_path, **extra: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("WHATSAPP_", "SANDBOX_", "PYTEST", "DJANGO_ALLOW"))}
    env.update(
        DJANGO_SETTINGS_MODULE="sportello.settings", SPORTELLO_DATA_DIR=str(tmp_path / "data"), DEBUG="0",
        SITE_URL="https://sportello.comune.example", ALLOWED_HOSTS="sportello.comune.example",
        CSRF_TRUSTED_ORIGINS="https://sportello.comune.example",
        SECRET_KEY="x7#Lq9!vR2@pZ5$wN8^bT3&kM6*yH1(cJ4)dF0_gS-eA+uQ=iO~lK",
    )
    env.update(extra)
    return env


def test_check_deploy_warns_only_about_what_the_readme_explains(tmp_path):
    result = subprocess.run(
        [sys.executable, "-m", "django", "check", "--deploy"], env=_production(tmp_path), cwd=ROOT,
        capture_output=True, text=True, timeout=120,
    )
    output = result.stdout + result.stderr
    warnings = set(re.findall(r"\(([a-z_]+\.[WE]\d+)\)", output))
    # HSTS, the HTTPS redirect and secure cookies are on in production.
    assert not warnings & {"security.W004", "security.W008", "security.W012", "security.W016"}, output
    readme = (ROOT / "README.md").read_text()
    section = readme.split("## Running in production", 1)[1].split("\n## ", 1)[0]
    unexplained = {w for w in warnings if w not in section}
    assert not unexplained, output


def test_production_settings_send_hsts_and_secure_cookies(tmp_path):
    script = (
        "import django; django.setup(); from django.conf import settings as s; "
        "print(s.SECURE_HSTS_SECONDS, s.SECURE_SSL_REDIRECT, s.SESSION_COOKIE_SECURE, s.CSRF_COOKIE_SECURE)"
    )
    production = subprocess.run([sys.executable, "-c", script], env=_production(tmp_path), cwd=ROOT,
                                capture_output=True, text=True, timeout=60, check=True).stdout.split()
    assert int(production[0]) >= 31536000 and production[1:] == ["True", "True", "True"]
    local = subprocess.run([sys.executable, "-c", script], env=_production(tmp_path, SITE_URL="http://127.0.0.1:8000"),
                           cwd=ROOT, capture_output=True, text=True, timeout=60, check=True).stdout.split()
    assert local == ["0", "False", "False", "False"]  # the demo on plain HTTP keeps working
