"""Load the seed documents and the curated record built from them.

Idempotent: run it on an empty or a loaded database; a second run changes nothing.
It checks every seed file's SHA-256 and every statement's offsets first, and loads in
one transaction, so a mismatch leaves the database as it was.
"""

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from oversight.seeding import SeedError, record_load


class Command(BaseCommand):
    help = "Load the seed texts and the curated record (fixtures/record.json); idempotent."

    def add_arguments(self, parser):
        parser.add_argument("--fixture", default=settings.RECORD_FIXTURE, help="The record JSON.")
        parser.add_argument("--seeds-dir", default=settings.SEEDS_DIR, help="The seed texts.")

    def handle(self, *args, fixture, seeds_dir, **options):
        try:
            tally = record_load(fixture_path=fixture, seeds_dir=seeds_dir)
        except SeedError as error:
            raise CommandError(f"{error} Nothing was loaded.") from None
        models = sorted({model for model, _ in tally})
        for model in models:
            counts = ", ".join(
                f"{tally[model, outcome]} {outcome}"
                for outcome in ("created", "updated", "unchanged")
                if tally[model, outcome]
            )
            self.stdout.write(f"{model}: {counts}")
        changed = sum(n for (_, outcome), n in tally.items() if outcome != "unchanged")
        summary = (
            f"Loaded the record: {changed} rows written."
            if changed
            else "The record was already loaded: nothing changed."
        )
        self.stdout.write(self.style.SUCCESS(summary))
