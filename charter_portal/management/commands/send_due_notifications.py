from django.core.management import call_command
from django.core.management.base import BaseCommand
from django.utils import timezone

from accounts.reminders import send_charter_review_reminders
from charter_portal.privacy import retention
from charter_portal.privacy.export import remove_expired_copies
from feedback.digest import send_digests
from reviews.reminders import send_sign_off_reminders


class Command(BaseCommand):
    help = (
        "Send the officers' daily digest, reminders of kite marks waiting for sign-off and of charter "
        "reviews, remove what has outlived each partnership's retention periods, and clear expired sign-in "
        "sessions. Run it once a day (README: Messages, Retention); running it again sends and removes nothing twice."
    )

    def handle(self, *args, **options) -> None:
        today = timezone.localdate()
        digests = send_digests(today)
        sign_offs = send_sign_off_reminders(timezone.now())
        reviews = send_charter_review_reminders(today)
        purged = retention.purge_all(today)
        # Sessions kept in the database (the default without Redis) are removed once expired.
        call_command("clearsessions")
        self.stdout.write(
            f"Removed {remove_expired_copies(timezone.now())} copy(ies) of people's information past their days."
        )
        self.stdout.write(
            f"Sent {digests} digest(s), {sign_offs} sign-off reminder(s) and {reviews} charter review reminder(s)."
            " Cleared expired sessions."
        )
        for slug, counts in purged.items():
            self.stdout.write(f"{slug}: {retention.summary(counts)}.")
