from django.core.management.base import BaseCommand
from django.db import transaction

from accounts import demo as people_demo
from charters import demo
from feedback.demo import create_feedback
from projects.demo import create_projects, create_upkeep
from reviews.demo import create_reviews


class Command(BaseCommand):
    help = "Load the five seed partnerships and demo people of every role. Safe to run again."

    def handle(self, *args, **options) -> None:
        with transaction.atomic():
            partnerships = demo.create_partnerships()
            people = {p.slug: people_demo.create_people(p) for p in partnerships}
            superuser = people_demo.create_superuser()
            charters = demo.load_seed_charters()
            create_feedback()
            create_projects()
            create_reviews()
            create_upkeep()

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
