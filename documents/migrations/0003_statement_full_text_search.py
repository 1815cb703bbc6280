"""Full-text search over statements, in each database's own engine.

PostgreSQL: a stored generated tsvector column and a GIN index on it. SQLite: an FTS5
table with the porter tokenizer over the statement text (and, for search by role, over
role titles), kept in step by triggers. Neither is part of the model state: the search
code in documents/search.py reads them with SQL of its own.
"""

from django.db import migrations

POSTGRESQL = {
    "forward": [
        """
        ALTER TABLE documents_statement ADD COLUMN search_vector tsvector
            GENERATED ALWAYS AS (to_tsvector('english'::regconfig, text)) STORED
        """,
        # Statement.objects.search(): `search_vector @@ query`.
        "CREATE INDEX statement_search_vector_idx ON documents_statement USING gin (search_vector)",
    ],
    "backward": [
        "DROP INDEX IF EXISTS statement_search_vector_idx",
        "ALTER TABLE documents_statement DROP COLUMN IF EXISTS search_vector",
    ],
}


def fts5_sql(fts, table, column):
    """Return the SQL for an external-content FTS5 table over `table.column`, with triggers."""
    return [
        f"""
        CREATE VIRTUAL TABLE {fts} USING fts5(
            {column}, content='{table}', content_rowid='id',
            tokenize='porter unicode61 remove_diacritics 2'
        )
        """,
        f"INSERT INTO {fts}(rowid, {column}) SELECT id, {column} FROM {table}",
        f"""
        CREATE TRIGGER {fts}_insert AFTER INSERT ON {table} BEGIN
            INSERT INTO {fts}(rowid, {column}) VALUES (new.id, new.{column});
        END
        """,
        f"""
        CREATE TRIGGER {fts}_delete AFTER DELETE ON {table} BEGIN
            INSERT INTO {fts}({fts}, rowid, {column}) VALUES ('delete', old.id, old.{column});
        END
        """,
        f"""
        CREATE TRIGGER {fts}_update AFTER UPDATE OF {column} ON {table} BEGIN
            INSERT INTO {fts}({fts}, rowid, {column}) VALUES ('delete', old.id, old.{column});
            INSERT INTO {fts}(rowid, {column}) VALUES (new.id, new.{column});
        END
        """,
    ]


SQLITE = {
    "forward": [
        *fts5_sql("documents_statement_fts", "documents_statement", "text"),
        *fts5_sql("documents_role_fts", "people_role", "title"),
    ],
    "backward": [
        f"DROP {kind} IF EXISTS {fts}{suffix}"
        for fts in ("documents_statement_fts", "documents_role_fts")
        for kind, suffix in (
            ("TRIGGER", "_insert"),
            ("TRIGGER", "_delete"),
            ("TRIGGER", "_update"),
            ("TABLE", ""),
        )
    ],
}

BY_VENDOR = {"postgresql": POSTGRESQL, "sqlite": SQLITE}


def run(direction):
    def operation(apps, schema_editor):
        statements = BY_VENDOR.get(schema_editor.connection.vendor, {}).get(direction, [])
        for sql in statements:
            schema_editor.execute(sql)

    return operation


class Migration(migrations.Migration):
    dependencies = [
        ("documents", "0002_initial"),
        ("people", "0001_initial"),
    ]

    operations = [migrations.RunPython(run("forward"), run("backward"))]
