import secrets

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand


class Command(BaseCommand):
    help = (
        "Create a local administrator 'admin' with a random password, printed once. "
        "Does nothing if a superuser already exists."
    )

    def add_arguments(self, parser):
        parser.add_argument("--username", default="admin")

    def handle(self, *args, username, **options):
        users = get_user_model()
        if users.objects.filter(is_superuser=True).exists():
            self.stdout.write(
                "An administrator already exists. Forgot the password? "
                f"Run: manage.py changepassword {username}"
            )
            return
        password = secrets.token_urlsafe(12)
        users.objects.create_superuser(username=username, email="", password=password)
        self.stdout.write(
            self.style.SUCCESS(
                f"Administrator created. Log in at /admin/ as '{username}' with the "
                f"password: {password}\n"
                "The password is shown only this once."
            )
        )
