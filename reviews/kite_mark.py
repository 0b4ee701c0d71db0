"""The co-production kite mark: Wirral's rule that only projects meeting the principles, signed off by
key stakeholder groups, are truly co-produced. Each criterion says whether it is met, and why."""

from dataclasses import dataclass

from django.db import transaction
from django.db.models import Count, IntegerField, OuterRef, Subquery
from django.utils import timezone

from charters.models import OrganisationKind, Principle
from projects.models import STAGES, Member, Project, StageRecord
from projects.services import ProjectError, record
from reviews.models import KiteMarkApplication, PrincipleAssessment, ReviewAnswer, SignOff


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


def with_kite_mark_counts(projects):
    """Annotate what the automatic criteria need, in the same query as the projects."""
    return projects.select_related("level", "charter__kite_mark").annotate(
        stages_with_families=_count(
            StageRecord.objects.filter(
                project=OuterRef("pk"), status=StageRecord.Status.COMPLETED, participants__kind=Member.Kind.FAMILY
            )
        ),
        principles_met=_count(PrincipleAssessment.objects.filter(project=OuterRef("pk"), rating="met")),
        principle_count=Subquery(
            Principle.objects.filter(charter=OuterRef("charter"))
            .values("charter")
            .annotate(n=Count("pk"))
            .values("n")[:1],
            output_field=IntegerField(),
        ),
        family_reviews=_count(
            ReviewAnswer.objects.filter(project=OuterRef("pk"), member__kind=Member.Kind.FAMILY), "member"
        ),
    )


def kind_label(kind: str) -> str:
    try:
        return OrganisationKind(kind).label.lower()
    except ValueError:
        return kind


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
        Criterion(
            f"At least {minimum} family members answered the review",
            reviews >= minimum,
            f"{reviews} family member{'s' if reviews != 1 else ''} answered the review.",
        ),
    ]
    return criteria


def status(project: Project, application: KiteMarkApplication | None) -> str:
    """not eligible / in progress / ready to apply / awaiting sign-off / awarded / declined."""
    if not project.level.kite_mark or not getattr(project.charter, "kite_mark", None):
        return "Not eligible"
    if application is not None:
        if application.is_valid_award:
            return "Awarded"
        if application.status == KiteMarkApplication.Status.PENDING:
            return "Awaiting sign-off"
        if application.status == KiteMarkApplication.Status.DECLINED:
            return "Declined"
    return "Ready to apply" if all(c.met for c in checklist(project)) else "In progress"


def waiting_for(application: KiteMarkApplication) -> list[str]:
    signed = {s.kind for s in application.sign_offs.all() if s.decision == SignOff.Decision.SIGNED}
    return [kind_label(k) for k in application.required_kinds if k not in signed]


def apply(project: Project, actor) -> KiteMarkApplication:
    with transaction.atomic():
        annotated = with_kite_mark_counts(Project.objects.filter(pk=project.pk)).get()
        if not all(c.met for c in checklist(annotated)):
            raise ProjectError("The project does not meet the kite mark's criteria yet.")
        live = project.kite_mark_applications.filter(status__in=["pending", "awarded"], revoked_at__isnull=True)
        if live.exists():
            raise ProjectError("The project has already applied.")
        application = KiteMarkApplication.objects.create(
            project=project, applied_by=actor, required_kinds=list(project.charter.kite_mark.sign_off_by)
        )
        record(project, actor, "Applied for the kite mark")
    return application


def sign_off(application: KiteMarkApplication, lead, decision: str, reason: str = "") -> None:
    """A required group's forum lead signs off or declines; when every group has signed, it is awarded."""
    with transaction.atomic():
        application = (
            KiteMarkApplication.objects.select_for_update().select_related("project__charter").get(pk=application.pk)
        )
        project = application.project
        kind = lead.organisation.kind if lead.organisation else ""
        if application.status != KiteMarkApplication.Status.PENDING:
            raise ProjectError("This application is no longer waiting for sign-off.")
        if kind not in application.required_kinds:
            raise ProjectError("Your group is not asked to sign off this kite mark.")
        if application.sign_offs.filter(kind=kind).exists():
            raise ProjectError("Your group has already given its answer.")
        if decision == SignOff.Decision.DECLINED and not reason.strip():
            raise ProjectError("Say why you are declining, so the project can put it right.")
        SignOff.objects.create(application=application, kind=kind, lead=lead, decision=decision, reason=reason.strip())
        if decision == SignOff.Decision.DECLINED:
            application.status = KiteMarkApplication.Status.DECLINED
            application.decline_reason = reason.strip()
            application.save(update_fields=["status", "decline_reason"])
            record(project, lead, f"Kite mark declined by the {kind_label(kind)}, because {reason.strip()}"[:300])
            return
        record(project, lead, f"Kite mark signed off by the {kind_label(kind)}")
        signed = set(application.sign_offs.values_list("kind", flat=True))
        if signed >= set(application.required_kinds):
            application.status = KiteMarkApplication.Status.AWARDED
            application.awarded_at = timezone.now()
            application.charter_version = project.charter.version
            application.save(update_fields=["status", "awarded_at", "charter_version"])
            record(project, None, f"Kite mark awarded under charter version {project.charter.version}")


def revoke(application: KiteMarkApplication, actor, reason: str) -> None:
    if not reason.strip():
        raise ProjectError("Say why the kite mark is revoked.")
    with transaction.atomic():
        application.revoked_at = timezone.now()
        application.revoked_by = actor
        application.revoked_reason = reason.strip()
        application.save(update_fields=["revoked_at", "revoked_by", "revoked_reason"])
        record(application.project, actor, f"Kite mark revoked, because {reason.strip()}"[:300])
