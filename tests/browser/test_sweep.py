"""Every page each kind of user can reach, found by following the links the demo's real data
shows them, at the width of a small phone (320 CSS px): valid HTML (Nu HTML Checker), no
sideways scrolling (WCAG 1.4.10), zero axe-core violations, no link that refuses its reader,
and a unique title in the form "Page - Project or area - Charter Portal" (with en dashes). Each form is also
sent once with its text boxes emptied, so that error states are checked the same way and
their titles start "Error: "."""

import os
from collections import Counter, deque
from urllib.parse import parse_qsl, urlsplit

import pytest
from django.core.management import call_command
from django.urls import Resolver404, resolve
from playwright.sync_api import Error as PlaywrightError

from accounts.models import User
from charters.models import Partnership
from tests.browser.conftest import WCAG_TAGS, _axe, sign_in
from tests.html_check import html_errors

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True),
    # What it checks is drawn by the templates, whatever the database: it runs once, on SQLite, so
    # the suite stays quick. PostgreSQL's pages are checked by the matrix and test_html_validity.
    pytest.mark.skipif(
        os.environ.get("DATABASE_URL", "sqlite").startswith("postgres"),
        reason="The page sweep runs on SQLite only; the same templates are drawn on PostgreSQL.",
    ),
]

READERS = {
    "anonymous": None,
    "family": "parent@wirral.example.org",
    "officer": "officer@wirral.example.org",
    "forum_lead": "forum-lead@wirral.example.org",
    "admin": "admin@wirral.example.org",
    "professional": "therapist@hounslow.example.org",
}

# How many addresses of one kind (the same page for the same area, with the same query keys) to visit.
PER_KIND = 1
NOT_PAGES = ("/static/", "/media/", "/django-admin/", "/sign-out/")

REFLOWS = "() => document.documentElement.scrollWidth <= document.documentElement.clientWidth"
# The forms worth sending emptied: posted, with something to type in.
TYPED_FORMS = """() => Array.from(document.forms).map((form, index) => ({
    index, action: form.action,
    typed: form.method === 'post' && !!form.querySelector(
        'textarea, input[type=text], input[type=email], input[type=tel], input[type=password], input[type=url],'
        + 'input[type=number], input[type=search], input[type=file], input:not([type])'),
}))"""
SEND_EMPTIED = """(index) => {
    const form = document.forms[index];
    form.querySelectorAll('textarea, input[type=text], input[type=email], input[type=tel], input[type=password],'
        + 'input[type=url], input[type=number], input[type=search], input:not([type])').forEach(f => f.value = '');
    form.requestSubmit(form.querySelector('button[type=submit], button:not([type]), input[type=submit]'));
}"""


def kind_of(url: str, origin: str):
    """The page an address shows, for counting visits; None for what is not a page of ours."""
    parts = urlsplit(url)
    if f"{parts.scheme}://{parts.netloc}" != origin or parts.path.startswith(NOT_PAGES):
        return None
    try:
        match = resolve(parts.path)
    except Resolver404:
        return ("missing", parts.path)
    keys = tuple(sorted({key for key, _ in parse_qsl(parts.query, keep_blank_values=True)}))
    return (match.view_name, match.kwargs.get("slug"), keys)


