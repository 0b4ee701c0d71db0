import pytest
from django.urls import reverse

from projects.models import Member
from reviews import services
from reviews.models import PrincipleAssessment, ReviewAnswer
from reviews.results import review_results
from tests.conftest import review_answers


def all_answers(project, answer="yes", comment="", words="We were all asked"):
    data = {}
    for question in project.charter.review_questions.all():
        if question.in_words:
            data[f"comment_{question.pk}"] = words
            continue
        data[f"answer_{question.pk}"] = answer
        data[f"comment_{question.pk}"] = comment
    return data


def test_the_review_opens_at_evaluation(client, family, project):
    client.force_login(family)
    response = client.get(reverse("reviews:answer", args=["wirral", project.pk]))
    assert "The review opens when the project reaches its Evaluation stage" in response.text


def test_a_member_answers_and_may_change_their_answers(client, family, project_in_evaluation):
    project = project_in_evaluation
    client.force_login(family)
    url = reverse("reviews:answer", args=["wirral", project.pk])
    response = client.post(url, {**all_answers(project, "no", "Meetings were at school pick-up"), "may_quote": "on"})
    assert response.status_code == 302
    assert (
        ReviewAnswer.objects.filter(member__user=family, answer="no").count()
        == project.charter.review_questions.filter(answer="scale").count()
    )
    client.post(url, all_answers(project, "yes"))
    assert not ReviewAnswer.objects.filter(answer="no").exists()
    assert "Sam Parent changed their answers to the review" in project.events.first().what
    page = client.get(url).text
    assert "you can change your answers" in page


def test_every_question_must_be_answered(client, family, project_in_evaluation):
    client.force_login(family)
    question = project_in_evaluation.charter.review_questions.filter(answer="scale").first()
    data = all_answers(project_in_evaluation)
    del data[f"answer_{question.pk}"]
    response = client.post(reverse("reviews:answer", args=["wirral", project_in_evaluation.pk]), data)
    assert f"Answer “{question.text}”" in response.text.replace("&#x27;", "'")
    assert not ReviewAnswer.objects.exists()


def test_results_split_families_and_professionals_and_show_gaps(
    client, family, officer, forum_lead, project_in_evaluation
):
    project = project_in_evaluation
    services.answer_review(
        project, project.members.get(user=family), review_answers(project, "no", "Not at all"), may_quote=False
    )
    services.answer_review(project, project.members.get(user=officer), review_answers(project, "yes"), may_quote=False)
    first = review_results(project)[0]
    assert first.families.counts == {"no": 1} and first.professionals.counts == {"yes": 1}
    assert first.gap
    client.force_login(forum_lead)
    page = client.get(reverse("reviews:results", args=["wirral", project.pk])).text
    assert "Families and professionals differ" in page
    assert "<svg" in page and "“Not at all”" in page


@pytest.mark.parametrize("members", [2, 20])
def test_results_queries_do_not_grow(
    client, officer, partnership, project_in_evaluation, members, django_assert_max_num_queries
):
    from tests.factories import UserFactory

    project = project_in_evaluation
    for _ in range(members):
        member = Member.objects.create(project=project, user=UserFactory(partnership=partnership), kind="family")
        services.answer_review(project, member, review_answers(project, "partly", "ok"), may_quote=True)
    client.force_login(officer)
    with django_assert_max_num_queries(12):
        response = client.get(reverse("reviews:results", args=["wirral", project.pk]))
    assert response.status_code == 200
    assert response.context["answered"] == members


