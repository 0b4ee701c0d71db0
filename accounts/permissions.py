"""Who may do what: every role and partnership check of the portal lives here.

Views ask these questions rather than looking at `user.role` themselves, so a
rule changes in one place. Objects of another partnership are reported as
missing (404), never as forbidden, so their existence is not revealed.
"""

from collections.abc import Callable
from functools import wraps

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet
from django.http import Http404, HttpRequest

from accounts.models import Role


def works_in(user, partnership) -> bool:
    """True when the user belongs to the partnership (superusers belong to all)."""
    if not user.is_authenticated or not user.is_active:
        return False
    return user.is_superuser or user.partnership_id == partnership.pk


def has_role(user, *roles: str) -> bool:
    if not user.is_authenticated or not user.is_active:
        return False
    return user.is_superuser or user.role in roles


def is_professional(user) -> bool:
    return has_role(user, Role.OFFICER, Role.FORUM_LEAD, Role.ADMIN)


def is_admin_of(user, partnership) -> bool:
    """Partnership admins manage their partnership's people and charter."""
    return works_in(user, partnership) and has_role(user, Role.ADMIN)


def sees_charter_reminders(user, partnership) -> bool:
    return works_in(user, partnership) and has_role(user, Role.ADMIN, Role.OFFICER)


def for_partnership(queryset: QuerySet, user, field: str = "partnership") -> QuerySet:
    """Narrow a queryset to the rows of the user's partnership.

    `field` is the lookup path from the model to its partnership, e.g.
    "partnership" or "project__partnership". Superusers see every row;
    anyone without a partnership sees none.
    """
    if user.is_authenticated and user.is_superuser:
        return queryset
    if not user.is_authenticated or user.partnership_id is None:
        return queryset.none()
    return queryset.filter(**{f"{field}_id": user.partnership_id})


def get_for_partnership_or_404(queryset: QuerySet, user, field: str = "partnership", **lookup):
    """Fetch one object through the user's partnership, or raise 404."""
    try:
        return for_partnership(queryset, user, field).get(**lookup)
    except queryset.model.DoesNotExist:
        raise Http404(f"No {queryset.model._meta.verbose_name} matches.") from None


def role_required(*roles: str) -> Callable:
    """Sign-in is needed; a signed-in user without one of the roles gets 403."""

    def decorator(view: Callable) -> Callable:
        @wraps(view)
        @login_required
        def wrapped(request: HttpRequest, *args, **kwargs):
            if not has_role(request.user, *roles):
                raise PermissionDenied
            return view(request, *args, **kwargs)

        return wrapped

    return decorator
