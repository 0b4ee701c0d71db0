"""Every page of the permission matrix, as each persona who can open it, is valid HTML (the Nu
HTML Checker). The browser sweep covers what the demo shows; this covers what it does not, such
as a draft charter being edited, with the matrix's own small world."""

import pytest
from django.urls import reverse

from tests.conftest import client_for
from tests.html_check import html_errors
from tests.test_permissions import MATRIX, world, world_media  # noqa: F401 - the fixtures every page needs

pytestmark = pytest.mark.django_db

PAGES = [(name, kwargs) for name, kwargs, method, expected in MATRIX if method == "get"]


def test_every_page_is_valid_html_for_everyone_who_can_open_it(world, tmp_path):  # noqa: F811
    pages = {}
    for role in ["anonymous", "family", "officer", "forum_lead", "admin", "professional", "superuser"]:
        client = client_for(world[role])
        for name, kwargs in PAGES:
            url = reverse(name, kwargs=kwargs(world) if kwargs else None)
            response = client.get(url)
            if response.status_code == 200 and response["Content-Type"].startswith("text/html"):
                pages[f"{role} {url}"] = response.content.decode()
    assert len(pages) > 100
    problems = html_errors(pages, tmp_path)
    assert not problems, f"{len(problems)} HTML error(s):\n" + "\n".join(problems)
