"""The record version: one counter the database raises on every write to what the
dashboard shows, so a cached dashboard is keyed on it and never outlives a change.

Triggers, not signals: bulk inserts, raw SQL, fixtures and the admin all raise it. On
PostgreSQL one trigger per statement (a COPY of a million rows raises it once); on SQLite,
which has only row triggers, one per row. The row is upserted, so a flushed database
starts again at 1.
"""

from django.db import migrations, models

# Tables whose rows the dashboard shows, and the columns of auth_user it shows.
TABLES = [
    "oversight_priority",
    "oversight_recommendation",
    "oversight_review",
    "oversight_statusupdate",
    "oversight_timelineevent",
    "documents_document",
    "documents_statement",
    "documents_statement_speakers",
    "people_person",
    "people_role",
    "people_organisation",
]
USER_COLUMNS = "username, first_name, last_name"
BUMP = (
    "INSERT INTO oversight_recordversion (id, version) VALUES (1, 1) "
    "ON CONFLICT (id) DO UPDATE SET version = oversight_recordversion.version + 1"
)

POSTGRESQL_FORWARD = [
    f"""
    CREATE FUNCTION oversight_record_version_bump() RETURNS trigger
    LANGUAGE plpgsql AS $$
    BEGIN
        {BUMP};
        RETURN NULL;
    END;
    $$
    """,
    *(
        f"CREATE TRIGGER {table}_record_version AFTER INSERT OR UPDATE OR DELETE "
        f"ON {table} FOR EACH STATEMENT EXECUTE FUNCTION oversight_record_version_bump()"
        for table in TABLES
    ),
    f"CREATE TRIGGER auth_user_record_version AFTER UPDATE OF {USER_COLUMNS} ON auth_user "
    "FOR EACH STATEMENT EXECUTE FUNCTION oversight_record_version_bump()",
]
POSTGRESQL_BACKWARD = [
    *(f"DROP TRIGGER IF EXISTS {table}_record_version ON {table}" for table in TABLES),
    "DROP TRIGGER IF EXISTS auth_user_record_version ON auth_user",
    "DROP FUNCTION IF EXISTS oversight_record_version_bump()",
]
SQLITE_TRIGGERS = [
    *(
        (f"{table}_record_version_{event.lower()}", f"{event} ON {table}")
        for table in TABLES
        for event in ("INSERT", "UPDATE", "DELETE")
    ),
    ("auth_user_record_version_update", f"UPDATE OF {USER_COLUMNS} ON auth_user"),
]
SQLITE_FORWARD = [
    f"CREATE TRIGGER {name} AFTER {when} BEGIN {BUMP}; END" for name, when in SQLITE_TRIGGERS
]
SQLITE_BACKWARD = [f"DROP TRIGGER IF EXISTS {name}" for name, _ in SQLITE_TRIGGERS]

BY_VENDOR = {
    "postgresql": (POSTGRESQL_FORWARD, POSTGRESQL_BACKWARD),
    "sqlite": (SQLITE_FORWARD, SQLITE_BACKWARD),
}


def run(direction):
    def operation(apps, schema_editor):
        statements = BY_VENDOR.get(schema_editor.connection.vendor, ([], []))[direction]
        for sql in [BUMP, *statements] if direction == 0 else statements:
            schema_editor.execute(sql, params=None)

    return operation


class Migration(migrations.Migration):
    dependencies = [
        ("auth", "0012_alter_user_first_name_max_length"),
        ("documents", "0003_statement_full_text_search"),
        ("people", "0001_initial"),
        ("oversight", "0006_priority_due_by"),
    ]

    operations = [
        migrations.CreateModel(
            name="RecordVersion",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("version", models.BigIntegerField(default=0)),
            ],
            options={"ordering": ["id"]},
        ),
        migrations.RunPython(run(0), run(1)),
    ]
