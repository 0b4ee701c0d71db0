from dataclasses import dataclass

from django.contrib.auth.models import AnonymousUser
from django.http import HttpRequest
from django.urls import reverse
from django.utils import timezone

from charter_portal import permissions
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
    area = user.partnership if user.is_authenticated and user.partnership_id else None
    items = [NavItem("Home", "home")]
    if area:
        items.append(PartnershipNavItem(area.name, area.slug))
        items.append(PartnershipNavItem("Projects", area.slug, "projects:list", ("projects:",)))
        if permissions.is_forum_lead(user):
            items.append(PartnershipNavItem("Kite marks", area.slug, "reviews:dashboard", ("reviews:dash",)))
        if permissions.handles_feedback(user, area):
            items.append(PartnershipNavItem("Feedback", area.slug, "feedback:queue", ("feedback:",)))
        if permissions.reads_insights(user, area):
            items.append(PartnershipNavItem("Insights", area.slug, "reviews:insights", ("reviews:insights",)))
    if permissions.lists_people(user):
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
    if not user.is_authenticated or user.partnership_id is None:
        return None
    if not permissions.sees_charter_reminders(user, user.partnership):
        return None
    return (
        Charter.objects.published()
        .filter(partnership_id=user.partnership_id, review_due_on__lte=timezone.localdate())
        .select_related("partnership")
        .first()
    )


def portal(request: HttpRequest) -> dict:
    due = charter_due_for_review(request)
    return {
        "navigation": navigation(request),
        "charter_due_for_review": due,
        # Whether the person may start the new version the reminder asks for.
        "manages_due_charter": bool(due) and permissions.manages_partnership(_user(request), due.partnership),
    }
