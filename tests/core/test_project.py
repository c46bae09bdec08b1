"""The project as a whole: migrations, translations, the local admin, the theme."""

import io
import re
from pathlib import Path

import pytest
from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.test import override_settings
from django.utils import translation


@pytest.mark.django_db
def test_models_and_migrations_agree():
    out = io.StringIO()
    call_command("makemigrations", "--check", "--dry-run", stdout=out)
    assert "No changes detected" in out.getvalue()


def po_entries(path: Path) -> dict[str, str]:
    """msgid -> msgstr for the singular entries of a .po file (with its context, if any)."""
    entries, current, field = {}, {}, None
    for line in [*path.read_text(encoding="utf-8").splitlines(), ""]:
        if line.startswith(("msgctxt ", "msgid ", "msgstr ", "msgstr[0] ")):
            field, _, rest = line.partition(" ")
            field = field.removesuffix("[0]")
            current[field] = rest.strip()[1:-1]
        elif line.startswith('"') and field:
            current[field] += line[1:-1]
        elif not line.strip():
            if current.get("msgid"):
                # A string with a context is looked up as "context\x04string", as
                # pgettext does.
                key = current["msgid"]
                if "msgctxt" in current:
                    key = f"{current['msgctxt']}\x04{key}"
                entries[key] = current.get("msgstr", "")
            current, field = {}, None
        else:
            field = None  # comments, msgid_plural and further plural forms
    return entries


def test_every_interface_string_has_a_compiled_swedish_translation():
    entries = po_entries(Path(settings.BASE_DIR) / "locale/sv/LC_MESSAGES/django.po")
    assert len(entries) > 200
    untranslated = [msgid for msgid, msgstr in entries.items() if not msgstr]
    assert untranslated == []
    with translation.override("sv"):
        stale = [
            msgid
            for msgid, msgstr in entries.items()
            if "\\" not in msgid and translation.gettext(msgid) != msgstr
        ]
    assert stale == [], "run `make messages` to compile the catalogue"


@pytest.mark.django_db
def test_local_admin_is_created_once_with_a_printed_password(client):
    out = io.StringIO()
    call_command("ensure_local_admin", stdout=out)
    password = re.search(r"password: (\S+)", out.getvalue()).group(1)
    response = client.post("/konto/logga-in/", {"username": "admin", "password": password})
    assert response.status_code == 302
    assert client.get("/admin/").status_code == 200
    again = io.StringIO()
    call_command("ensure_local_admin", stdout=again)
    assert "already exists" in again.getvalue()
    assert get_user_model().objects.count() == 1


@pytest.mark.django_db
def test_the_accent_colour_is_a_setting(client):
    with override_settings(NATVERK_ACCENT_COLOUR="#aa3300"):
        response = client.get("/theme.css")
    assert response["Content-Type"].startswith("text/css")
    assert "--accent: #aa3300;" in response.content.decode()