class Sweep:
    def __init__(self, page, origin: str):
        self.page, self.origin = page, origin
        self.area_names = set(Partnership.objects.values_list("name", flat=True))
        self.area_slugs = set(Partnership.objects.values_list("slug", flat=True))
        self.html: dict[str, str] = {}
        self.titles: dict[str, set[str]] = {}
        self.problems: list[str] = []
        self.visits = 0
        self.axed: set = set()

    def check(self, url: str, kind, response, *, sent_form: bool = False) -> None:
        page = self.page
        self.visits += 1
        if response is None or response.status >= 500:
            self.problems.append(f"{url}: answered {response and response.status}")
            return
        if not response.headers.get("content-type", "").startswith("text/html"):
            return
        state = f"{url} (form sent)" if sent_form else url
        if response.status in (403, 404) and not sent_form:
            self.problems.append(f"{url}: a link shown to this reader answered {response.status}")
        self.html[state] = response.text()
        title = page.title()
        has_errors = page.locator(".govuk-error-summary").count() > 0
        if has_errors != title.startswith("Error: "):
            self.problems.append(f"{state}: title {title!r} {'lacks' if has_errors else 'has'} 'Error: '")
        parts = title.removeprefix("Error: ").split(" – ")
        if parts[-1] != "Charter Portal" or len(parts) < 2 or not all(parts):
            self.problems.append(f"{state}: title {title!r} is not 'Page – Project or area – Charter Portal'")
        first_segment = urlsplit(url).path.strip("/").split("/")[0]
        if first_segment in self.area_slugs and len(parts) < 3 and parts[0] not in self.area_names:
            self.problems.append(f"{state}: title {title!r} does not name the area or project")
        if response.status == 200 and not sent_form and not has_errors:
            self.titles.setdefault(title, set()).add(urlsplit(url).path)
        if not page.evaluate(REFLOWS):
            width = page.evaluate("() => document.documentElement.scrollWidth")
            self.problems.append(f"{state}: scrolls sideways at 320px ({width}px wide)")
        # axe-core is slow: once for each view and state this reader reaches.
        if (kind[0], sent_form) in self.axed:
            return
        self.axed.add((kind[0], sent_form))
        results = _axe.run(page, options={"runOnly": {"type": "tag", "values": WCAG_TAGS}})
        for violation in results.response["violations"]:
            targets = [node["target"] for node in violation["nodes"][:3]]
            self.problems.append(f"{state}: axe {violation['id']}: {violation['help']} {targets}")

    def go(self, url: str):
        try:
            return self.page.goto(url)
        except PlaywrightError as error:
            if "Download is starting" in str(error):
                return None
            if "ERR_HTTP_RESPONSE_CODE_FAILURE" in str(error):
                self.problems.append(f"{url}: a link shown to this reader has no page")
                return None
            raise

    def run(self, start: list[str]) -> None:
        page, visited, per_kind, forms_sent = self.page, set(), Counter(), set()
        queue = deque(start)
        while queue:
            url = queue.popleft().split("#")[0]
            kind = kind_of(url, self.origin)
            if url in visited or kind is None or per_kind[kind] >= PER_KIND:
                continue
            visited.add(url)
            per_kind[kind] += 1
            response = self.go(url)
            if response is None:
                continue
            self.check(url, kind, response)
            if not response.headers.get("content-type", "").startswith("text/html"):
                continue
            queue.extend(page.eval_on_selector_all("a[href]", "links => links.map(a => a.href)"))
            for form in page.evaluate(TYPED_FORMS):
                form_kind = (kind, urlsplit(form["action"]).path, form["index"])
                if not form["typed"] or form_kind in forms_sent:
                    continue
                forms_sent.add(form_kind)
                if page.url != url:
                    self.go(url)
                with page.expect_navigation() as navigation:
                    page.evaluate(SEND_EMPTIED, form["index"])
                self.check(url, kind, navigation.value, sent_form=True)
                # Not the error summary's links: after a post they point at the form's own address.
                queue.extend(page.eval_on_selector_all("a[href]:not([href^='#'])", "links => links.map(a => a.href)"))

    def repeated_titles(self) -> list[str]:
        return [f"{title!r} is the title of {sorted(paths)}" for title, paths in self.titles.items() if len(paths) > 1]


@pytest.mark.parametrize("reader", READERS)
def test_every_page_a_reader_reaches_is_valid_reflows_and_has_a_unique_title(
    page, live_server, reader, tmp_path, settings
):
    call_command("demo", stdout=open("/dev/null", "w"))  # noqa: SIM115 - the demo's list of sign-ins is not wanted here
    if READERS[reader]:
        sign_in(page, live_server, User.objects.get(email=READERS[reader]))
    page.set_viewport_size({"width": 320, "height": 640})
    page.set_default_timeout(15000)
    sweep = Sweep(page, live_server.url)
    start = [live_server.url + "/"]
    if READERS[reader]:
        start += [live_server.url + "/account/"]
    sweep.run(start)
    problems = sweep.problems + sweep.repeated_titles() + html_errors(sweep.html, tmp_path)
    assert sweep.visits > 20, f"only {sweep.visits} pages were reached"
    assert not problems, f"{len(problems)} problem(s) in {sweep.visits} page states:\n" + "\n".join(problems)
