"""An index in the order of "newest first": by the day said, latest first, undated last.

The statement search page lists a broad search (more matches than it counts) newest first,
and every statement list without a search is newest first: with this index the database
walks statements from the newest and stops at the page's twentieth match, instead of
reading every match to sort them. The order has NULLS LAST, which Django's Index cannot
say on SQLite (where it is already the default for DESC), so each database gets its own SQL.
"""

from django.db import migrations

SQL = {
    "postgresql": "CREATE INDEX statement_newest_idx ON documents_statement "
    "(said_on DESC NULLS LAST, id DESC)",
    "sqlite": "CREATE INDEX statement_newest_idx ON documents_statement (said_on DESC, id DESC)",
}


def create(apps, schema_editor):
    sql = SQL.get(schema_editor.connection.vendor)
    if sql:
        schema_editor.execute(sql)


def drop(apps, schema_editor):
    schema_editor.execute("DROP INDEX IF EXISTS statement_newest_idx")


class Migration(migrations.Migration):
    dependencies = [("documents", "0003_statement_full_text_search")]

    operations = [migrations.RunPython(create, drop)]
