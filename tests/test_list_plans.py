"""Every list page reads the big tables along an index, never from end to end.

Each page is requested as the person who uses it, on a small generated installation (manage.py
bench_data tiny), and PostgreSQL is asked how it would run each SELECT the page sent. On a few
hundred rows a sequential scan is always cheapest, so the question is asked with sequential scans
priced out (enable_seqscan off): a plan that still reads a table from end to end has no index to
use, and would read all 100,000 items of a large installation on every visit.
"""

import re
from io import StringIO

import pytest
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext

from accounts.models import User
from charter_portal.management.commands import bench_data
from charters.models import Partnership
from feedback.models import Feedback, Topic

pytestmark = pytest.mark.skipif(
    connection.vendor != "postgresql",
    reason="reads PostgreSQL's query plans (set DATABASE_URL); SQLite's planner has no switch to price out table scans",
)

# The feedback, projects and timeline tables: those that grow with an installation.
BIG_TABLES = [
    "feedback_feedback",
    "feedback_feedbackevent",
    "projects_project",
    "projects_projectevent",
    "charters_charterevent",
    "accounts_accountevent",
]
TABLES = "|".join(BIG_TABLES)
TABLE_SCAN = re.compile(rf"Seq Scan on ({TABLES})\b")
# An index read from end to end (no Index Cond) costs the same as the table's scan.
INDEX_SCAN = re.compile(rf"Index (Only )?Scan (Backward )?using \S+ on ({TABLES})\b")


def pages(area: Partnership) -> list[tuple[str, str]]:
    """(who, address) of every list page, and of the pages beside them."""
    slug = area.slug
    queue = f"/{slug}/feedback/"
    topic = Topic.objects.filter(partnership=area, feedback__isnull=False).first()
    officer = User.objects.get(email=f"officer@{slug}.example.org")
    item = Feedback.objects.for_partnership(area).order_by("pk").last()
    open_pages = -(-Feedback.objects.for_partnership(area).open().count() // 25)
    board_pages = -(-Feedback.objects.for_partnership(area).published().count() // 10)
    assert open_pages >= 3 and board_pages >= 3, (open_pages, board_pages)
    return [
        ("officer", queue),
        ("officer", f"{queue}?status=received"),
        ("officer", f"{queue}?status=done"),
        ("officer", f"{queue}?topic={topic.pk}"),
        ("officer", f"{queue}?assigned=nobody"),
        ("officer", f"{queue}?assigned={officer.pk}"),
        ("officer", f"{queue}?overdue=on"),
        ("officer", f"{queue}?closed=on"),
        ("officer", f"{queue}?sort=due"),
        ("officer", f"{queue}?sort=changed"),
        ("officer", f"{queue}?sort=due&closed=on&page={open_pages}"),
        ("officer", f"{queue}?page=2"),
        ("officer", f"{queue}?page={open_pages}"),
        ("officer", f"{queue}?page={open_pages + 5}"),
        ("officer", f"{queue}?q=transport"),
        ("officer", f"{queue}?q=transport&sort=due"),
        ("officer", f"/{slug}/feedback/{item.reference}/"),
        ("officer", f"/{slug}/projects/"),
        ("admin", f"/{slug}/feedback/topics/"),
        ("forum-lead", f"/{slug}/kite-marks/"),
        ("anonymous", f"/{slug}/you-said-we-did/"),
        ("anonymous", f"/{slug}/you-said-we-did/?status=done"),
        ("anonymous", f"/{slug}/you-said-we-did/?topic={topic.pk}"),
        ("anonymous", f"/{slug}/you-said-we-did/?page={board_pages}"),
        ("anonymous", f"/{slug}/you-said-we-did/?topic={topic.pk}&page=2"),
        ("anonymous", f"/{slug}/tell-us/"),
    ]


def whole_reads(sql: str) -> list[str]:
    """The steps of the plan of `sql` that read a big table, or one of its indexes, from end to end."""
    with connection.cursor() as cursor:
        cursor.execute("SET enable_seqscan = off")
        try:
            cursor.execute(f"EXPLAIN {sql}")
            plan = [row[0] for row in cursor.fetchall()]
        finally:
            cursor.execute("RESET enable_seqscan")
    found = []
    for n, line in enumerate(plan):
        if TABLE_SCAN.search(line):
            found.append(line.strip())
        elif INDEX_SCAN.search(line):
            details = []
            for below in plan[n + 1 :]:
                if "->" in below or not below.startswith(" "):
                    break
                details.append(below)
            if not any("Index Cond:" in detail for detail in details):
                found.append(line.strip())
    return found


@pytest.fixture
def area(db) -> Partnership:
    """The tiny installation, with enough feedback in Wirral for several pages of the queue and the board."""
    call_command("bench_data", size="tiny", stdout=StringIO())
    area = Partnership.objects.get(slug="wirral")
    bench_data.Builder("tiny").add_feedback(area, area.charters.published().first(), 150)
    # The planner's statistics, as a real installation's are kept (autovacuum), for plans that match.
    with connection.cursor() as cursor:
        cursor.execute(f"ANALYZE {', '.join(BIG_TABLES)}, feedback_topic, accounts_user, charters_partnership")
    return area


def test_no_list_page_reads_a_big_table_from_end_to_end(client, area):
    found = {}
    for who, path in pages(area):
        client.logout()
        if who != "anonymous":
            client.force_login(User.objects.get(email=f"{who}@{area.slug}.example.org"))
        with CaptureQueriesContext(connection) as queries:
            response = client.get(path)
        assert response.status_code == 200, (who, path, response.status_code)
        selects = [q["sql"] for q in queries if q["sql"].lstrip().upper().startswith("SELECT")]
        assert selects, path
        for sql in selects:
            if scans := whole_reads(sql):
                found.setdefault(path, []).append((scans, sql))
    assert not found, "\n\n".join(f"{path}: {scans}\n  {sql}" for path, hits in found.items() for scans, sql in hits)
