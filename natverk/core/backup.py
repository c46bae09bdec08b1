"""Backing up an installation into one archive, and restoring it into an empty one, on
either database: a backup taken on SQLite restores on PostgreSQL and the other way.

The archive is a gzipped tar file:

- `manifest.json` first: the format and its version, the release and the database that
  made it, the migrations applied, and for every table its rows and the SHA-256 of its
  rows; for every uploaded file its size and SHA-256;
- `data/<app>.<model>.jsonl`: each table's rows in order of their key, one JSON object a
  line, every value in a form either database reads back the same (times in UTC with
  their microseconds, decimals as text);
- `files/…`: the uploaded files (`NATVERK_PRIVATE_FILES`).

Rows are written back as they were, with their keys, straight into the tables: no
model's `save()` runs and no signal is sent, so no history entry is written that was not
there before and nothing is sent. The search index is rebuilt from the restored search
documents, and every cached page is retired (`core.signals.installation_restored`).

A restore checks the whole archive (its format version, its migrations, the checksum of
every table and file) before it changes anything, and then restores in one transaction:
a damaged archive, an archive of a newer version, or a failure midway leaves the
installation as it was.

A backup holds personal data (people, their email addresses, the messages sent to them):
keep it as the register itself is kept.
"""

import base64
import datetime
import decimal
import functools
import hashlib
import json
import os
import shutil
import tarfile
import tempfile
import uuid
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

from django.apps import apps
from django.conf import settings
from django.core.management.color import no_style
from django.db import connection, models, transaction
from django.db.migrations.recorder import MigrationRecorder
from django.utils import timezone
from django.utils.translation import gettext as _

from natverk.core.signals import installation_restored

FORMAT = "natverk-backup"
FORMAT_VERSION = 1
CHUNK = 1000
# Not kept: a restored installation has its own workers.
NOT_BACKED_UP = {"core.workerheartbeat"}
# Rows that `migrate` writes into every new installation: they do not make it non-empty,
# and the archive's own replace them.
MADE_BY_MIGRATE = {
    "contenttypes.contenttype",
    "auth.permission",
    "auth.group",
    "auth.group_permissions",
}


class BackupError(Exception):
    """A backup or restore that cannot be done, with a message an operator can act on."""


@dataclass
class Summary:
    tables: dict[str, int] = field(default_factory=dict)
    files: int = 0
    bytes: int = 0

    @property
    def rows(self) -> int:
        return sum(self.tables.values())


def backed_up_models() -> list[type[models.Model]]:
    """Every table of the installation, in a fixed order (its many-to-many tables too)."""
    found = [
        model
        for model in apps.get_models(include_auto_created=True)
        if model._meta.label_lower not in NOT_BACKED_UP
        and not model._meta.proxy
        and model._meta.managed
    ]
    return sorted(found, key=lambda model: model._meta.label_lower)


def _portable(value):
    """A value as JSON that reads back the same on either database."""
    if isinstance(value, datetime.datetime):
        return value.astimezone(datetime.UTC).isoformat()
    if isinstance(value, datetime.date | datetime.time):
        return value.isoformat()
    if isinstance(value, decimal.Decimal | uuid.UUID):
        return str(value)
    if isinstance(value, datetime.timedelta):
        return value.total_seconds()
    if isinstance(value, bytes | memoryview):
        return base64.b64encode(bytes(value)).decode()
    return value


def _columns(model: type[models.Model]) -> list[models.Field]:
    return list(model._meta.concrete_fields)


def table_lines(model: type[models.Model]) -> Iterator[bytes]:
    """The table's rows as canonical JSON lines, in order of their key."""
    fields = _columns(model)
    names = [f.attname for f in fields]
    rows = model._base_manager.order_by("pk").values_list(*names).iterator(chunk_size=CHUNK)
    for row in rows:
        line = {name: _portable(value) for name, value in zip(names, row, strict=True)}
        yield json.dumps(line, ensure_ascii=False, sort_keys=True).encode() + b"\n"


