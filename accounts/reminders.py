"""Reminders to a partnership's admins that its charter is due for review: 30 days before the
review date, and once it has passed. Sent by `manage.py send_due_notifications`."""

import datetime

from django.urls import reverse
from django.utils import timezone

from accounts.models import User
from charter_portal import notify
from charters.models import Charter

DAYS_BEFORE = 30


def send_charter_review_reminders(today: datetime.date | None = None) -> int:
    today = today or timezone.localdate()
    sent = 0
    due = Charter.objects.published().filter(review_due_on__isnull=False).select_related("partnership")
    for charter in due.filter(review_due_on__lte=today + datetime.timedelta(days=DAYS_BEFORE)):
        overdue = charter.review_overdue(today)
        admins = User.objects.in_partnership(charter.partnership).admins().filter(is_active=True)
        sent += len(
            notify.send(
                "charter_review_due",
                admins,
                about=f"charter:{charter.pk}",
                area=charter.partnership.slug,
                once="overdue" if overdue else "soon",
                charter=charter,
                overdue=overdue,
                link=notify.absolute(reverse("charters:manage", args=[charter.partnership.slug])),
            )
        )
    return sent
