"""Search by role in one index, on PostgreSQL: a statement's words and the titles of its
speakers' posts that day in one tsvector (`words_vector`), under one GIN index.

A search for words that name posts ("director of people") tested each word against the
statement's words or its speakers' titles: `search_vector @@ word OR role_vector @@ word`
for each. PostgreSQL built a bitmap for every side of every word and intersected them:
the 92,000 statements said in a post whose title has "director", to meet the four about
"people" (7 to 13 ms, for the count and again for the page). With both in one vector, a
search's words make one tsquery, which the GIN index intersects itself, starting from
the rarest word.

`role_vector` goes: a phrase of several words that names posts now finds its candidates
in words_vector, and the EXISTS over speakers and posts decides among them, as before
(documents.search.PostgreSQLEngine). search_vector stays, for phrases in the words alone
and for ranking. role_titles and its triggers (0006) are unchanged; the generated column
follows them.
"""

from django.db import migrations

POSTGRESQL_FORWARD = [
    "DROP INDEX IF EXISTS statement_role_vector_idx",
    "ALTER TABLE documents_statement DROP COLUMN IF EXISTS role_vector",
    """
    ALTER TABLE documents_statement ADD COLUMN words_vector tsvector
        GENERATED ALWAYS AS (
            to_tsvector('english'::regconfig, text)
            || to_tsvector('english'::regconfig, coalesce(role_titles, ''))
        ) STORED
    """,
    # documents.search.PostgreSQLEngine.matches: `words_vector @@ query`.
    "CREATE INDEX statement_words_vector_idx ON documents_statement USING gin (words_vector)",
]

POSTGRESQL_BACKWARD = [
    "DROP INDEX IF EXISTS statement_words_vector_idx",
    "ALTER TABLE documents_statement DROP COLUMN IF EXISTS words_vector",
    """
    ALTER TABLE documents_statement ADD COLUMN role_vector tsvector
        GENERATED ALWAYS AS (to_tsvector('english'::regconfig, coalesce(role_titles, ''))) STORED
    """,
    "CREATE INDEX statement_role_vector_idx ON documents_statement USING gin (role_vector)",
]


def run(statements):
    def operation(apps, schema_editor):
        if schema_editor.connection.vendor == "postgresql":
            for sql in statements:
                schema_editor.execute(sql)

    return operation


class Migration(migrations.Migration):
    dependencies = [("documents", "0006_statement_role_titles")]

    operations = [
        migrations.RunPython(run(POSTGRESQL_FORWARD), run(POSTGRESQL_BACKWARD)),
    ]
