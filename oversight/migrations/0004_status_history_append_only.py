"""On PostgreSQL, refuse UPDATE and DELETE of a status update in the database itself.

The model and the admin refuse them too; this catches raw SQL and bulk queries. TRUNCATE
is left alone: it empties whole databases (test teardown), it does not rewrite a row.
"""

from django.db import migrations

CREATE = """
CREATE FUNCTION oversight_statusupdate_append_only() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION 'Status updates are append-only: % of update % refused.', TG_OP, OLD.id
        USING ERRCODE = 'restrict_violation',
              HINT = 'Record a new update that corrects it.';
END;
$$;
CREATE TRIGGER oversight_statusupdate_append_only
    BEFORE UPDATE OR DELETE ON oversight_statusupdate
    FOR EACH ROW EXECUTE FUNCTION oversight_statusupdate_append_only();
"""

DROP = """
DROP TRIGGER IF EXISTS oversight_statusupdate_append_only ON oversight_statusupdate;
DROP FUNCTION IF EXISTS oversight_statusupdate_append_only();
"""


def run_on_postgresql(sql):
    def operation(apps, schema_editor):
        if schema_editor.connection.vendor == "postgresql":
            schema_editor.execute(sql, params=None)

    return operation


class Migration(migrations.Migration):
    dependencies = [("oversight", "0003_groups")]

    operations = [migrations.RunPython(run_on_postgresql(CREATE), run_on_postgresql(DROP))]
