"""The search document table; pg_trgm indexes on PostgreSQL, an FTS5 trigram table on SQLite."""

from typing import Any

import django.contrib.postgres.indexes
import django.db.models.deletion
import django.db.models.functions.text
import django.utils.timezone
from django.contrib.postgres.operations import TrigramExtension
from django.db import migrations, models

FTS_CREATE = [
    # External content: the text lives once, in search_searchdocument; FTS5 keeps the index.
    "CREATE VIRTUAL TABLE search_fts USING fts5(title, body, content='search_searchdocument',"
    " content_rowid='complaint_id', tokenize='trigram')",
    "CREATE TRIGGER search_doc_ai AFTER INSERT ON search_searchdocument BEGIN"
    " INSERT INTO search_fts(rowid, title, body) VALUES (new.complaint_id, new.title, new.body);"
    " END",
    "CREATE TRIGGER search_doc_ad AFTER DELETE ON search_searchdocument BEGIN"
    " INSERT INTO search_fts(search_fts, rowid, title, body)"
    " VALUES ('delete', old.complaint_id, old.title, old.body); END",
    "CREATE TRIGGER search_doc_au AFTER UPDATE ON search_searchdocument BEGIN"
    " INSERT INTO search_fts(search_fts, rowid, title, body)"
    " VALUES ('delete', old.complaint_id, old.title, old.body);"
    " INSERT INTO search_fts(rowid, title, body) VALUES (new.complaint_id, new.title, new.body);"
    " END",
]
FTS_DROP = [
    "DROP TRIGGER IF EXISTS search_doc_au",
    "DROP TRIGGER IF EXISTS search_doc_ad",
    "DROP TRIGGER IF EXISTS search_doc_ai",
    "DROP TABLE IF EXISTS search_fts",
]


def _run_on_sqlite(statements: list[str]) -> Any:
    def run(apps: Any, schema_editor: Any) -> None:
        if schema_editor.connection.vendor == "sqlite":
            for sql in statements:
                schema_editor.execute(sql)

    return run


class AddIndexIfPostgres(migrations.AddIndex):
    """GIN trigram indexes exist on PostgreSQL only; SQLite searches through FTS5."""

    def database_forwards(self, app_label: str, schema_editor: Any, *args: Any) -> None:
        if schema_editor.connection.vendor == "postgresql":
            super().database_forwards(app_label, schema_editor, *args)

    def database_backwards(self, app_label: str, schema_editor: Any, *args: Any) -> None:
        if schema_editor.connection.vendor == "postgresql":
            super().database_backwards(app_label, schema_editor, *args)


class Migration(migrations.Migration):
    initial = True

    dependencies = [
        ("complaints", "0008_alter_journalevent_kind"),
    ]

    operations = [
        TrigramExtension(),
        migrations.CreateModel(
            name="SearchDocument",
            fields=[
                (
                    "complaint",
                    models.OneToOneField(
                        on_delete=django.db.models.deletion.CASCADE,
                        primary_key=True,
                        related_name="search_document",
                        serialize=False,
                        to="complaints.complaint",
                        verbose_name="complaint",
                    ),
                ),
                ("title", models.TextField(verbose_name="title")),
                ("body", models.TextField(verbose_name="text")),
                ("updated_at", models.DateTimeField(default=django.utils.timezone.now)),
            ],
            options={
                "verbose_name": "search document",
                "verbose_name_plural": "search documents",
            },
        ),
        AddIndexIfPostgres(
            model_name="searchdocument",
            index=django.contrib.postgres.indexes.GinIndex(
                django.contrib.postgres.indexes.OpClass(
                    django.db.models.functions.text.Upper("title"), name="gin_trgm_ops"
                ),
                name="search_title_trgm",
            ),
        ),
        AddIndexIfPostgres(
            model_name="searchdocument",
            index=django.contrib.postgres.indexes.GinIndex(
                django.contrib.postgres.indexes.OpClass(
                    django.db.models.functions.text.Upper("body"), name="gin_trgm_ops"
                ),
                name="search_body_trgm",
            ),
        ),
        migrations.RunPython(_run_on_sqlite(FTS_CREATE), _run_on_sqlite(FTS_DROP)),
    ]
