"""Database guards against two rows of the same thing holding on the same day.

PostgreSQL says it with an exclusion constraint over a date range; SQLite has none,
so two triggers say it there. Both treat an empty date as an open end and both ends
as inclusive, like `PeriodModel`. Migrations call these; on SQLite a later
migration that rebuilds the table must call `forbid_overlapping_periods` again
(the tests that insert overlapping rows would notice if it did not).
"""

from django.db.backends.base.schema import BaseDatabaseSchemaEditor


def forbid_overlapping_periods(
    schema_editor: BaseDatabaseSchemaEditor, *, table: str, columns: list[str], name: str
) -> None:
    vendor = schema_editor.connection.vendor
    if vendor == "postgresql":
        equal = ", ".join(f"{column} WITH =" for column in columns)
        schema_editor.execute("CREATE EXTENSION IF NOT EXISTS btree_gist")
        schema_editor.execute(
            f"ALTER TABLE {table} ADD CONSTRAINT {name} EXCLUDE USING gist "
            f"({equal}, daterange(start_date, end_date, '[]') WITH &&)"
        )
    elif vendor == "sqlite":
        same = " AND ".join(f"other.{column} = NEW.{column}" for column in columns)
        overlapping = (
            f"SELECT 1 FROM {table} AS other WHERE {same} "  # noqa: S608
            "AND (other.start_date IS NULL OR NEW.end_date IS NULL "
            "OR other.start_date <= NEW.end_date) "
            "AND (NEW.start_date IS NULL OR other.end_date IS NULL "
            "OR NEW.start_date <= other.end_date)"
        )
        message = f"{name}: the period overlaps another row of the same {', '.join(columns)}"
        for event, extra in (("INSERT", ""), ("UPDATE", " AND other.id != NEW.id")):
            schema_editor.execute(
                f"CREATE TRIGGER {name}_{event.lower()} BEFORE {event} ON {table} "
                f"WHEN EXISTS ({overlapping}{extra}) "
                f"BEGIN SELECT RAISE(ABORT, '{message}'); END"
            )
    else:
        raise NotImplementedError(f"No overlap guard for the {vendor} database.")


def allow_overlapping_periods(
    schema_editor: BaseDatabaseSchemaEditor, *, table: str, name: str
) -> None:
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(f"ALTER TABLE {table} DROP CONSTRAINT IF EXISTS {name}")
    else:
        for event in ("insert", "update"):
            schema_editor.execute(f"DROP TRIGGER IF EXISTS {name}_{event}")
