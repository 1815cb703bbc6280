"""The counts of 0009 kept in a safe order, counted afresh, and recountable on demand.

- The count triggers are renamed to fire after documents_statement_record_version
  (PostgreSQL fires a table's triggers in name order). Every write to the record raises
  that one row first, so two writers queue there and never hold each other's counts.
- An update counts only the rows whose words changed (0009 read every row it touched,
  twice), and a delete takes its counts away in lexeme order, as an insert adds them.
- documents_statement_lexeme_recount() counts every word again from the statements. A
  loader that writes with the triggers off (bench/seed_scale.py) calls it afterwards, and
  so does this migration, with writes to the statements held off: one could have come
  between 0009's count and its triggers.
"""

from importlib import import_module

from django.db import migrations

previous = import_module("documents.migrations.0009_statement_lexeme_counts")

COUNT_FUNCTION = """
CREATE OR REPLACE FUNCTION documents_statement_lexeme_count() RETURNS trigger
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
        INSERT INTO documents_statement_lexeme AS counted (lexeme, statements)
        SELECT lexeme, -count(*)
        FROM removed, unnest(tsvector_to_array(removed.search_vector)) lexeme
        GROUP BY lexeme ORDER BY lexeme
        ON CONFLICT (lexeme) DO UPDATE SET statements = counted.statements + excluded.statements;
    ELSE
        INSERT INTO documents_statement_lexeme AS counted (lexeme, statements)
        SELECT lexeme, sum(change) FROM (
            SELECT lexeme, 1 AS change
            FROM added, unnest(tsvector_to_array(added.search_vector)) lexeme
            WHERE NOT EXISTS (
                SELECT FROM removed
                WHERE removed.id = added.id AND removed.search_vector = added.search_vector
            )
            UNION ALL
            SELECT lexeme, -1
            FROM removed, unnest(tsvector_to_array(removed.search_vector)) lexeme
            WHERE NOT EXISTS (
                SELECT FROM added
                WHERE added.id = removed.id AND added.search_vector = removed.search_vector
            )
        ) changes
        GROUP BY lexeme HAVING sum(change) <> 0 ORDER BY lexeme
        ON CONFLICT (lexeme) DO UPDATE SET statements = counted.statements + excluded.statements;
    END IF;
    RETURN NULL;
END;
$$
"""

RECOUNT_FUNCTION = """
CREATE FUNCTION documents_statement_lexeme_recount() RETURNS void
LANGUAGE sql AS $$
    DELETE FROM documents_statement_lexeme;
    INSERT INTO documents_statement_lexeme (lexeme, statements)
    SELECT word, ndoc FROM ts_stat('SELECT search_vector FROM documents_statement');
$$
"""

RENAMED = [
    ("documents_statement_lexemes_added", "documents_statement_words_added"),
    ("documents_statement_lexemes_removed", "documents_statement_words_removed"),
    ("documents_statement_lexemes_changed", "documents_statement_words_changed"),
    ("documents_statement_lexemes_truncated", "documents_statement_words_truncated"),
]


def renamed(pairs):
    return [f"ALTER TRIGGER {old} ON documents_statement RENAME TO {new}" for old, new in pairs]


POSTGRESQL_FORWARD = [
    "LOCK TABLE documents_statement IN SHARE ROW EXCLUSIVE MODE",
    *renamed(RENAMED),
    COUNT_FUNCTION,
    RECOUNT_FUNCTION,
    "SELECT documents_statement_lexeme_recount()",
]

POSTGRESQL_BACKWARD = [
    "DROP FUNCTION IF EXISTS documents_statement_lexeme_recount()",
    previous.COUNT_FUNCTION.replace("CREATE FUNCTION", "CREATE OR REPLACE FUNCTION", 1),
    *renamed((new, old) for old, new in RENAMED),
]


class Migration(migrations.Migration):
    dependencies = [("documents", "0009_statement_lexeme_counts")]

    operations = [
        migrations.RunPython(previous.run(POSTGRESQL_FORWARD), previous.run(POSTGRESQL_BACKWARD)),
    ]
