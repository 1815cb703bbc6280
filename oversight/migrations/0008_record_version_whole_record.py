"""The record version counts writes to the rest of the record too: the passages that
report a statement again, and the evidence each status update cites.

Counts of the API's lists are kept under the version (oversight/pagination.py), and a
statement search narrowed to a document counts the passages in it, so the version must
move when they change. Triggers as in 0007, whose bump function PostgreSQL reuses.
"""

from django.db import migrations

TABLES = [
    "documents_passage",
    "oversight_statusupdate_evidence_documents",
    "oversight_statusupdate_evidence_statements",
]
BUMP = (
    "INSERT INTO oversight_recordversion (id, version) VALUES (1, 1) "
    "ON CONFLICT (id) DO UPDATE SET version = oversight_recordversion.version + 1"
)
EVENTS = ("INSERT", "UPDATE", "DELETE")

POSTGRESQL = (
    [
        f"CREATE TRIGGER {table}_record_version AFTER INSERT OR UPDATE OR DELETE "
        f"ON {table} FOR EACH STATEMENT EXECUTE FUNCTION oversight_record_version_bump()"
        for table in TABLES
    ],
    [f"DROP TRIGGER IF EXISTS {table}_record_version ON {table}" for table in TABLES],
)
SQLITE = (
    [
        f"CREATE TRIGGER {table}_record_version_{event.lower()} AFTER {event} ON {table} "
        f"BEGIN {BUMP}; END"
        for table in TABLES
        for event in EVENTS
    ],
    [
        f"DROP TRIGGER IF EXISTS {table}_record_version_{event.lower()}"
        for table in TABLES
        for event in EVENTS
    ],
)
BY_VENDOR = {"postgresql": POSTGRESQL, "sqlite": SQLITE}


def run(direction):
    def operation(apps, schema_editor):
        for sql in BY_VENDOR.get(schema_editor.connection.vendor, ([], []))[direction]:
            schema_editor.execute(sql, params=None)

    return operation


class Migration(migrations.Migration):
    dependencies = [
        ("documents", "0006_statement_role_titles"),
        ("oversight", "0007_record_version"),
    ]

    operations = [migrations.RunPython(run(0), run(1))]
