"""Create a staff account in one of the three roles, prompting for its password.

python manage.py create_user --group officers --username asha --email asha@example.org
"""

import getpass

from django.contrib.auth import get_user_model, password_validation
from django.contrib.auth.models import Group
from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

GROUPS = {
    "officers": "Council officers",
    "editors": "Editors",
    "scrutiny": "Scrutiny members",
}


class Command(BaseCommand):
    help = "Create a user who can sign in to the admin, in the officers, editors or scrutiny group."

    def add_arguments(self, parser):
        parser.add_argument("--group", required=True, choices=GROUPS, help="The user's role.")
        parser.add_argument("--username", required=True)
        parser.add_argument("--email", default="")
        parser.add_argument("--first-name", default="")
        parser.add_argument("--last-name", default="")

    def handle(self, *args, group, username, email, first_name, last_name, **options):
        User = get_user_model()
        if User.objects.filter(username=username).exists():
            raise CommandError(f"A user called {username!r} already exists.")
        user = User(
            username=username,
            email=email,
            first_name=first_name,
            last_name=last_name,
            is_staff=True,
        )
        user.set_password(self.ask_password(user))
        with transaction.atomic():
            user.save()
            user.groups.add(Group.objects.get(name=GROUPS[group]))
        self.stdout.write(f"Created {username} in {GROUPS[group]}; they can sign in at /admin/.")

    def ask_password(self, user):
        for _ in range(3):
            password = getpass.getpass("Password: ")
            if password != getpass.getpass("Password (again): "):
                self.stderr.write("The two passwords differ. Try again.")
                continue
            try:
                password_validation.validate_password(password, user)
            except ValidationError as error:
                self.stderr.write("\n".join(error.messages))
                continue
            return password
        raise CommandError("No acceptable password given; no user was created.")
