"""The co-production kite mark: Wirral's rule that only projects meeting the principles, signed off by
key stakeholder groups, are truly co-produced. Each criterion says whether it is met, and why.

From the moment a project applies, the record the kite mark rests on is frozen (Project.record_frozen):
stages cannot be reopened and assessments and review answers cannot change while the application
waits or the award stands. Withdrawing the application, a decline or revoking the award unfreezes it.
"""

from dataclasses import dataclass

from django.db import models, transaction
from django.db.models import (
    Case,
    CharField,
    Count,
    Exists,
    F,
    IntegerField,
    OuterRef,
    Prefetch,
    Q,
    Subquery,
    Value,
    When,
)
from django.db.models.functions import Coalesce
from django.utils import timezone

from charter_portal.permissions import signs_off_for
from charter_portal.public_cache import public_pages_changed
from charters.models import KiteMarkRule, Principle
from projects.models import STAGES, Member, Project, StageRecord
from projects.services import ProjectError, record
from reviews import messages
from reviews.models import KiteMarkApplication, PrincipleAssessment, Rating, ReviewAnswer, SignOff, kind_label

Status = KiteMarkApplication.Status


class KiteMarkStatus(models.TextChoices):
    """Where a project stands on the kite mark, as the dashboard and the kite-mark page show it."""

    NO_KITE_MARK = "no-kite-mark", "No kite mark yet"
    NOT_ELIGIBLE = "not-eligible", "Not eligible"
    IN_PROGRESS = "in-progress", "In progress"
    READY = "ready", "Ready to apply"
    PENDING = "pending", "Awaiting sign-off"
    AWARDED = "awarded", "Awarded"
    DECLINED = "declined", "Declined"
    REVOKED = "revoked", "Revoked"


@dataclass
class Criterion:
    name: str
    met: bool
    why: str


def _count(queryset, field: str = "pk"):
    """A subquery counting rows per project, so lists need no query per row."""
    return Subquery(
        queryset.values("project").annotate(n=Count(field, distinct=True)).values("n")[:1], output_field=IntegerField()
    )


def _criteria_counts() -> dict:
    """The counts the automatic criteria rest on, one subquery each, so lists need no query per row."""
    return {
        # Whether families took part is fixed when each stage is completed.
        "stages_with_families": _count(
            StageRecord.objects.filter(project=OuterRef("pk"), status=StageRecord.Status.COMPLETED, with_family=True)
        ),
        "principles_met": _count(PrincipleAssessment.objects.filter(project=OuterRef("pk"), rating=Rating.MET)),
        "principle_count": Subquery(
            Principle.objects.filter(charter=OuterRef("charter"))
            .values("charter")
            .annotate(n=Count("pk"))
            .values("n")[:1],
            output_field=IntegerField(),
        ),
        "family_reviews": _count(
            ReviewAnswer.objects.filter(project=OuterRef("pk"), member__kind=Member.Kind.FAMILY), "member"
        ),
    }


def with_kite_mark_counts(projects):
    """Annotate what the automatic criteria need, in the same query as the projects."""
    return projects.select_related("level", "charter__kite_mark").annotate(**_criteria_counts())


# The newest application first, as KiteMarkApplication.Meta.ordering (and its index) has them.
NEWEST_FIRST = ["-applied_at", "-id"]
# An application whose status is the project's own: every one but a withdrawn one.
_STANDING = [s for s in Status.values if s != Status.WITHDRAWN]


def with_kite_mark_status(projects):
    """Annotate `kite_mark_status`, the project's KiteMarkStatus worked out by the database by exactly the
    rules of status() and checklist(), so a list can filter by it and page before anything is done per row."""
    rule = KiteMarkRule.objects.filter(charter=OuterRef("charter"))
    counts = {f"_kite_mark_{name}": Coalesce(count, 0) for name, count in _criteria_counts().items()}
    return projects.alias(
        _kite_mark_rule=Exists(rule),
        _kite_mark_min_family_reviews=Coalesce(Subquery(rule.values("min_family_reviews")[:1]), 0),
        _kite_mark_newest=Subquery(
            KiteMarkApplication.objects.filter(project=OuterRef("pk")).order_by(*NEWEST_FIRST).values("status")[:1]
        ),
        **counts,
    ).annotate(
        kite_mark_status=Case(
            When(_kite_mark_rule=False, then=Value(KiteMarkStatus.NO_KITE_MARK)),
            When(level__kite_mark=False, then=Value(KiteMarkStatus.NOT_ELIGIBLE)),
            When(_kite_mark_newest__in=_STANDING, then=F("_kite_mark_newest")),
            When(
                Q(_kite_mark_stages_with_families=len(STAGES))
                & Q(_kite_mark_principle_count__gt=0)
                & Q(_kite_mark_principles_met=F("_kite_mark_principle_count"))
                & Q(_kite_mark_family_reviews__gte=F("_kite_mark_min_family_reviews")),
                then=Value(KiteMarkStatus.READY),
            ),
            default=Value(KiteMarkStatus.IN_PROGRESS),
            output_field=CharField(),
        )
    )


