import getpass

from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from accounts.models import ORGANISATION_ROLES, STAFF_ROLES, User
from charters.models import Partnership


class Command(BaseCommand):
    help = "Make an officer, forum lead, partnership admin or project professional account."

    def add_arguments(self, parser) -> None:
        parser.add_argument("email")
        parser.add_argument("--name", required=True)
        parser.add_argument("--role", required=True, choices=STAFF_ROLES)
        parser.add_argument("--partnership", required=True, help="the partnership's slug, e.g. wirral")
        parser.add_argument("--organisation", default="", help="the organisation's name, as in the partnership")
        parser.add_argument("--password", default="", help="asked for when not given")

    def handle(
        self,
        *args,
        email: str,
        name: str,
        role: str,
        partnership: str,
        organisation: str,
        password: str,
        **options,
    ) -> None:
        try:
            area = Partnership.objects.get(slug=partnership)
        except Partnership.DoesNotExist:
            raise CommandError(f"There is no partnership with the slug {partnership!r}.") from None
        org = None
        if organisation:
            org = area.organisations.filter(name=organisation).first()
            if org is None:
                names = ", ".join(area.organisations.values_list("name", flat=True))
                raise CommandError(f"{area.name} has no organisation {organisation!r}. It has: {names}.")
        elif role in ORGANISATION_ROLES:
            raise CommandError("Officers and forum leads need --organisation.")
        if User.objects.filter(email__iexact=email).exists():
            raise CommandError(f"An account with the email address {email} already exists.")
        if not password:
            password = getpass.getpass("Password: ")
        user = User(email=email.lower(), name=name, role=role, partnership=area, organisation=org)
        try:
            validate_password(password, user)
        except ValidationError as error:
            raise CommandError(" ".join(error.messages)) from None
        with transaction.atomic():
            user.set_password(password)
            user.save()
            user.record(None, f"Account made from the command line as {user.get_role_display()}")
        self.stdout.write(self.style.SUCCESS(f"Made {user.get_role_display().lower()} {user.email} in {area.name}."))
