"""Backup and restore: one archive holds the database and the uploaded files; it
restores into an empty installation with every table's rows and every file identical,
on the same database and across SQLite and PostgreSQL; a damaged archive, one of a newer
version, or a non-empty installation is refused with nothing changed."""

import datetime
import io
import json
import tarfile

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command
from django.db import connection
from django.utils import timezone

from natverk.core.backup import archive_manifest, file_fingerprints, table_fingerprints
from natverk.core.outbox import email_queue
from natverk.meetings.services import meeting_create, meeting_document_add
from natverk.workspace.models import Post
from tests.live_site import PROJECT, manage
from tests.servers import environment, live_database
from tests.workspace.test_exports_and_files import PDF

pytestmark = pytest.mark.django_db

SEARCH = """
from natverk.publishing.search import matching_network_ids
from natverk.registry.models import Network
print(sorted(Network.objects.filter(pk__in=matching_network_ids(["fonderna"]))
      .values_list("slug", flat=True)))
"""


@pytest.fixture
def register(cast):
    """The seeded register with people, a meeting and its documents (files on disk), a
    post and an email on its way."""
    start = timezone.localtime().replace(microsecond=123456) + datetime.timedelta(days=9)
    meeting = meeting_create(
        networks=[cast.skur], leading=cast.skur, title="Höstmöte", start=start,
        end=start + datetime.timedelta(hours=2), is_public=True, agenda=["Välkommen"],
    )  # fmt: skip
    meeting_document_add(
        meeting=meeting, title="Dagordning", upload=SimpleUploadedFile("dagordning.pdf", PDF),
        visibility="public",
    )  # fmt: skip
    Post.objects.create(
        network=cast.skur, title="Hej", body="Välkomna – åäö", author=cast.people["coordinator"]
    )
    email_queue(
        to="anna@example.se",
        kind="access.password_reset",
        template="access/email/password_reset",
        context={"link": "https://x/1"},
    )
    return cast


def _environment(tmp_path, database_url):
    return environment(
        DJANGO_SETTINGS_MODULE="config.settings.dev",
        DJANGO_DEBUG="false",
        DATABASE_URL=database_url,
        CACHE_URL=f"filecache://{tmp_path / 'cache'}",
        NATVERK_PRIVATE_FILES=str(tmp_path / "files"),
        PYTHONPATH=str(PROJECT),
    )


def _restore_and_back_up(tmp_path, database_url, archive):
    """Restore the archive into a new installation, and back that up again."""
    tmp_path.mkdir(parents=True, exist_ok=True)
    env = _environment(tmp_path, database_url)
    manage("migrate", "--no-input", env=env)
    restored = manage("restore", str(archive), env=env)
    assert "Restored" in restored.stdout
    again = tmp_path / "again.tar.gz"
    manage("backup", str(again), env=env)
    search = manage("shell", "--no-imports", "-c", SEARCH, env=env).stdout.strip()
    return again, search


def _same(first, second) -> None:
    one, two = archive_manifest(first), archive_manifest(second)
    assert one["tables"] == two["tables"]
    assert one["files"] == two["files"]
    assert one["migrations"] == two["migrations"]


@pytest.mark.skipif(connection.vendor != "sqlite", reason="the PostgreSQL run goes across")
def test_a_backup_restores_identically_on_sqlite(tmp_path, register):
    archive = tmp_path / "natverk.tar.gz"
    call_command("backup", str(archive), stdout=io.StringIO())
    manifest = archive_manifest(archive)
    assert manifest["tables"]["registry.historicalnetwork"]["rows"] > 0
    assert manifest["tables"]["publishing.searchdocument"]["rows"] == 6
    assert len(manifest["files"]) == 1
    assert {k: (v["rows"], v["sha256"]) for k, v in manifest["tables"].items()} == (
        table_fingerprints()
    )
    with live_database(tmp_path / "target") as target:
        again, search = _restore_and_back_up(tmp_path / "target", target, archive)
    _same(archive, again)
    assert search == "['fondsamordningsgruppen', 'strategiska-fondsamordningsgruppen']"
    assert file_fingerprints(tmp_path / "target" / "files") == file_fingerprints()


@pytest.mark.skipif(connection.vendor != "postgresql", reason="runs once, on the way across")
def test_a_backup_goes_from_postgresql_to_sqlite_and_back_identically(tmp_path, register):
    archive = tmp_path / "natverk.tar.gz"
    call_command("backup", str(archive), stdout=io.StringIO())
    on_sqlite = f"sqlite:///{tmp_path / 'lite' / 'natverk.sqlite3'}"
    from_sqlite, search = _restore_and_back_up(tmp_path / "lite", on_sqlite, archive)
    assert archive_manifest(from_sqlite)["database"] == "sqlite"
    _same(archive, from_sqlite)
    assert search == "['fondsamordningsgruppen', 'strategiska-fondsamordningsgruppen']"
    with live_database(tmp_path / "pg") as target:
        back, search = _restore_and_back_up(tmp_path / "pg", target, from_sqlite)
    _same(archive, back)
    assert search == "['fondsamordningsgruppen', 'strategiska-fondsamordningsgruppen']"


def _archive_of_this(tmp_path):
    archive = tmp_path / "natverk.tar.gz"
    call_command("backup", str(archive), stdout=io.StringIO())
    return archive


def _rewritten(archive, tmp_path, change):
    """The archive with its manifest changed by `change`."""
    out = tmp_path / "changed.tar.gz"
    with tarfile.open(archive, "r:gz") as source, tarfile.open(out, "w:gz") as target:
        for member in source:
            data = source.extractfile(member).read()
            if member.name == "manifest.json":
                manifest = json.loads(data)
                change(manifest)
                data = json.dumps(manifest).encode()
                member.size = len(data)
            target.addfile(member, io.BytesIO(data))
    return out


def _refusal(archive, *args) -> str:
    with pytest.raises(CommandError) as refused:
        call_command("restore", str(archive), *args, stdout=io.StringIO())
    return str(refused.value)


def test_a_non_empty_installation_is_refused_unless_told(tmp_path, register):
    archive = _archive_of_this(tmp_path)
    before = table_fingerprints()
    assert "This installation is not empty" in _refusal(archive)
    assert table_fingerprints() == before
    call_command("restore", str(archive), "--replace", stdout=io.StringIO())
    assert table_fingerprints() == before


def test_a_truncated_archive_is_refused_and_nothing_is_restored(tmp_path, seeded):
    archive = _archive_of_this(tmp_path)
    for cut in (len(archive.read_bytes()) // 2, len(archive.read_bytes()) - 40):
        truncated = tmp_path / "cut.tar.gz"
        truncated.write_bytes(archive.read_bytes()[:cut])
        before = table_fingerprints()
        message = _refusal(truncated, "--replace")
        assert message.startswith("Nothing was restored.")
        assert "damaged or incomplete" in message
        assert table_fingerprints() == before


def test_an_archive_of_a_newer_version_is_refused(tmp_path, db):
    archive = _archive_of_this(tmp_path)
    newer = _rewritten(archive, tmp_path, lambda m: m.update(format_version=99))
    assert "made by a newer version of Nätverk (archive format 99" in _refusal(newer)
    ahead = _rewritten(
        archive, tmp_path, lambda m: m["migrations"]["registry"].append("0099_future")
    )
    assert "lacks its migrations registry.0099_future" in _refusal(ahead)


def test_something_that_is_not_an_archive_is_refused(tmp_path, db):
    junk = tmp_path / "junk.tar.gz"
    junk.write_bytes(b"\x00" * 100)
    assert "not a backup archive, or it is damaged" in _refusal(junk)
