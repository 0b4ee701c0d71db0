from django.core.management import call_command

from accounts.models import Role, User
from charters.models import Charter, Organisation, Partnership
from feedback.models import Feedback
from projects.models import Project


def test_demo_loads_five_partnerships_with_every_role_and_can_run_twice(db, capsys):
    call_command("demo")

    def counts():
        return [m.objects.count() for m in (Partnership, Organisation, User, Charter, Feedback, Project)]

    first = counts()
    call_command("demo")
    assert counts() == first
    assert Charter.objects.published().count() == 5
    assert Feedback.objects.published().exists()
    assert Project.objects.filter(partnership__slug="wirral", is_complete=True).count() == 4
    from reviews.models import PrincipleAssessment, ReviewAnswer

    assert ReviewAnswer.objects.exists() and PrincipleAssessment.objects.exists()
    from reviews.models import KiteMarkApplication

    assert sorted(KiteMarkApplication.objects.values_list("status", flat=True)) == [
        "awarded",
        "declined",
        "pending",
        "revoked",
        "withdrawn",
    ]
    # One evidence pack, made at demo time, ready to download.
    from reviews.models import EvidencePack

    demo_pack = EvidencePack.objects.get()
    assert (demo_pack.partnership.slug, demo_pack.status) == ("wirral", "ready")
    assert demo_pack.file and demo_pack.files_total >= 6
    # What officers keep up to date, on Hounslow's toolkit project.
    toolkit = Project.objects.get(partnership__slug="hounslow")
    assert toolkit.meetings.filter(papers_sent_at__isnull=True).exists()
    assert toolkit.meetings.filter(papers_sent_at__isnull=False).exists()
    assert toolkit.invitations.open().get().kind == "professional"
    assert Project.objects.get(title="Wirral Key Worker Team").decisions.get().changes.exists()
    # Retention: a week ago Wirral's daily run removed its 2021 feedback's private text and the old
    # project's paper; an invitation nobody used is due now.
    from accounts.models import PurgeRun
    from charter_portal.privacy import retention

    run = PurgeRun.objects.get(partnership__slug="wirral")
    assert run.counts["feedback"] == 1 and run.counts["papers"] == 1
    assert retention.due(Partnership.objects.get(slug="wirral"))["invitations"] == 1
    assert Feedback.objects.filter(private_removed_at__isnull=False, published_at__isnull=False).exists()
    assert set(Partnership.objects.values_list("slug", flat=True)) == {
        "telford-and-wrekin",
        "hounslow",
        "wirral",
        "tameside",
        "worcestershire",
    }
    for partnership in Partnership.objects.all():
        roles = set(partnership.users.values_list("role", flat=True))
        assert roles == set(Role.values)
    output = capsys.readouterr().out
    assert "parent@wirral.example.org" in output
    assert "demo-password-2026" in output
    assert User.objects.get(email="superuser@example.org").is_superuser


