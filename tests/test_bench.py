"""The benchmark's builder (manage.py bench_data, README "Benchmark"): a tiny installation holds what the
timed pages need, a second run reuses it, and a database it did not build is left alone."""

from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from charter_portal.management.commands import bench_data
from charters.models import Partnership
from feedback import demo as feedback_demo
from feedback.models import Feedback
from projects import demo as projects_demo
from projects.models import Project
from reviews import demo as reviews_demo
from reviews.models import KiteMarkApplication

TINY = bench_data.SIZES["tiny"]


def test_a_tiny_installation_is_built_once_then_reused(db):
    out = StringIO()
    call_command("bench_data", size="tiny", stdout=out)
    assert "Built the tiny installation" in out.getvalue()

    demo_feedback = sum(len(items) for items in feedback_demo.ITEMS.values())
    demo_projects = len(projects_demo.PROJECTS) + len(reviews_demo.MORE)
    counts = bench_data.installation_counts()
    assert counts["feedback"] == demo_feedback + TINY["feedback"]
    assert counts["projects"] == demo_projects + TINY["projects"]
    assert counts["feedback_in_big_area"] >= TINY["feedback"] * bench_data.BIG_SHARE
    wirral = Partnership.objects.get(slug="wirral")
    assert Feedback.objects.published().filter(partnership=wirral).count() > 0
    assert KiteMarkApplication.objects.filter(status="awarded", project__partnership=wirral).exists()
    # Every generated project has its six stages and its lead officer as a member.
    for project in Project.objects.filter(title__contains=" in "):
        assert project.stages.count() == 6
        assert project.members.filter(user=project.lead_officer).exists()

    again = StringIO()
    call_command("bench_data", size="tiny", stdout=again)
    assert "Reusing the tiny installation" in again.getvalue()
    assert bench_data.installation_counts() == counts


def test_it_refuses_a_database_it_did_not_build(db):
    Partnership.objects.create(name="Wirral", slug="wirral")
    with pytest.raises(CommandError, match="did not make"):
        call_command("bench_data", size="tiny", stdout=StringIO())
    assert not Feedback.objects.exists()
