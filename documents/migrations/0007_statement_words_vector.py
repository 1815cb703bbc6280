"""Search by role in one index, on PostgreSQL: a GIN index over a statement's words and
the titles of its speakers' posts that day together, `search_vector || role_vector`.

A search for words that name posts ("director of people") tested each word against the
statement's words or its speakers' titles: `search_vector @@ word OR role_vector @@ word`
for each. PostgreSQL built a bitmap for every side of every word and intersected them:
the 92,000 statements said in a post whose title has "director", to meet the four about
"people" (7 to 13 ms, for the count and again for the page). Over both vectors in one
index, a search's words make one tsquery, which the GIN index intersects itself,
starting from the rarest word.

An index on the expression, not a stored column of it: a stored column made the table
half as wide again (852 to 1,321 MB at 1,000,000 statements), and every sequential read
of it slower. Joining two stored vectors is cheap where a row is read without the index.
A phrase of several words could run from the words into a title in the joined vector,
so phrases are still looked for in search_vector, or among this index's candidates with
the EXISTS over speakers and posts deciding (documents.search.PostgreSQLEngine).
"""

from django.db import migrations

POSTGRESQL_FORWARD = [
    # documents.search.WordsVector: `(search_vector || role_vector) @@ query`.
    "CREATE INDEX statement_words_vector_idx ON documents_statement "
    "USING gin ((search_vector || role_vector))",
]

POSTGRESQL_BACKWARD = ["DROP INDEX IF EXISTS statement_words_vector_idx"]


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
