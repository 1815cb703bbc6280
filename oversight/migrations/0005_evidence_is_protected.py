"""Give the evidence many-to-many fields explicit through models, so that a statement or
document cited as evidence is protected from deletion (on_delete=PROTECT), and on
PostgreSQL refuse UPDATE and DELETE of a citation as the status update's own trigger does.

The tables already exist as Django made them: only the migration state changes.
"""

import django.db.models.deletion
from django.db import migrations, models

CREATE = """
CREATE FUNCTION oversight_citation_append_only() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION 'Status updates are append-only: % of their evidence refused.', TG_OP
        USING ERRCODE = 'restrict_violation',
              HINT = 'Record a new update that corrects it.';
END;
$$;
CREATE TRIGGER oversight_statement_citation_append_only
    BEFORE UPDATE OR DELETE ON oversight_statusupdate_evidence_statements
    FOR EACH ROW EXECUTE FUNCTION oversight_citation_append_only();
CREATE TRIGGER oversight_document_citation_append_only
    BEFORE UPDATE OR DELETE ON oversight_statusupdate_evidence_documents
    FOR EACH ROW EXECUTE FUNCTION oversight_citation_append_only();
"""

DROP = """
DROP TRIGGER IF EXISTS oversight_statement_citation_append_only
    ON oversight_statusupdate_evidence_statements;
DROP TRIGGER IF EXISTS oversight_document_citation_append_only
    ON oversight_statusupdate_evidence_documents;
DROP FUNCTION IF EXISTS oversight_citation_append_only();
"""


def run_on_postgresql(sql):
    def operation(apps, schema_editor):
        if schema_editor.connection.vendor == "postgresql":
            schema_editor.execute(sql, params=None)

    return operation


class Migration(migrations.Migration):

    dependencies = [
        ('documents', '0002_initial'),
        ('oversight', '0004_status_history_append_only'),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.CreateModel(
                    name='StatusUpdateDocument',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('document', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='status_update_citations', to='documents.document')),
                        ('statusupdate', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='document_citations', to='oversight.statusupdate')),
                    ],
                    options={
                        'db_table': 'oversight_statusupdate_evidence_documents',
                        'ordering': ['id'],
                        'unique_together': {('statusupdate', 'document')},
                    },
                ),
                migrations.AlterField(
                    model_name='statusupdate',
                    name='evidence_documents',
                    field=models.ManyToManyField(blank=True, related_name='status_updates', through='oversight.StatusUpdateDocument', to='documents.document'),
                ),
                migrations.CreateModel(
                    name='StatusUpdateStatement',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('statement', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='status_update_citations', to='documents.statement')),
                        ('statusupdate', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='statement_citations', to='oversight.statusupdate')),
                    ],
                    options={
                        'db_table': 'oversight_statusupdate_evidence_statements',
                        'ordering': ['id'],
                        'unique_together': {('statusupdate', 'statement')},
                    },
                ),
                migrations.AlterField(
                    model_name='statusupdate',
                    name='evidence_statements',
                    field=models.ManyToManyField(blank=True, related_name='status_updates', through='oversight.StatusUpdateStatement', to='documents.statement'),
                ),
            ],
            database_operations=[],
        ),
        migrations.RunPython(run_on_postgresql(CREATE), run_on_postgresql(DROP)),
    ]
