"""Who may open a project, and what they may do there: the one access helper for projects.

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

from accounts.models import Role
from accounts.permissions import has_role, works_in
from charters.models import Partnership
from projects.models import Member, Project, Stage, StageRecord


def runs_projects(user, partnership) -> bool:
    """Officers and admins of the partnership start and run its projects."""
    return works_in(user, partnership) and has_role(user, Role.OFFICER, Role.ADMIN)


def reads_every_project(user, partnership) -> bool:
    """Officers, admins and forum leads of the partnership read every project's record."""
    return works_in(user, partnership) and has_role(user, Role.OFFICER, Role.ADMIN, Role.FORUM_LEAD)


@dataclass
class ProjectAccess:
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


def get_project(request: HttpRequest, slug: str, pk: int, queryset=None) -> ProjectAccess:
    """A project for anyone who may read its record; 404 for everyone else."""
    partnership = get_object_or_404(Partnership, slug=slug)
    projects = queryset if queryset is not None else Project.objects.all()
    project = get_object_or_404(
        projects.select_related("partnership", "charter", "level", "lead_officer"), partnership=partnership, pk=pk
    )
    user = request.user
    member = Member.objects.current().filter(project=project, user=user).first() if user.is_authenticated else None
    if member is None and not reads_every_project(user, partnership):
        raise Http404("No such project.")
    return ProjectAccess(project, member, runs_projects(user, partnership))


def get_project_to_run(request: HttpRequest, slug: str, pk: int, queryset=None) -> ProjectAccess:
    """For officers' actions: 403 for members and readers, 404 for everyone else."""
    access = get_project(request, slug, pk, queryset)
    if not access.is_officer:
        raise PermissionDenied
    return access


def get_project_to_take_part(request: HttpRequest, slug: str, pk: int, queryset=None) -> ProjectAccess:
    """For members' actions (contributing, reviewing): 403 for readers who are not members."""
    access = get_project(request, slug, pk, queryset)
    if not access.is_member:
        raise PermissionDenied
    return access


def get_project_for_members_and_officers(request: HttpRequest, slug: str, pk: int) -> ProjectAccess:
    """Pages that name the families (members, the timeline, papers): 403 for readers."""
    access = get_project(request, slug, pk)
    if access.is_reader:
        raise PermissionDenied
    return access


def get_stage(project: Project, stage: str) -> StageRecord:
    if stage not in Stage.values:
        raise Http404("No such stage.")
    return project.stages.get(stage=stage)
