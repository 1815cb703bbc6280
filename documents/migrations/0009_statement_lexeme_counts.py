"""How many statements hold each word, on PostgreSQL: documents_statement_lexeme.

The search page counts a search's matches up to a limit before it shows a page, and the
count was most of a page's time: reading a row for each match, 1,001 rows for a word in
1% of a million statements. For a search of one word and nothing else, the count is
here instead: each lexeme of search_vector with the number of statements holding it,
which is what `search_vector @@ word` matches (documents.search.PostgreSQLEngine.
statements_with_word).

Kept in step by statement-level triggers, which read the rows changed from transition
tables: one insert or update of the counts for each statement of SQL, whatever its rows,
its lexemes in order, so that two writers take their locks in the same order. An update
counts only the rows whose words changed (the rest add and take away one each), and a
TRUNCATE, as the test suite's flush does, empties the counts with the statements.
Not part of the model state, like search_vector itself. SQLite counts as before.
"""

from django.db import migrations

COUNT_FUNCTION = """
CREATE FUNCTION documents_statement_lexeme_count() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP = 'TRUNCATE' THEN
        DELETE FROM documents_statement_lexeme;
    ELSIF TG_OP = 'INSERT' THEN
        INSERT INTO documents_statement_lexeme AS counted (lexeme, statements)
        SELECT lexeme, count(*) FROM added, unnest(tsvector_to_array(added.search_vector)) lexeme
        GROUP BY lexeme ORDER BY lexeme
        ON CONFLICT (lexeme) DO UPDATE SET statements = counted.statements + excluded.statements;
    ELSIF TG_OP = 'DELETE' THEN
        UPDATE documents_statement_lexeme counted SET statements = counted.statements - gone.n
        FROM (
            SELECT lexeme, count(*) AS n
            FROM removed, unnest(tsvector_to_array(removed.search_vector)) lexeme
            GROUP BY lexeme
        ) gone
        WHERE counted.lexeme = gone.lexeme;
    ELSE
        INSERT INTO documents_statement_lexeme AS counted (lexeme, statements)
        SELECT lexeme, sum(change) FROM (
            SELECT lexeme, 1 AS change
            FROM added, unnest(tsvector_to_array(added.search_vector)) lexeme
            UNION ALL
            SELECT lexeme, -1
            FROM removed, unnest(tsvector_to_array(removed.search_vector)) lexeme
        ) changes
        GROUP BY lexeme HAVING sum(change) <> 0 ORDER BY lexeme
        ON CONFLICT (lexeme) DO UPDATE SET statements = counted.statements + excluded.statements;
    END IF;
    RETURN NULL;
END;
$$
"""

POSTGRESQL_FORWARD = [
    """
    CREATE TABLE documents_statement_lexeme (
        lexeme text PRIMARY KEY,
        statements bigint NOT NULL
    )
    """,
    """
    INSERT INTO documents_statement_lexeme (lexeme, statements)
    SELECT word, ndoc FROM ts_stat('SELECT search_vector FROM documents_statement')
    """,
    COUNT_FUNCTION,
    """
    CREATE TRIGGER documents_statement_lexemes_added AFTER INSERT ON documents_statement
        REFERENCING NEW TABLE AS added
        FOR EACH STATEMENT EXECUTE FUNCTION documents_statement_lexeme_count()
    """,
    """
    CREATE TRIGGER documents_statement_lexemes_removed AFTER DELETE ON documents_statement
        REFERENCING OLD TABLE AS removed
        FOR EACH STATEMENT EXECUTE FUNCTION documents_statement_lexeme_count()
    """,
    """
    CREATE TRIGGER documents_statement_lexemes_changed AFTER UPDATE ON documents_statement
        REFERENCING OLD TABLE AS removed NEW TABLE AS added
        FOR EACH STATEMENT EXECUTE FUNCTION documents_statement_lexeme_count()
    """,
    """
    CREATE TRIGGER documents_statement_lexemes_truncated AFTER TRUNCATE ON documents_statement
        FOR EACH STATEMENT EXECUTE FUNCTION documents_statement_lexeme_count()
    """,
]

POSTGRESQL_BACKWARD = [
    "DROP TRIGGER IF EXISTS documents_statement_lexemes_truncated ON documents_statement",
    "DROP TRIGGER IF EXISTS documents_statement_lexemes_changed ON documents_statement",
    "DROP TRIGGER IF EXISTS documents_statement_lexemes_removed ON documents_statement",
    "DROP TRIGGER IF EXISTS documents_statement_lexemes_added ON documents_statement",
    "DROP FUNCTION IF EXISTS documents_statement_lexeme_count()",
    "DROP TABLE IF EXISTS documents_statement_lexeme",
]


def run(statements):
    def operation(apps, schema_editor):
        if schema_editor.connection.vendor == "postgresql":
            for sql in statements:
                schema_editor.execute(sql)

    return operation


class Migration(migrations.Migration):
    dependencies = [("documents", "0008_statement_recorded_at")]

    operations = [
        migrations.RunPython(run(POSTGRESQL_FORWARD), run(POSTGRESQL_BACKWARD)),
    ]
