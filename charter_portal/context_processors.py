from dataclasses import dataclass

from django.http import HttpRequest
from django.urls import reverse

from accounts import permissions
from accounts.models import Role


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


def navigation(request: HttpRequest) -> list[NavItem]:
    """The service navigation, which depends on who is signed in."""
    user = request.user
    items = [NavItem("Home", "home")]
    if permissions.has_role(user, Role.ADMIN) and user.partnership_id:
        items.append(NavItem("People", "accounts:user_list", ("accounts:user_",)))
    if user.is_authenticated:
        items.append(
            NavItem("Your account", "accounts:account", ("accounts:account", "accounts:password_change"))
        )
    else:
        items.append(NavItem("Create an account", "accounts:register"))
        items.append(NavItem("Sign in", "accounts:login"))

    match = getattr(request, "resolver_match", None)
    view = match.view_name if match else ""
    for item in items:
        item.current = view == item.url_name or any(view.startswith(m) for m in item.matches)
    return items


def portal(request: HttpRequest) -> dict:
    return {"navigation": navigation(request)}
