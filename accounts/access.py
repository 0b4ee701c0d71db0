"""The people pages: a partnership admin manages the accounts of their own partnership."""

from collections.abc import Callable
from functools import wraps

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest

from accounts.models import User
from charter_portal.permissions import for_partnership, is_family_account, manages_people


def people_page(rule: Callable = manages_people) -> Callable:
    """Signing in is needed; anyone the rule refuses gets 403. Sets request.partnership to the admin's."""

    def decorator(view: Callable) -> Callable:
        @wraps(view)
        @login_required
        def wrapped(request: HttpRequest, *args, **kwargs):
            if not rule(request.user):
                raise PermissionDenied
            request.partnership = request.user.partnership
            return view(request, *args, **kwargs)

        return wrapped

    return decorator


def person_for_admin(request: HttpRequest, pk: int, changing: bool = False) -> User:
    """A person of the admin's partnership; another partnership's is a 404. Families keep their own
    details, so `changing` one is a 403: an admin can only close or reopen their account."""
    try:
        person = for_partnership(User.objects.select_related("organisation"), request.user).get(pk=pk)
    except User.DoesNotExist:
        raise Http404("No such person.") from None
    if changing and is_family_account(person):
        raise PermissionDenied
    return person