def test_officers_assess_principles_and_members_comment(client, officer, family, project):
    principle = project.charter.principles.first()
    client.force_login(officer)
    url = reverse("reviews:assess", args=["wirral", project.pk, principle.pk])
    response = client.post(url, {"rating": "", "evidence": ""})
    assert "Select whether the principle was met" in response.text and "Say what shows it" in response.text
    client.post(url, {"rating": "met", "evidence": "Families shaped every decision"})
    assessment = PrincipleAssessment.objects.get()
    assert assessment.rating == "met"
    client.force_login(family)
    client.post(reverse("reviews:comment", args=["wirral", project.pk, principle.pk]), {"text": "I agree"})
    page = client.get(reverse("reviews:assessments", args=["wirral", project.pk])).text
    assert "Families shaped every decision" in page and "“I agree”" in page
    response = client.post(reverse("reviews:assess", args=["wirral", project.pk, principle.pk]), {"rating": "not-met"})
    assert response.status_code == 403


def test_members_are_emailed_and_see_the_review_waiting_when_evaluation_starts(
    client, project, officer, family, django_capture_on_commit_callbacks
):
    from django.core import mail

    from projects import services as project_services

    with django_capture_on_commit_callbacks(execute=True):
        for record in project.stages.all()[:5]:
            project_services.complete_stage(record, officer, "moved on for the test")
    assert all(m.body.count("http://127.0.0.1:8000/wirral/projects/") for m in mail.outbox)
    # Besides the stage news, each member is asked once to review.
    asked = [m for m in mail.outbox if "review questions" in m.body]
    assert sorted(m.to[0] for m in asked) == sorted([officer.email, family.email])
    client.force_login(family)
    assert "Waiting for your review" in client.get(reverse("accounts:account")).text


def test_the_review_closes_once_the_kite_mark_is_applied_for(ready_project, officer, family):
    from projects.services import ProjectError
    from reviews import kite_mark

    kite_mark.apply(ready_project, officer)
    assert not services.review_is_open(ready_project)
    with pytest.raises(ProjectError):
        services.answer_review(ready_project, ready_project.members.get(user=family), {}, may_quote=False)


def test_open_questions_are_answered_in_words_and_shown_by_group(
    client, family, officer, forum_lead, project_in_evaluation
):
    project = project_in_evaluation
    open_question = project.charter.review_questions.get(text="How was everyone included?")
    assert open_question.in_words
    client.force_login(family)
    url = reverse("reviews:answer", args=["wirral", project.pk])
    form = client.get(url).text
    assert f'name="answer_{open_question.pk}"' not in form and f'name="comment_{open_question.pk}"' in form
    data = all_answers(project)
    data[f"comment_{open_question.pk}"] = ""
    response = client.post(url, data)
    assert response.status_code == 400 and "Answer “How was everyone included?”" in response.text
    client.post(url, all_answers(project, words="My son chose the venue"))
    answer = ReviewAnswer.objects.get(member__user=family, question=open_question)
    assert (answer.answer, answer.comment) == ("", "My son chose the venue")
    services.answer_review(
        project, project.members.get(user=officer), review_answers(project, words="We met at the school"), False
    )
    client.force_login(forum_lead)
    page = client.get(reverse("reviews:results", args=["wirral", project.pk])).text
    families = page.index("What families said")
    professionals = page.index("What professionals said")
    assert families < page.index("“My son chose the venue”") < professionals < page.index("“We met at the school”")


@pytest.mark.parametrize(
    ("answer", "comment", "message"),
    [("yes", "words", "in words"), ("", "", "in words"), ("", "x" * 2001, "2,000 characters")],
)
def test_an_open_question_cannot_be_answered_yes_or_no_even_round_the_form(
    project_in_evaluation, family, answer, comment, message
):
    from projects.services import ProjectError

    project = project_in_evaluation
    open_question = project.charter.review_questions.get(text="How was everyone included?")
    with pytest.raises(ProjectError, match=message):
        services.answer_review(project, project.members.get(user=family), {open_question: (answer, comment)}, False)
    scale = project.charter.review_questions.filter(answer="scale").first()
    with pytest.raises(ProjectError, match="yes, partly, no or not sure"):
        services.answer_review(project, project.members.get(user=family), {scale: ("maybe", "")}, False)
    assert not ReviewAnswer.objects.exists()
