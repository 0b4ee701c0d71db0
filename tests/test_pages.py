from django.test import RequestFactory
from django.urls import reverse
from django.views.defaults import server_error

from tests.conftest import client_for


def test_home_page_lists_the_local_areas(client, partnership, other_partnership):
    response = client.get(reverse("home"))
    assert "Working together on services for children with SEND" in response.text
    assert "Wirral" in response.text
    assert "Hounslow" in response.text


def test_every_page_has_a_skip_link_and_footer_links(client, db):
    response = client.get(reverse("home"))
    assert 'href="#main-content"' in response.text
    assert f'href="{reverse("accessibility")}"' in response.text
    assert f'href="{reverse("privacy")}"' in response.text


def test_navigation_depends_on_the_role(personas):
    def nav(role):
        return [item.text for item in client_for(personas[role]).get(reverse("home")).context["navigation"]]

    assert nav("anonymous") == ["Home", "Create an account", "Sign in"]
    assert nav("family") == ["Home", "Wirral", "Projects", "Your account"]
    assert nav("officer") == ["Home", "Wirral", "Projects", "Feedback", "Insights", "Your account"]
    assert nav("admin") == ["Home", "Wirral", "Projects", "Feedback", "Insights", "People", "Your account"]
    assert nav("forum_lead") == ["Home", "Wirral", "Projects", "Kite marks", "Insights", "Your account"]


def test_accessibility_statement_and_privacy_notice_have_real_content(client, db):
    statement = client.get(reverse("accessibility")).text
    assert "Accessibility statement" in statement
    assert "WCAG 2.2" in statement
    assert "Equality Advisory and Support Service" in statement
    notice = client.get(reverse("privacy")).text
    assert "Privacy notice" in notice
    assert "Information Commissioner" in notice or "ICO" in notice


def test_missing_pages_get_the_gov_uk_404(client, db):
    response = client.get("/no-such-page/")
    assert response.status_code == 404
    assert "Page not found" in response.text


def test_refused_pages_get_the_gov_uk_403(client, family):
    client.force_login(family)
    response = client.get(reverse("accounts:user_list"))
    assert response.status_code == 403
    assert "You cannot see this page" in response.text


def test_server_errors_get_the_gov_uk_500(db):
    response = server_error(RequestFactory().get("/"))
    assert response.status_code == 500
    assert "Sorry, there is a problem with the service" in response.content.decode()


def test_times_are_written_the_gov_uk_way():
    import datetime

    from charter_portal.formats import clock

    assert [clock(datetime.time(h, m)) for h, m in [(10, 0), (14, 30), (0, 5), (12, 0)]] == [
        "10am",
        "2:30pm",
        "12:05am",
        "midday",
    ]
    assert clock(datetime.datetime(2026, 7, 1, 9, 0, tzinfo=datetime.UTC)) == "10am"  # British Summer Time
