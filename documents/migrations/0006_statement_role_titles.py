"""Search by role at a national scale, on PostgreSQL: each statement keeps the titles of
the posts its speakers held on its day (`role_titles`), in a column the database
maintains, and their words (`role_vector`) under a full-text index.

A search for a word that names posts ("director") matches a statement by its words or by
a speaker's post that day. That second test was an EXISTS over speakers and posts, which
no index answers, so PostgreSQL ran it for every statement: 3 to 6 seconds for "director
of people" among 1,000,000 statements. Now the index answers a word alone. For a phrase
of several words the EXISTS still decides among the statements the index finds, so that
a phrase that runs from one title into the next finds nothing.

Triggers keep it in step with every writer: a statement's day, its speakers, and the posts
(title, dates, holder). SQLite, the embedded default for the seed record, keeps the EXISTS
alone over its FTS5 table of titles. Not in the model state: documents/search.py reads it
with SQL of its own, as it reads search_vector.
"""

from django.db import migrations

TITLES_HELD = """
CREATE FUNCTION documents_role_titles(statement_pk bigint, day date) RETURNS text
LANGUAGE sql STABLE AS $$
    SELECT string_agg(DISTINCT post.title, ' ' ORDER BY post.title)
    FROM documents_statement_speakers speaker
    JOIN people_role post ON post.person_id = speaker.person_id
    WHERE speaker.statement_id = statement_pk
      AND day IS NOT NULL
      AND (post.started_on IS NULL OR post.started_on <= day)
      AND (post.ended_on IS NULL OR post.ended_on > day)
$$
"""

STATEMENT_TRIGGER = [
    """
CREATE FUNCTION documents_statement_role_titles() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    NEW.role_titles := documents_role_titles(NEW.id, NEW.said_on);
    RETURN NEW;
END;
$$
""",
    """
CREATE TRIGGER documents_statement_role_titles
    BEFORE INSERT OR UPDATE OF said_on ON documents_statement
    FOR EACH ROW EXECUTE FUNCTION documents_statement_role_titles()
""",
]

SPEAKER_TRIGGER = [
    """
CREATE FUNCTION documents_speaker_role_titles() RETURNS trigger
LANGUAGE plpgsql AS $$
DECLARE
    changed bigint[] := CASE TG_OP
        WHEN 'INSERT' THEN ARRAY[NEW.statement_id]
        WHEN 'DELETE' THEN ARRAY[OLD.statement_id]
        ELSE ARRAY[OLD.statement_id, NEW.statement_id]
    END;
BEGIN
    UPDATE documents_statement
    SET role_titles = documents_role_titles(id, said_on)
    WHERE id = ANY(changed);
    RETURN NULL;
END;
$$
""",
    """
CREATE TRIGGER documents_speaker_role_titles
    AFTER INSERT OR UPDATE OR DELETE ON documents_statement_speakers
    FOR EACH ROW EXECUTE FUNCTION documents_speaker_role_titles()
""",
]

ROLE_TRIGGER = [
    """
CREATE FUNCTION documents_post_role_titles() RETURNS trigger
LANGUAGE plpgsql AS $$
DECLARE
    holders bigint[] := CASE TG_OP
        WHEN 'INSERT' THEN ARRAY[NEW.person_id]
        WHEN 'DELETE' THEN ARRAY[OLD.person_id]
        ELSE ARRAY[OLD.person_id, NEW.person_id]
    END;
BEGIN
    UPDATE documents_statement said
    SET role_titles = documents_role_titles(said.id, said.said_on)
    WHERE said.id IN (
        SELECT statement_id FROM documents_statement_speakers
        WHERE person_id = ANY(holders)
    );
    RETURN NULL;
END;
$$
""",
    """
CREATE TRIGGER documents_post_role_titles
    AFTER INSERT OR DELETE OR UPDATE OF title, started_on, ended_on, person_id ON people_role
    FOR EACH ROW EXECUTE FUNCTION documents_post_role_titles()
""",
]

POSTGRESQL_FORWARD = [
    "ALTER TABLE documents_statement ADD COLUMN role_titles text",
    # Stored, like search_vector: an index recheck reads it rather than parsing the titles.
    """
    ALTER TABLE documents_statement ADD COLUMN role_vector tsvector
        GENERATED ALWAYS AS (to_tsvector('english'::regconfig, coalesce(role_titles, ''))) STORED
    """,
    # documents.search.PostgreSQLEngine.said_in_posts_named: `role_vector @@ query`.
    "CREATE INDEX statement_role_vector_idx ON documents_statement USING gin (role_vector)",
    TITLES_HELD,
    "UPDATE documents_statement SET role_titles = documents_role_titles(id, said_on)",
    *STATEMENT_TRIGGER,
    *SPEAKER_TRIGGER,
    *ROLE_TRIGGER,
]

POSTGRESQL_BACKWARD = [
    "DROP INDEX IF EXISTS statement_role_vector_idx",
    "DROP TRIGGER IF EXISTS documents_post_role_titles ON people_role",
    "DROP TRIGGER IF EXISTS documents_speaker_role_titles ON documents_statement_speakers",
    "DROP TRIGGER IF EXISTS documents_statement_role_titles ON documents_statement",
    "DROP FUNCTION IF EXISTS documents_post_role_titles()",
    "DROP FUNCTION IF EXISTS documents_speaker_role_titles()",
    "DROP FUNCTION IF EXISTS documents_statement_role_titles()",
    "DROP FUNCTION IF EXISTS documents_role_titles(bigint, date)",
    "ALTER TABLE documents_statement DROP COLUMN IF EXISTS role_vector",
    "ALTER TABLE documents_statement DROP COLUMN IF EXISTS role_titles",
]


def run(statements):
    def operation(apps, schema_editor):
        if schema_editor.connection.vendor == "postgresql":
            for sql in statements:
                schema_editor.execute(sql)

    return operation


class Migration(migrations.Migration):
    dependencies = [
        ("documents", "0005_role_title_search_idx"),
        ("people", "0001_initial"),
    ]

    operations = [migrations.RunPython(run(POSTGRESQL_FORWARD), run(POSTGRESQL_BACKWARD))]
