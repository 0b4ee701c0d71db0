"""The demo's requests about people's data: in Wirral, a parent who has asked for their account to be
erased (the admin sees it on the parent's page), one whose account was erased, whose comments in a
project stay as "A parent carer", and the demo parent's copy of their information, ready to download.
And retention: a week ago the daily run removed what Wirral's 2021 Health Passport feedback said and
the paper of its project, completed in 2022; now an invitation nobody used is due."""

import datetime

from django.core.files.base import ContentFile
from django.utils import timezone

from accounts.demo import DEMO_PASSWORD, demo_email
from accounts.models import DataRequest, FamilyKind, PurgeRun, Role, User
from charter_portal import demo_clock
from charter_portal.privacy import erasure, export, retention
from charters.models import Partnership
from projects import services
from projects.models import MeetingPaper, Member, Project, Stage, StageRecord

PAPER = b"%PDF-1.4\n%%EOF\n"


def _family(partnership: Partnership, who: str, name: str) -> tuple[User, bool]:
    email = demo_email(partnership.slug, who)
    user = User.objects.filter(email=email).first()
    if user:
        return user, False
    user = User.objects.create_user(
        email, DEMO_PASSWORD, name=name, role=Role.FAMILY, family_kind=FamilyKind.PARENT_CARER, partnership=partnership
    )
    user.record(None, "Demo account made as Family member")
    return user, True


def create_data_requests() -> None:
    partnership = Partnership.objects.filter(slug="wirral").first()
    if partnership is None:
        return
    _copy_for_parent(partnership)
    asking, made = _family(partnership, "leaving-parent", "Rowan Hughes")
    if made:
        erasure.ask_for_erasure(asking)
    if DataRequest.objects.filter(partnership=partnership, status=DataRequest.Status.DONE).exists():
        return
    stage = (
        StageRecord.objects.filter(
            project__partnership=partnership,
            project__record_frozen=False,
            project__is_complete=False,
            status=StageRecord.Status.IN_PROGRESS,
        )
        .select_related("project__lead_officer")
        .order_by("project__created_at")
        .first()
    )
    if stage is None:
        return
    leaving, _made = _family(partnership, "erased-parent", "Casey Doyle")
    member = services.add_member(stage.project, leaving, stage.project.lead_officer)
    services.contribute(stage, member, "comment", "Evening meetings would let working parents come.")
    erasure.ask_for_erasure(leaving)
    admin = User.objects.admins().in_partnership(partnership).first()
    erasure.erase_account(leaving, admin, DataRequest.objects.get(subject=leaving, status=DataRequest.Status.WAITING))


def _copy_for_parent(partnership: Partnership) -> None:
    """The demo parent has asked for a copy of their information, and it is made here, whichever
    tasks backend is set, so it is ready to download."""
    parent = User.objects.filter(email=demo_email(partnership.slug, "parent")).first()
    if parent is None or DataRequest.objects.filter(subject=parent, kind=DataRequest.Kind.EXPORT).exists():
        return
    export.build_copy.call(export.ask_for_copy(parent, parent).pk)


def _add_old_paper(project: Project, name: str) -> None:
    """A paper kept for the project's first meeting a week before it was held, as it would have been (the
    record of a project with a kite mark cannot change now, so it is stored as it was then)."""
    meeting = project.meetings.filter(cancelled_at__isnull=True).order_by("date").first()
    if meeting is None:
        return
    with demo_clock.at(meeting.date - datetime.timedelta(days=8)):
        paper = MeetingPaper(meeting=meeting, name=name, uploaded_by=project.lead_officer)
        paper.file.save(name, ContentFile(PAPER), save=True)


def create_retention() -> None:
    partnership = Partnership.objects.filter(slug="wirral").first()
    if partnership is None or PurgeRun.objects.filter(partnership=partnership).exists():
        return
    oldest = (
        Project.objects.filter(partnership=partnership, is_complete=True)
        .filter(stages__stage=Stage.EVALUATION, stages__completed_at__isnull=False)
        .order_by("stages__completed_at")
        .first()
    )
    if oldest is not None:
        _add_old_paper(oldest, "Health Passport draft for families.pdf")
    week_ago = timezone.localdate() - datetime.timedelta(days=7)
    with demo_clock.at(week_ago):
        retention.purge(partnership, week_ago)
    running = Project.objects.filter(partnership=partnership, is_complete=False, record_frozen=False).first()
    if running is not None:
        with demo_clock.at(timezone.now() - datetime.timedelta(days=75)):
            services.invite(running, "unused.invitation@example.org", Member.Kind.FAMILY, running.lead_officer)
