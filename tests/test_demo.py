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
    # What officers keep up to date, on Hounslow's toolkit project.
    toolkit = Project.objects.get(partnership__slug="hounslow")
    assert toolkit.meetings.filter(papers_sent_at__isnull=True).exists()
    assert toolkit.meetings.filter(papers_sent_at__isnull=False).exists()
    assert toolkit.invitations.open().get().kind == "professional"
    assert Project.objects.get(title="Wirral Key Worker Team").decisions.get().changes.exists()
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
