"""Who may open a project, and what they may do there: the one access helper for projects.

Pages under /<slug>/projects/ are decorated with charters.access.partnership_page, which sets
request.partnership; these helpers fetch the project through it and decide:

- Members (not removed) take part: they contribute and answer the review.
- The partnership's officers and admins run every project of the area.
- The partnership's forum leads read every project's record, so the groups who sign off
  the kite mark can see what they sign. They read it without families' names.
- Anyone else is told the project does not exist (404).
"""

from dataclasses import dataclass

from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest
from django.shortcuts import get_object_or_404

from charter_portal.permissions import reads_every_project, runs_projects
from projects.models import Member, Project, Stage, StageRecord


@dataclass
class ProjectAccess:
    """What the person may do on a project's pages: the flags templates use."""

    project: Project
    member: Member | None
    is_officer: bool

    @property
    def is_member(self) -> bool:
        return self.member is not None

    @property
    def sees_names(self) -> bool:
        """Members and officers know who the families are; forum leads reading the record do not need to."""
        return self.is_member or self.is_officer

    @property
    def is_reader(self) -> bool:
        """Reads the record without taking part in it or running it (a forum lead)."""
        return not (self.is_member or self.is_officer)


def visible_projects(user, partnership):
    """The projects of a partnership the user may see in its list."""
    projects = Project.objects.for_partnership(partnership)
    if reads_every_project(user, partnership):
        return projects
    if user.is_authenticated:
        mine = Member.objects.current().filter(user=user).values("project")
        return projects.filter(is_public=True) | projects.filter(pk__in=mine)
    return projects.public()


def project_for_reader(request: HttpRequest, pk: int, queryset=None, rule=None) -> ProjectAccess:
    """A project for anyone who may read its record; 404 for everyone else. With a `rule(user, project)`,
    a reader the rule refuses gets 403."""
    partnership = request.partnership
    projects = queryset if queryset is not None else Project.objects.all()
    project = get_object_or_404(
        projects.select_related("partnership", "charter", "level", "lead_officer"), partnership=partnership, pk=pk
    )
    user = request.user
    member = Member.objects.current().filter(project=project, user=user).first() if user.is_authenticated else None
    if member is None and not reads_every_project(user, partnership):
        raise Http404("No such project.")
    if rule is not None and not rule(user, project):
        raise PermissionDenied
    return ProjectAccess(project, member, runs_projects(user, partnership))


def project_for_editor(request: HttpRequest, pk: int, queryset=None) -> ProjectAccess:
    """For officers' actions: 403 for members and readers, 404 for everyone else."""
    access = project_for_reader(request, pk, queryset)
    if not access.is_officer:
        raise PermissionDenied
    return access


def project_for_member(request: HttpRequest, pk: int, queryset=None) -> ProjectAccess:
    """For members' actions (contributing, reviewing): 403 for readers who are not members."""
    access = project_for_reader(request, pk, queryset)
    if not access.is_member:
        raise PermissionDenied
    return access


def project_for_insider(request: HttpRequest, pk: int) -> ProjectAccess:
    """Pages that name the families (members, the timeline, papers): members and officers; 403 for readers."""
    access = project_for_reader(request, pk)
    if access.is_reader:
        raise PermissionDenied
    return access


def get_stage(project: Project, stage: str) -> StageRecord:
    if stage not in Stage.values:
        raise Http404("No such stage.")
    return project.stages.get(stage=stage)
