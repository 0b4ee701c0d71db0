"""A reminder to the forum leads of each group that has not yet answered a kite-mark application,
a week after it was made. Sent once, by `manage.py send_due_notifications`."""

import datetime

from reviews import messages
from reviews.models import KiteMarkApplication, SignOff

REMIND_AFTER = datetime.timedelta(days=7)


def send_sign_off_reminders(now: datetime.datetime) -> int:
    waiting = KiteMarkApplication.objects.filter(
        status=KiteMarkApplication.Status.PENDING, applied_at__lte=now - REMIND_AFTER
    ).select_related("project__partnership", "project__lead_officer", "applied_by")
    sent = 0
    for application in waiting.prefetch_related("sign_offs"):
        answered = {s.kind for s in application.sign_offs.all() if s.decision == SignOff.Decision.SIGNED}
        still = [k for k in application.required_kinds if k not in answered]
        leads = messages.leads_to_sign(application, still)
        sent += len(messages.remind(application, leads))
    return sent