def pending_applications():
    """Prefetch each project's application waiting for sign-off (one at most), with its sign-offs."""
    return Prefetch(
        "kite_mark_applications",
        queryset=KiteMarkApplication.objects.filter(status=Status.PENDING).prefetch_related("sign_offs"),
        to_attr="pending_applications",
    )


def checklist(project: Project) -> list[Criterion]:
    """The criteria from the charter's kite-mark rule and ladder. `project` is annotated by with_kite_mark_counts."""
    rule = getattr(project.charter, "kite_mark", None)
    minimum = rule.min_family_reviews if rule else 0
    stages = project.stages_with_families or 0
    principles, met = project.principle_count or 0, project.principles_met or 0
    reviews = project.family_reviews or 0
    criteria = [
        Criterion(
            f"The way of working can earn the {rule.name.lower() if rule else 'kite mark'}",
            bool(rule) and project.level.kite_mark,
            f"{project.level.name} {'can' if project.level.kite_mark else 'cannot'} earn it under the charter.",
        ),
        Criterion(
            "All six stages completed, each with family involvement",
            stages == len(STAGES),
            f"{stages} of {len(STAGES)} stages were completed with a family member taking part.",
        ),
        Criterion(
            "Every principle of the charter assessed as met",
            principles > 0 and met == principles,
            f"{met} of {principles} principles are assessed as met.",
        ),
    ]
    if minimum:
        criteria.append(
            Criterion(
                f"At least {minimum} family members answered the review",
                reviews >= minimum,
                f"{reviews} family member{'s' if reviews != 1 else ''} answered the review.",
            )
        )
    return criteria


def status(project: Project, application: KiteMarkApplication | None) -> str:
    """The project's KiteMarkStatus, from its newest application (None when it has none)."""
    if not getattr(project.charter, "kite_mark", None):
        return KiteMarkStatus.NO_KITE_MARK
    if not project.level.kite_mark:
        return KiteMarkStatus.NOT_ELIGIBLE
    if application is not None and application.status != Status.WITHDRAWN:
        return KiteMarkStatus(application.status)
    return KiteMarkStatus.READY if all(c.met for c in checklist(project)) else KiteMarkStatus.IN_PROGRESS


def waiting_for(application: KiteMarkApplication) -> list[str]:
    signed = {s.kind for s in application.sign_offs.all() if s.decision == SignOff.Decision.SIGNED}
    return [kind_label(k) for k in application.required_kinds if k not in signed]


def _locked_application(application: KiteMarkApplication) -> KiteMarkApplication:
    return (
        KiteMarkApplication.objects.select_for_update(of=("self",))
        .select_related("project__charter")
        .get(pk=application.pk)
    )


def _set_frozen(project: Project, frozen: bool) -> None:
    Project.objects.filter(pk=project.pk).update(record_frozen=frozen)
    project.record_frozen = frozen


def apply(project: Project, actor) -> KiteMarkApplication:
    with transaction.atomic():
        locked = Project.objects.select_for_update().get(pk=project.pk)
        annotated = with_kite_mark_counts(Project.objects.filter(pk=project.pk)).get()
        if not all(c.met for c in checklist(annotated)):
            raise ProjectError("The project does not meet the kite mark's criteria yet.")
        if project.kite_mark_applications.filter(status__in=KiteMarkApplication.LIVE).exists():
            raise ProjectError("The project has already applied.", ProjectError.CONFLICT)
        if not annotated.charter.kite_mark.sign_off_by:
            raise ProjectError("The charter's kite mark names no group to sign it off: an admin must name them first.")
        application = KiteMarkApplication.objects.create(
            project=project, applied_by=actor, required_kinds=list(annotated.charter.kite_mark.sign_off_by)
        )
        _set_frozen(locked, True)
        project.record_frozen = True
        record(project, actor, "Applied for the kite mark: the project's record is fixed while it is considered")
        messages.applied(application, actor)
    return application


