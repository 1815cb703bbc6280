"""Create the three roles as groups, each with the least permissions it needs.

The lists are frozen here, as a migration must be; a later model needs a later migration
to grant its permissions.
"""

from django.contrib.auth.management import create_permissions
from django.db import migrations

PROJECT_MODELS = {
    "people": ["organisation", "person", "role"],
    "documents": ["document", "statement", "passage"],
    "oversight": ["review", "recommendation", "priority", "statusupdate", "timelineevent"],
}
EDITED_BY_EDITORS = {
    "people": ["organisation", "person", "role"],
    "documents": ["document", "statement", "passage"],
    "oversight": ["timelineevent"],
}


def view_everything():
    return [
        (app, f"view_{model}") for app, models in PROJECT_MODELS.items() for model in models
    ]


GROUPS = {
    "Scrutiny members": view_everything(),
    "Council officers": view_everything()
    + [("oversight", "add_statusupdate"), ("oversight", "change_priority")],
    "Editors": view_everything()
    + [
        (app, f"{action}_{model}")
        for app, models in EDITED_BY_EDITORS.items()
        for model in models
        for action in ("add", "change", "delete")
    ],
}


def create_groups(apps, schema_editor):
    # Permissions are normally made after migrating; the groups need them now.
    for app_config in apps.get_app_configs():
        app_config.models_module = True
        create_permissions(app_config, apps=apps, verbosity=0)
        app_config.models_module = None

    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    for name, codenames in GROUPS.items():
        group, _ = Group.objects.get_or_create(name=name)
        group.permissions.set(
            [
                Permission.objects.get(content_type__app_label=app, codename=codename)
                for app, codename in codenames
            ]
        )


def remove_groups(apps, schema_editor):
    apps.get_model("auth", "Group").objects.filter(name__in=GROUPS).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
        ("people", "0001_initial"),
        ("documents", "0002_initial"),
        ("oversight", "0002_statusupdate_no_evidence_reason"),
    ]

    operations = [migrations.RunPython(create_groups, remove_groups)]