def test_the_demo_reads_true_and_ends_with_how_to_sign_in(db, capsys, caplog):
    import datetime
    import logging

    from django.utils import timezone

    from accounts import demo as people_demo
    from charter_portal.models import Message
    from projects.models import STAGES, Contribution, Decision, Meeting, ProjectEvent, StageRecord
    from reviews.models import KiteMarkApplication, ReviewAnswer, SignOff

    caplog.set_level(logging.INFO)
    call_command("demo")
    now = timezone.now()
    second = datetime.timedelta(seconds=1)

    # The sign-in details come last, after everything else the command says, and no delivery noise.
    output = capsys.readouterr().out.splitlines()
    assert output[-1] == "Superuser (Django admin at /django-admin/): superuser@example.org"
    assert "Every demo password is: demo-password-2026" in output
    assert output.index("Every demo password is: demo-password-2026") > max(
        i for i, line in enumerate(output) if line.startswith("Charter: ")
    )
    assert not [line for line in output if line.startswith(("Subject:", "Task id=", "Message "))]
    assert not [r for r in caplog.records if r.name in ("django.tasks", "charter_portal.notify")]
    assert Message.objects.exists()

    # Nothing was received after it was answered, and nothing happened after today.
    for feedback in Feedback.objects.prefetch_related("events", "decisions"):
        times = [event.at for event in feedback.events.all()]
        assert min(times) >= feedback.received_at - second, feedback.text
        assert max(times) <= now
        if feedback.published_at:
            assert feedback.received_at < feedback.published_at <= now
        for decision in feedback.decisions.all():
            assert feedback.received_at.date() <= decision.decided_on, feedback.text
    assert Decision.objects.get(project__title="Wirral Health Passports").feedback.exists()
    # Wirral's charter: the Health Passport was launched in November 2021, answering what families said.
    # Closed five years ago, its private text has since been removed; the published pair stays.
    passport = Feedback.objects.get(you_said__startswith="Parents told us that repeating their child's needs")
    assert passport.received_at.date() < datetime.date(2021, 11, 29) <= passport.published_at.date()
    assert passport.text == "" and passport.private_removed_at

    # Each project's stages were completed in order, after the project started, none in the future;
    # its meetings were held in the order of the stages, before the stage they belong to was complete.
    for project in Project.objects.all():
        stages = sorted(project.stages.all(), key=lambda record: STAGES.index(record.stage))
        completed = [record.completed_at for record in stages if record.completed_at]
        assert completed == sorted(completed), project.title
        assert all(project.created_at < at <= now for at in completed), project.title
        assert [r.status for r in stages[: len(completed)]] == [StageRecord.Status.COMPLETED] * len(completed)
        held = list(project.meetings.filter(recorded_afterwards=True).order_by("date"))
        order = [STAGES.index(meeting.stage.stage) for meeting in held]
        assert order == sorted(order), project.title
        for meeting in held:
            assert project.created_at.date() <= meeting.booked_on <= meeting.date <= now.date()
            if meeting.stage.completed_at:
                assert meeting.date <= meeting.stage.completed_at.date()
        for decision in project.decisions.all():
            assert project.created_at.date() <= decision.decided_on <= now.date()
            assert decision.stage.completed_at is None or decision.decided_on <= decision.stage.completed_at.date()
    for meeting in Meeting.objects.filter(recorded_afterwards=False):
        assert meeting.booked_on <= now.date() < meeting.date
    for contribution in Contribution.objects.select_related("stage__project"):
        assert contribution.stage.project.created_at <= contribution.created_at <= now
    assert ProjectEvent.objects.filter(at__gt=now).count() == 0

    # Reviews come after the work, kite marks after the reviews.
    for answer in ReviewAnswer.objects.select_related("project"):
        last = answer.project.stages.order_by("-completed_at").first().completed_at
        assert last < answer.updated_at <= now
    for application in KiteMarkApplication.objects.select_related("project"):
        reviewed = ReviewAnswer.objects.filter(project=application.project).order_by("updated_at").last()
        assert reviewed.updated_at < application.applied_at <= now
        for when in (application.awarded_at, application.withdrawn_at, application.revoked_at):
            assert when is None or application.applied_at < when <= now
    assert all(s.application.applied_at < s.at <= now for s in SignOff.objects.select_related("application"))

    # Every area has its own people: no name is used in two areas.
    demo_people = (
        User.objects.filter(email__endswith=".example.org")
        .exclude(is_superuser=True)
        .exclude(email=people_demo.demo_email("wirral", "leaving-parent"))
    )
    names = list(demo_people.values_list("name", flat=True))
    assert len(names) == 5 * len(people_demo.PEOPLE) == len(set(names))
    officers = {
        p.slug: p.users.get(email=people_demo.demo_email(p.slug, "officer")).name for p in Partnership.objects.all()
    }
    assert officers["wirral"] != officers["tameside"]


def test_the_sign_in_page_shows_the_demo_accounts_only_in_development_with_the_demo_loaded(client, db, settings):
    from django.urls import reverse

    from accounts import demo as people_demo
    from charters import demo

    url = reverse("accounts:login")
    settings.DEBUG = True
    assert "Demo accounts" not in client.get(url).text  # no demo loaded yet
    for partnership in demo.create_partnerships():
        people_demo.create_people(partnership)
    page = client.get(url).text
    assert '<span class="govuk-details__summary-text">Demo accounts</span>' in page
    assert "parent@wirral.example.org" in page and "admin@wirral.example.org" in page
    assert people_demo.DEMO_PASSWORD in page
    assert "Partnership admin, Wirral" in page
    settings.DEBUG = False
    page = client.get(url).text
    assert "Demo accounts" not in page and people_demo.DEMO_PASSWORD not in page
