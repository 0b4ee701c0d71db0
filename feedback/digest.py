"""The officers' daily digest: what came in, what is due or overdue, and the meetings of their
projects still waiting for papers. Sent once a day by `manage.py send_due_notifications`."""

import datetime

from django.db.models import Q
from django.urls import reverse
from django.utils import timezone

from accounts.models import User
from charter_portal import notify
from feedback.models import Feedback, add_working_days
from projects.models import Meeting

# Items due within this many working days are listed as due soon.
DUE_SOON_DAYS = 3
# Meetings in this many days whose papers are not sent yet.
MEETINGS_AHEAD_DAYS = 7
# Each list in the digest shows this many, then says how many more there are.
LISTED = 10


def send_digests(today: datetime.date | None = None) -> int:
    """Send each officer with something to hear about their digest for `today`; each only once."""
    today = today or timezone.localdate()
    sent = 0
    officers = User.objects.officers().filter(is_active=True).select_related("partnership").order_by("pk")
    for officer in officers.iterator():
        if "digest" in (officer.muted or []):
            continue
        digest = digest_for(officer, today)
        if not any(len(items) for items in digest.values()):
            continue
        slug = officer.partnership.slug
        sent += len(
            notify.send(
                "daily_digest",
                [officer],
                about=f"digest:{today.isoformat()}",
                area=slug,
                once=today.isoformat(),
                today=today,
                listed=LISTED,
                link=notify.absolute(reverse("feedback:queue", args=[slug])),
                **digest,
            )
        )
    return sent


def digest_for(officer, today: datetime.date) -> dict:
    partnership = officer.partnership
    items = Feedback.objects.filter(partnership=partnership).select_related("topic")
    mine_or_nobodys = Q(assigned_to=officer) | Q(assigned_to__isnull=True)
    since = timezone.now() - datetime.timedelta(days=1)
    due_by = add_working_days(today, DUE_SOON_DAYS)
    open_items = items.open().filter(mine_or_nobodys)
    papers = [
        meeting
        for meeting in Meeting.objects.filter(
            project__lead_officer=officer,
            cancelled_at__isnull=True,
            papers_sent_at__isnull=True,
            date__gte=today,
            date__lte=today + datetime.timedelta(days=MEETINGS_AHEAD_DAYS),
        ).select_related("project")
    ]
    return {
        "new": list(items.filter(received_at__gte=since).order_by("received_at")[: LISTED + 1]),
        "due_soon": list(open_items.filter(due_on__gte=today, due_on__lte=due_by).order_by("due_on")[: LISTED + 1]),
        "overdue": list(open_items.filter(due_on__lt=today).order_by("due_on")[: LISTED + 1]),
        "papers": papers[: LISTED + 1],
    }
