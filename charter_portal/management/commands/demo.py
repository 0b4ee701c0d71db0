import logging
import sys
from contextlib import contextmanager, nullcontext

from django.conf import settings
from django.core.management.base import BaseCommand
from django.db import transaction
from django.test.utils import override_settings

from accounts import demo as people_demo
from charter_portal.models import Message
from charter_portal.privacy.demo import create_data_requests, create_retention
from charter_portal.public_cache import site_pages_changed
from charters import demo
from feedback.demo import create_feedback
from projects.demo import create_projects, create_upkeep
from reviews.demo import create_reviews


class Command(BaseCommand):
    help = "Load the five seed partnerships and demo people of every role. Safe to run again."

    def handle(self, *args, **options) -> None:
        sent_before = Message.objects.count()
        with self.quietly(options["verbosity"]), transaction.atomic():
            partnerships = demo.create_partnerships()
            people = {p.slug: people_demo.create_people(p) for p in partnerships}
            superuser = people_demo.create_superuser()
            charters = demo.load_seed_charters()
            create_feedback()
            create_projects()
            create_reviews()
            create_upkeep()
            create_data_requests()
            create_retention()
        # The demo makes areas, charters, feedback and projects as they would have been made over the
        # years, much of it straight into the database: every public page is rendered afresh.
        site_pages_changed()
        made = Message.objects.count() - sent_before
        # What follows is what a person needs to sign in: it comes last, after anything logged.
        for handler in logging.getLogger().handlers:
            handler.flush()
        sys.stderr.flush()
        if made and options["verbosity"] < 2:
            self.stdout.write(
                f"The demo made {made} messages to its people, not printed here: an admin sees each person's "
                "messages on their page under People (or run the demo with --verbosity 2 to print them)."
            )

        for charter in charters:
            self.stdout.write(f"Charter: {charter} ({charter.get_status_display().lower()})")
        for charter in demo.stale_seed_charters(charters):
            self.stdout.write(
                self.style.WARNING(
                    f"{charter.partnership.name}'s charter in this database is older than its seed file. "
                    "To see the seed as it is now, delete db.sqlite3 and run make run again."
                )
            )
        self.stdout.write(self.style.SUCCESS("Demo data is ready. Sign in at http://127.0.0.1:8000/sign-in/"))
        self.stdout.write(f"Every demo password is: {people_demo.DEMO_PASSWORD}\n")
        for partnership in partnerships:
            self.stdout.write(partnership.name)
            for user in people[partnership.slug]:
                org = f", {user.organisation.name}" if user.organisation else ""
                self.stdout.write(f"  {user.email:<46} {user.get_role_display()}{org}")
        self.stdout.write(f"Superuser (Django admin at /django-admin/): {superuser.email}")
        self.stdout.flush()

    @contextmanager
    def quietly(self, verbosity: int):
        """The demo's hundreds of messages and background tasks are not printed (they would push the
        sign-in details off the screen), unless asked for with --verbosity 2."""
        if verbosity >= 2:
            yield
            return
        loggers = [logging.getLogger(name) for name in ("django.tasks", "charter_portal.notify")]
        levels = [logger.level for logger in loggers]
        for logger in loggers:
            logger.setLevel(logging.WARNING)
        # Emails printed to the terminal (development's console backend) are kept in memory instead.
        mailer = settings.MAILERS["default"]
        console = mailer["BACKEND"] == "django.core.mail.backends.console.EmailBackend"
        kept = {"default": {"BACKEND": "django.core.mail.backends.locmem.EmailBackend"}}
        try:
            with override_settings(MAILERS=kept) if console else nullcontext():
                yield
        finally:
            for logger, level in zip(loggers, levels, strict=True):
                logger.setLevel(level)
