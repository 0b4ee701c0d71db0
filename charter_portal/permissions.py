"""Who may do what: every role and partnership rule of the portal, and nothing else, lives here.

Views never look at a person's role: each app's access module fetches objects through the
partnership and asks these questions, and templates are given flags computed from them.
Objects of another partnership are reported as missing (404), never as forbidden, so their
existence is not revealed. Superusers belong to every partnership and may do everything there.
"""

from charter_portal.roles import Role


def _active(user) -> bool:
    return bool(user and user.is_authenticated and user.is_active)


def signed_in(user, partnership=None) -> bool:
    """Any signed-in person: the page's own helpers then decide (a project's members, say)."""
    return _active(user)


def belongs_to(user, partnership) -> bool:
    """True when the user is one of the partnership's people (superusers are everyone's)."""
    return _active(user) and (user.is_superuser or user.partnership_id == partnership.pk)


def _has_role(user, *roles: str) -> bool:
    return _active(user) and (user.is_superuser or user.role in roles)


def is_family_account(user) -> bool:
    """A parent carer's or young person's account: they keep their own details, what they send is
    theirs, and they take part in projects as a family member (everyone else as a professional)."""
    return bool(user and user.is_authenticated) and user.role == Role.FAMILY and not user.is_superuser


def runs_projects(user, partnership) -> bool:
    """Officers and admins start and run the partnership's projects."""
    return belongs_to(user, partnership) and _has_role(user, Role.OFFICER, Role.ADMIN)


def reads_every_project(user, partnership) -> bool:
    """Officers, admins and forum leads read every project's record (the leads sign off the kite mark)."""
    return belongs_to(user, partnership) and _has_role(user, Role.OFFICER, Role.ADMIN, Role.FORUM_LEAD)


def handles_feedback(user, partnership) -> bool:
    """Officers and admins read, answer and publish what families tell the partnership."""
    return belongs_to(user, partnership) and _has_role(user, Role.OFFICER, Role.ADMIN)


def reads_insights(user, partnership) -> bool:
    """Officers, forum leads and admins read the partnership's insights with the names of projects
    and people; everyone else reads the public version, which has none."""
    return belongs_to(user, partnership) and _has_role(user, Role.OFFICER, Role.ADMIN, Role.FORUM_LEAD)


def makes_evidence_packs(user, partnership) -> bool:
    """Admins and forum leads make the inspection evidence pack and download it."""
    return belongs_to(user, partnership) and _has_role(user, Role.ADMIN, Role.FORUM_LEAD)


def manages_partnership(user, partnership) -> bool:
    """Partnership admins manage its charter, its people and its feedback topics."""
    return belongs_to(user, partnership) and _has_role(user, Role.ADMIN)


def manages_people(user) -> bool:
    """Admins manage the accounts of their partnership (superusers, anyone's)."""
    return _has_role(user, Role.ADMIN)


def lists_people(user) -> bool:
    """The People list and its "add a person" are an area's: a superuser without one uses Django's admin."""
    return manages_people(user) and user.partnership_id is not None


def signs_off_for(user, partnership) -> str:
    """The organisation kind a forum lead of the partnership signs the kite mark off for, or ""."""
    if not (belongs_to(user, partnership) and _has_role(user, Role.FORUM_LEAD)):
        return ""
    return user.organisation.kind if user.organisation_id else ""


def is_forum_lead(user) -> bool:
    return _has_role(user, Role.FORUM_LEAD)


def sees_charter_reminders(user, partnership) -> bool:
    """Admins and officers are reminded when their charter is due for review."""
    return belongs_to(user, partnership) and _has_role(user, Role.ADMIN, Role.OFFICER)


def for_partnership(queryset, user, field: str = "partnership"):
    """Narrow a queryset to the rows of the user's partnership.

    `field` is the lookup path from the model to its partnership, e.g. "partnership" or
    "project__partnership". Superusers see every row; anyone without a partnership sees none.
    """
    if _active(user) and user.is_superuser:
        return queryset
    if not _active(user) or user.partnership_id is None:
        return queryset.none()
    return queryset.filter(**{f"{field}_id": user.partnership_id})