def table_fingerprints() -> dict[str, tuple[int, str]]:
    """(rows, SHA-256) of every backed-up table, as a backup would write them."""
    prints = {}
    for model in backed_up_models():
        digest, count = hashlib.sha256(), 0
        for line in table_lines(model):
            digest.update(line)
            count += 1
        prints[model._meta.label_lower] = (count, digest.hexdigest())
    return prints


def files_root() -> Path:
    return Path(settings.NATVERK_PRIVATE_FILES)


def file_fingerprints(root: Path | None = None) -> dict[str, tuple[int, str]]:
    """(bytes, SHA-256) of every uploaded file, by its path in the files folder."""
    root = root or files_root()
    prints = {}
    if root.exists():
        for path in sorted(p for p in root.rglob("*") if p.is_file()):
            prints[path.relative_to(root).as_posix()] = (path.stat().st_size, _sha256(path))
    return prints


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as source:
        for block in iter(lambda: source.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def _applied_migrations() -> dict[str, list[str]]:
    applied: dict[str, list[str]] = {}
    for app, name in sorted(MigrationRecorder(connection).applied_migrations()):
        applied.setdefault(app, []).append(name)
    return applied


def _add(archive: tarfile.TarFile, name: str, path: Path) -> None:
    info = archive.gettarinfo(str(path), arcname=name)
    info.uid = info.gid = 0
    info.uname = info.gname = ""
    with path.open("rb") as source:
        archive.addfile(info, source)


def backup_write(*, path: Path) -> Summary:
    """Write the archive to `path` (through a temporary file beside it, so that a backup
    that fails leaves nothing that looks like one)."""
    summary = Summary()
    with tempfile.TemporaryDirectory(prefix="natverk-backup-") as work:
        work_dir = Path(work)
        manifest: dict = {
            "format": FORMAT,
            "format_version": FORMAT_VERSION,
            "created_at": timezone.now().isoformat(),
            "release": settings.NATVERK_RELEASE,
            "database": connection.vendor,
            "tables": {},
            "files": {},
        }
        # One consistent view of the database: what was there at one moment.
        outermost = not connection.in_atomic_block
        with transaction.atomic():
            if connection.vendor == "postgresql" and outermost:
                with connection.cursor() as cursor:
                    cursor.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ READ ONLY")
            manifest["migrations"] = _applied_migrations()
            for model in backed_up_models():
                label = model._meta.label_lower
                digest, count = hashlib.sha256(), 0
                with (work_dir / f"{label}.jsonl").open("wb") as out:
                    for line in table_lines(model):
                        out.write(line)
                        digest.update(line)
                        count += 1
                manifest["tables"][label] = {
                    "table": model._meta.db_table,
                    "rows": count,
                    "sha256": digest.hexdigest(),
                }
                summary.tables[label] = count
            for name, (size, digest_hex) in file_fingerprints().items():
                manifest["files"][name] = {"bytes": size, "sha256": digest_hex}
                summary.files += 1
                summary.bytes += size
        (work_dir / "manifest.json").write_text(json.dumps(manifest, indent=1, sort_keys=True))
        partial = path.with_name(path.name + ".partial")
        with tarfile.open(partial, "w:gz") as archive:
            _add(archive, "manifest.json", work_dir / "manifest.json")
            for label in manifest["tables"]:
                _add(archive, f"data/{label}.jsonl", work_dir / f"{label}.jsonl")
            for name in manifest["files"]:
                _add(archive, f"files/{name}", files_root() / name)
        os.replace(partial, path)
    return summary


# Restoring ------------------------------------------------------------------------------


def installation_is_empty() -> bool:
    """Nothing in it but what `migrate` writes into every new installation."""
    if files_root().exists() and any(files_root().iterdir()):
        return False
    return not any(
        model._base_manager.exists()
        for model in backed_up_models()
        if model._meta.label_lower not in MADE_BY_MIGRATE
    )


def _open(path: Path) -> tarfile.TarFile:
    try:
        return tarfile.open(path, "r:gz")
    except (OSError, tarfile.TarError, EOFError) as error:
        raise BackupError(_("This is not a backup archive, or it is damaged.")) from error


def _read_manifest(archive: tarfile.TarFile) -> dict:
    try:
        first = archive.next()
        if first is None or first.name != "manifest.json":
            raise BackupError(_("This is not a backup archive: it has no manifest."))
        source = archive.extractfile(first)
        manifest = json.loads(source.read()) if source else None
    except (OSError, tarfile.TarError, EOFError, ValueError) as error:
        raise BackupError(_("The archive is damaged or incomplete.")) from error
    if not isinstance(manifest, dict) or manifest.get("format") != FORMAT:
        raise BackupError(_("This is not a backup archive of Nätverk."))
    version = manifest.get("format_version")
    if not isinstance(version, int) or version > FORMAT_VERSION:
        raise BackupError(
            _(
                "The archive was made by a newer version of Nätverk (archive format "
                "%(found)s; this version reads format %(known)s). Restore it with that "
                "version or a later one."
            )
            % {"found": version, "known": FORMAT_VERSION}
        )
    return manifest


def _check_migrations(manifest: dict) -> None:
    ours = _applied_migrations()
    theirs = manifest.get("migrations", {})
    missing = sorted(
        f"{app}.{name}" for app, names in theirs.items() for name in names
        if name not in ours.get(app, [])
    )  # fmt: skip
    if missing:
        raise BackupError(
            _(
                "The archive was made by a newer version of Nätverk: this installation "
                "lacks its migrations %(names)s. Upgrade this installation first."
            )
            % {"names": ", ".join(missing[:5])}
        )
    behind = sorted(
        f"{app}.{name}" for app, names in ours.items() for name in names
        if name not in theirs.get(app, [])
    )  # fmt: skip
    if behind:
        raise BackupError(
            _(
                "The archive was made by an older version of Nätverk (without the "
                "migrations %(names)s). Restore it with that version, then upgrade."
            )
            % {"names": ", ".join(behind[:5])}
        )


def _check_contents(path: Path, manifest: dict) -> None:
    """Every table and file in the archive matches the manifest, and nothing is missing."""
    expected = {f"data/{label}.jsonl": entry for label, entry in manifest["tables"].items()}
    expected |= {f"files/{name}": entry for name, entry in manifest["files"].items()}
    seen = set()
    try:
        with _open(path) as archive:
            for member in archive:
                if member.name == "manifest.json":
                    continue
                entry = expected.get(member.name)
                if entry is None or not member.isfile():
                    raise BackupError(
                        _("The archive holds something its manifest does not: %(name)s")
                        % {"name": member.name}
                    )
                source = archive.extractfile(member)
                digest, lines = hashlib.sha256(), 0
                for block in iter(functools.partial(source.read, 1 << 20), b""):  # type: ignore[union-attr]
                    digest.update(block)
                    lines += block.count(b"\n")
                if digest.hexdigest() != entry["sha256"] or (
                    "rows" in entry and lines != entry["rows"]
                ):
                    raise BackupError(
                        _("The archive is damaged: %(name)s is not what its manifest says.")
                        % {"name": member.name}
                    )
                seen.add(member.name)
            # To its very end: a cut archive may still hold every member whole.
            while archive.fileobj.read(1 << 20):
                pass
    except (OSError, tarfile.TarError, EOFError, ValueError) as error:
        raise BackupError(_("The archive is damaged or incomplete.")) from error
    missing = sorted(set(expected) - seen)
    if missing:
        raise BackupError(
            _("The archive is incomplete: %(name)s is missing.") % {"name": missing[0]}
        )


def _insert_rows(model: type[models.Model], lines: Iterator[bytes]) -> int:
    fields = _columns(model)
    quote = connection.ops.quote_name
    sql = "INSERT INTO {} ({}) VALUES ({})".format(  # noqa: S608 - names from the models
        quote(model._meta.db_table),
        ", ".join(quote(f.column) for f in fields),
        ", ".join(["%s"] * len(fields)),
    )
    count = 0
    batch: list[list] = []
    with connection.cursor() as cursor:
        for line in lines:
            row = json.loads(line)
            batch.append([_db_value(f, row[f.attname]) for f in fields])
            if len(batch) >= CHUNK:
                cursor.executemany(sql, batch)
                count += len(batch)
                batch = []
        if batch:
            cursor.executemany(sql, batch)
            count += len(batch)
    return count


def _db_value(field: models.Field, value):
    if value is None:
        return None
    if isinstance(field, models.JSONField):
        return field.get_db_prep_save(value, connection)
    if isinstance(field, models.BinaryField):
        value = base64.b64decode(value)
    elif isinstance(field, models.DurationField):
        value = datetime.timedelta(seconds=value)
    else:
        value = field.to_python(value)
    return field.get_db_prep_save(value, connection)


def _empty_tables() -> None:
    quote = connection.ops.quote_name
    with connection.cursor() as cursor:
        for model in reversed(backed_up_models()):
            cursor.execute(f"DELETE FROM {quote(model._meta.db_table)}")  # noqa: S608


def restore_read(*, path: Path, replace: bool = False) -> Summary:
    """Restore the archive into this installation, all or nothing. Refuses an
    installation that holds anything unless `replace` is given, which deletes it."""
    with _open(path) as archive:
        manifest = _read_manifest(archive)
    _check_migrations(manifest)
    models_by_label = {m._meta.label_lower: m for m in backed_up_models()}
    unknown = sorted(set(manifest["tables"]) - set(models_by_label))
    if unknown:
        raise BackupError(
            _("The archive holds tables this installation does not have: %(names)s")
            % {"names": ", ".join(unknown[:5])}
        )
    _check_contents(path, manifest)
    if not replace and not installation_is_empty():
        raise BackupError(
            _(
                "This installation is not empty. Restore into a new one, or give --replace "
                "to delete everything in it first."
            )
        )
    root = files_root()
    root.parent.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=".restoring-", dir=root.parent))
    summary = Summary()
    try:
        with _open(path) as archive, transaction.atomic():
            _empty_tables()
            for member in archive:
                if member.name.startswith("data/"):
                    label = member.name.removeprefix("data/").removesuffix(".jsonl")
                    source = archive.extractfile(member)
                    summary.tables[label] = _insert_rows(
                        models_by_label[label],
                        iter(source.readline, b""),  # type: ignore[union-attr]
                    )
                elif member.name.startswith("files/"):
                    target = staging / member.name.removeprefix("files/")
                    if not target.resolve().is_relative_to(staging.resolve()):
                        raise BackupError(_("The archive names a file outside its folder."))
                    target.parent.mkdir(parents=True, exist_ok=True)
                    with archive.extractfile(member) as source, target.open("wb") as out:  # type: ignore[union-attr]
                        shutil.copyfileobj(source, out)
                    summary.files += 1
                    summary.bytes += member.size
            with connection.cursor() as cursor:
                for statement in connection.ops.sequence_reset_sql(
                    no_style(), list(models_by_label.values())
                ):
                    cursor.execute(statement)
            connection.check_constraints()
            installation_restored.send(sender=restore_read)
            # The files go into place with the rows: only once they are committed.
            transaction.on_commit(lambda: _files_into_place(staging, root))
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise
    return summary


def _files_into_place(staging: Path, root: Path) -> None:
    if root.exists():
        shutil.rmtree(root)
    os.replace(staging, root)


def archive_manifest(path: Path) -> dict:
    """The manifest of an archive (for comparing two)."""
    with _open(path) as archive:
        return _read_manifest(archive)
