"""Full-text search over SearchDocument, in each database's own way: PostgreSQL's
Swedish text search configuration with a GIN index, or an FTS5 table on SQLite that
holds the same text stemmed by the Swedish Snowball stemmer (see publishing.search)."""

from django.db import migrations


def create(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    if vendor == "postgresql":
        schema_editor.execute(
            "CREATE INDEX publishing_searchdocument_swedish ON publishing_searchdocument "
            "USING gin (to_tsvector('swedish'::regconfig, COALESCE(text, '')))"
        )
    elif vendor == "sqlite":
        schema_editor.execute(
            "CREATE VIRTUAL TABLE publishing_search_fts USING fts5("
            "stemmed, network_id UNINDEXED, tokenize='unicode61 remove_diacritics 0')"
        )


def drop(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute("DROP INDEX IF EXISTS publishing_searchdocument_swedish")
    else:
        schema_editor.execute("DROP TABLE IF EXISTS publishing_search_fts")


class Migration(migrations.Migration):
    dependencies = [("publishing", "0001_initial")]

    operations = [migrations.RunPython(create, drop)]