def withdraw(application: KiteMarkApplication, actor, reason: str) -> None:
    """An officer takes back an application waiting for sign-off, so the record can change again."""
    if not reason.strip():
        raise ProjectError("Say why the application is withdrawn.")
    with transaction.atomic():
        application = _locked_application(application)
        if application.status != Status.PENDING:
            raise ProjectError("Only an application waiting for sign-off can be withdrawn.", ProjectError.CONFLICT)
        application.status = Status.WITHDRAWN
        application.withdrawn_at, application.withdrawn_by = timezone.now(), actor
        application.withdrawn_reason = reason.strip()
        application.save(update_fields=["status", "withdrawn_at", "withdrawn_by", "withdrawn_reason"])
        _set_frozen(application.project, False)
        record(application.project, actor, f"Withdrew the kite-mark application, because {reason.strip()}")
        public_pages_changed(application.project.partnership)


def sign_off(application: KiteMarkApplication, lead, decision: str, reason: str = "") -> None:
    """A required group's forum lead signs off or declines; when every group has signed, it is awarded."""
    with transaction.atomic():
        application = _locked_application(application)
        project = application.project
        kind = signs_off_for(lead, project.partnership)
        if application.status != Status.PENDING:
            raise ProjectError("This application is no longer waiting for sign-off.", ProjectError.CONFLICT)
        if kind not in application.required_kinds:
            raise ProjectError("Your group is not asked to sign off this kite mark.", ProjectError.FORBIDDEN)
        if application.sign_offs.filter(kind=kind).exists():
            raise ProjectError("Your group has already given its answer.", ProjectError.CONFLICT)
        if decision == SignOff.Decision.DECLINED and not reason.strip():
            raise ProjectError("Say why you are declining, so the project can put it right.")
        SignOff.objects.create(application=application, kind=kind, lead=lead, decision=decision, reason=reason.strip())
        if decision == SignOff.Decision.DECLINED:
            application.status = Status.DECLINED
            application.decline_reason = reason.strip()
            application.save(update_fields=["status", "decline_reason"])
            _set_frozen(project, False)
            record(project, lead, f"Kite mark declined by the {kind_label(kind)}, because {reason.strip()}")
            messages.declined(application, kind_label(kind))
            return
        record(project, lead, f"Kite mark signed off by the {kind_label(kind)}")
        signed = set(application.sign_offs.values_list("kind", flat=True))
        if signed >= set(application.required_kinds):
            application.status = Status.AWARDED
            application.awarded_at = timezone.now()
            application.charter_version = project.charter.version
            application.save(update_fields=["status", "awarded_at", "charter_version"])
            record(project, None, f"Kite mark awarded under charter version {project.charter.version}")
            # The project's public page shows the award, and its verification page stands.
            public_pages_changed(project.partnership)
            messages.awarded(application)


def revoke(application: KiteMarkApplication, actor, reason: str) -> None:
    if not reason.strip():
        raise ProjectError("Say why the kite mark is revoked.")
    with transaction.atomic():
        application = _locked_application(application)
        if application.status != Status.AWARDED:
            raise ProjectError("Only a kite mark that stands can be revoked.", ProjectError.CONFLICT)
        application.status = Status.REVOKED
        application.revoked_at = timezone.now()
        application.revoked_by = actor
        application.revoked_reason = reason.strip()
        application.save(update_fields=["status", "revoked_at", "revoked_by", "revoked_reason"])
        _set_frozen(application.project, False)
        record(application.project, actor, f"Kite mark revoked, because {reason.strip()}")
        public_pages_changed(application.project.partnership)
        messages.revoked(application)


@dataclass
class HistoryEntry:
    at: object
    what: str
    by: str = ""
    reason: str = ""


def history(applications) -> list[HistoryEntry]:
    """Every application's story, newest first: applied, each sign-off or decline, awarded,
    withdrawn or revoked, each with its reason. `applications` have sign_offs prefetched."""
    entries = []
    for application in applications:
        entries.append(HistoryEntry(application.applied_at, "Applied", _name(application.applied_by)))
        for answer in application.sign_offs.all():
            what = "Signed off" if answer.decision == SignOff.Decision.SIGNED else "Declined"
            entries.append(
                HistoryEntry(answer.at, f"{what} by the {kind_label(answer.kind)}", answer.lead.name, answer.reason)
            )
        if application.awarded_at:
            entries.append(
                HistoryEntry(application.awarded_at, f"Awarded under charter version {application.charter_version}")
            )
        if application.withdrawn_at:
            entries.append(
                HistoryEntry(
                    application.withdrawn_at,
                    "Application withdrawn",
                    _name(application.withdrawn_by),
                    application.withdrawn_reason,
                )
            )
        if application.revoked_at:
            entries.append(
                HistoryEntry(
                    application.revoked_at,
                    "Kite mark revoked",
                    _name(application.revoked_by),
                    application.revoked_reason,
                )
            )
    return sorted(entries, key=lambda e: e.at, reverse=True)


def _name(user) -> str:
    return user.name if user else ""
