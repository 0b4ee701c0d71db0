import pytest
from axe_playwright_python.sync_playwright import Axe
from django.conf import settings
from django.test import Client

# Every WCAG 2.0, 2.1 and 2.2 success criterion at levels A and AA.
WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22a", "wcag22aa"]

_axe = Axe()


def assert_accessible(page) -> None:
    """Fail with every WCAG 2.2 A/AA violation axe-core finds on the page."""
    results = _axe.run(page, options={"runOnly": {"type": "tag", "values": WCAG_TAGS}})
    violations = results.response["violations"]
    if violations:
        lines = [f"{page.url}: {len(violations)} accessibility violation(s)"]
        for violation in violations:
            lines.append(f"- {violation['id']}: {violation['help']}")
            lines.extend(f"    {node['target']}: {node['failureSummary']}" for node in violation["nodes"][:5])
        pytest.fail("\n".join(lines))


def visit(page, url: str, status: int = 200):
    """Open a page and check the server answered as expected."""
    response = page.goto(url)
    assert response.status == status, f"{url} answered {response.status}, not {status}"
    return response


def sign_in(page, live_server, user) -> None:
    """Give the browser a signed-in session for the user, without the form."""
    client = Client()
    client.force_login(user)
    cookie = client.cookies[settings.SESSION_COOKIE_NAME]
    page.context.add_cookies([{"name": cookie.key, "value": cookie.value, "url": live_server.url}])


@pytest.fixture(autouse=True)
def quick_failures(page):
    # A missing element fails in seconds, not the default half a minute.
    page.set_default_timeout(5000)
