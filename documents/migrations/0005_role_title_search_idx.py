"""An index for search by role on PostgreSQL: every search first looks for posts whose
title matches (documents.search's `role_sql`: `to_tsvector('english', title) @@
phraseto_tsquery(...)` over people_role). Without it each search computed the tsvector of
every post: about 150 ms with the 20,000 posts of bench/seed_scale.py. SQLite has its own
FTS5 table for role titles.
"""

from django.db import migrations

CREATE = (
    "CREATE INDEX role_title_search_idx "
    "ON people_role USING gin (to_tsvector('english'::regconfig, title))"
)


def create(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(CREATE)


def drop(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute("DROP INDEX IF EXISTS role_title_search_idx")


class Migration(migrations.Migration):
    dependencies = [
        ("documents", "0004_statement_newest_idx"),
        ("people", "0001_initial"),
    ]

    operations = [migrations.RunPython(create, drop)]
