from dataclasses import dataclass

from django.contrib.auth.models import AnonymousUser
from django.http import HttpRequest
from django.urls import reverse
from django.utils import timezone

from accounts import permissions
from accounts.models import Role
from charters.models import Charter


@dataclass
class NavItem:
    text: str
    url_name: str
    # The views (namespace:name, or a namespace followed by ":") under this item.
    matches: tuple[str, ...] = ()
    current: bool = False

    @property
    def href(self) -> str:
        return reverse(self.url_name)


class PartnershipNavItem(NavItem):
    """A page of the signed-in person's own local area."""

    def __init__(self, name: str, slug: str, url_name: str = "charters:partnership", matches=("charters:",)):
        super().__init__(name, url_name, matches)
        self.slug = slug

    @property
    def href(self) -> str:
        return reverse(self.url_name, args=[self.slug])


def _user(request: HttpRequest):
    """The signed-in person, or an anonymous one: an error page for a request refused before
    the sign-in middleware ran (a wrong Host header) has no user yet."""
    return getattr(request, "user", None) or AnonymousUser()


def navigation(request: HttpRequest) -> list[NavItem]:
    """The service navigation, which depends on who is signed in."""
    user = _user(request)
    items = [NavItem("Home", "home")]
    if user.is_authenticated and user.partnership_id:
        items.append(PartnershipNavItem(user.partnership.name, user.partnership.slug))
    if user.is_authenticated and user.partnership_id:
        items.append(PartnershipNavItem("Projects", user.partnership.slug, "projects:list", ("projects:",)))
    if permissions.has_role(user, Role.FORUM_LEAD) and user.partnership_id:
        items.append(PartnershipNavItem("Kite marks", user.partnership.slug, "reviews:dashboard", ("reviews:dash",)))
    if permissions.has_role(user, Role.OFFICER, Role.ADMIN) and user.partnership_id:
        items.append(PartnershipNavItem("Feedback", user.partnership.slug, "feedback:queue", ("feedback:",)))
    if permissions.has_role(user, Role.ADMIN) and user.partnership_id:
        items.append(NavItem("People", "accounts:user_list", ("accounts:user_",)))
    if user.is_authenticated:
        items.append(NavItem("Your account", "accounts:account", ("accounts:account", "accounts:password_change")))
    else:
        items.append(NavItem("Create an account", "accounts:register"))
        items.append(NavItem("Sign in", "accounts:login"))

    match = getattr(request, "resolver_match", None)
    view = match.view_name if match else ""
    for item in items:
        item.current = view == item.url_name or any(view.startswith(m) for m in item.matches)
    return items


def charter_due_for_review(request: HttpRequest):
    """The published charter of an admin's or officer's partnership, when its review date has passed."""
    user = _user(request)
    if not user.is_authenticated or not permissions.has_role(user, Role.ADMIN, Role.OFFICER):
        return None
    if user.partnership_id is None:
        return None
    return (
        Charter.objects.published()
        .filter(partnership_id=user.partnership_id, review_due_on__lte=timezone.localdate())
        .select_related("partnership")
        .first()
    )


def portal(request: HttpRequest) -> dict:
    return {
        "navigation": navigation(request),
        "charter_due_for_review": charter_due_for_review(request),
    }
