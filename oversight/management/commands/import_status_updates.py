"""Import status updates from a CSV file, for files too large for the admin's upload.

    python manage.py import_status_updates updates.csv                     # dry run
    python manage.py import_status_updates updates.csv --apply --user asha

The columns are those of the admin's import (see oversight/csv_import.py). Without
`--apply` nothing is saved; with it every row is saved, or none is.
"""

from pathlib import Path

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError

from oversight.csv_import import decode
from oversight.services import status_updates_import


class Command(BaseCommand):
    help = "Check (dry run) or apply, all or nothing, a CSV file of status updates."

    def add_arguments(self, parser):
        parser.add_argument("path", type=Path, help="The CSV file.")
        parser.add_argument("--apply", action="store_true", help="Save the updates.")
        parser.add_argument("--user", help="User name of the officer recording them.")

    def handle(self, *args, path, apply, user, **options):
        recorder = self.recorder(user) if user or apply else None
        try:
            text = decode(path.read_bytes())
        except OSError as error:
            raise CommandError(f"Cannot read {path}: {error.strerror}.") from error
        except ValueError as error:
            raise CommandError(str(error)) from error

        report = status_updates_import(text=text, user=recorder, apply=apply)
        for message in report.errors:
            self.stderr.write(message)
        for row in report.rows:
            if row.ok:
                self.stdout.write(f"row {row.number}: {row.item_text}: ok: {row.result}")
            else:
                self.stderr.write(f"row {row.number}: {row.item_text}: {' '.join(row.errors)}")
        if not report.ok:
            raise CommandError(
                f"{report.error_count} error(s); nothing was saved. Correct the file and run again."
            )
        if report.applied:
            self.stdout.write(f"Applied: {len(report.rows)} status update(s) recorded.")
        else:
            self.stdout.write(
                f"Dry run: {len(report.rows)} status update(s) would be recorded; nothing was "
                "saved. Run again with --apply --user NAME to record them."
            )

    def recorder(self, username):
        if not username:
            raise CommandError("--apply needs --user: every update records who made it.")
        try:
            user = get_user_model().objects.get(username=username, is_active=True)
        except get_user_model().DoesNotExist as error:
            raise CommandError(f"No active user called {username!r}.") from error
        if not user.has_perm("oversight.add_statusupdate"):
            raise CommandError(f"{username} may not record status updates.")
        return user
