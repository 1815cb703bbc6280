"""Full-text search over the words an "also reported in" passage carries, on SQLite.

A statement found through a document that also reports it must have the words searched
for in the part that document carries (StatementFilterSet.filter_document), which is
often less than the whole statement. SQLite: an FTS5 table with the porter tokenizer over
the passages' text, kept in step by triggers, as 0003 keeps the statements'. PostgreSQL
needs nothing: at most one passage a statement is matched there, `to_tsvector` on the
fly (documents/search.py, PostgreSQLEngine.passages_matching).
"""

from importlib import import_module

from django.db import migrations

fts5_sql = import_module("documents.migrations.0003_statement_full_text_search").fts5_sql

FTS = "documents_passage_fts"


def run(direction):
    def operation(apps, schema_editor):
        if schema_editor.connection.vendor != "sqlite":
            return
        if direction == "forward":
            statements = fts5_sql(FTS, "documents_passage", "text")
        else:
            statements = [
                f"DROP TRIGGER IF EXISTS {FTS}{suffix}"
                for suffix in ("_insert", "_delete", "_update")
            ] + [f"DROP TABLE IF EXISTS {FTS}"]
        for sql in statements:
            schema_editor.execute(sql)

    return operation


class Migration(migrations.Migration):
    dependencies = [("documents", "0010_statement_lexeme_counts_in_order")]

    operations = [migrations.RunPython(run("forward"), run("backward"))]
