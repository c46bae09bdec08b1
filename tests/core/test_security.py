"""Production settings, the content security policy, and what a page may load."""

import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.conf import settings

pytestmark = pytest.mark.django_db


def test_production_settings_pass_the_deployment_check():
    environment = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "config.settings.production",
        "DJANGO_SECRET_KEY": "q9!vL2#xT7@mR4$wZ8^nB1&kJ6*hF3(pD5)sG0-yC8=eU2+aN7",
        "DJANGO_ALLOWED_HOSTS": "natverk.example.se",
        "DATABASE_URL": "sqlite:////tmp/natverk-deploy-check.sqlite3",
        "NATVERK_BASE_URL": "https://natverk.example.se",
    }
    result = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=Path(settings.BASE_DIR),
        env=environment,
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


@pytest.mark.usefixtures("seeded")
@pytest.mark.parametrize("url", ["/natverk/", "/konto/logga-in/", "/en/organisationer/"])
def test_every_page_has_a_content_security_policy_without_inline_code(client, url):
    policy = client.get(url)["Content-Security-Policy"]
    assert "default-src 'self'" in policy
    assert "script-src 'self'" in policy
    assert "style-src 'self'" in policy
    assert "unsafe-inline" not in policy
    assert "unsafe-eval" not in policy


@pytest.mark.usefixtures("seeded")
def test_public_pages_carry_no_inline_script_or_style(client):
    for url in [
        "/natverk/",
        "/natverk/skur-natverket/",
        "/organisationer/lund/",
        "/konto/logga-in/",
    ]:
        html = client.get(url).content.decode()
        assert "<script" not in html
        assert "<style" not in html
        assert ' style="' not in html
        assert " onclick=" not in html
