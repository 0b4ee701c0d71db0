"""Who looked at private records: the lines each page writes, the log page and its filters, and
that no one in the portal (nor in Django's admin) changes or removes a line."""

import datetime

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from accounts.access_log import record_access
from accounts.models import AccessKind, AccessLog
from projects.services import add_paper, schedule_meeting
from tests.conftest import client_for
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def log_url(partnership, **filters) -> str:
    url = reverse("accounts:access_log", args=[partnership.slug])
    return url + ("?" + "&".join(f"{k}={v}" for k, v in filters.items()) if filters else "")


@pytest.fixture
def sent_by_family(feedback_item, family):
    feedback_item.submitted_by = family
    feedback_item.save(update_fields=["submitted_by"])
    return feedback_item


@pytest.fixture
def paper(project, officer):
    meeting = schedule_meeting(
        project.stages.get(stage="need"),
        officer,
        title="First meeting",
        date=datetime.date(2030, 1, 10),
        start=datetime.time(10),
        end=datetime.time(12),
    )
    return add_paper(meeting, SimpleUploadedFile("agenda.pdf", b"%PDF-1.4 agenda"), "agenda.pdf", officer)


# Where private records are seen.


def test_an_officer_opening_a_feedback_item_writes_one_line(officer, sent_by_family, family):
    url = reverse("feedback:detail", args=[sent_by_family.partnership.slug, sent_by_family.reference])
    assert client_for(officer).get(url).status_code == 200
    line = AccessLog.objects.get()
    assert (line.actor, line.kind, line.record, line.subject) == (
        officer,
        AccessKind.FEEDBACK,
        f"feedback:{sent_by_family.reference}",
        family,
    )
    assert line.partnership == sent_by_family.partnership


def test_opening_it_writes_a_single_insert(officer, sent_by_family, django_assert_num_queries):
    with django_assert_num_queries(1):
        record_access(
            officer, AccessKind.FEEDBACK, "feedback:X", sent_by_family.partnership, sent_by_family.submitted_by
        )


def test_a_family_viewing_their_own_item_writes_nothing(family, sent_by_family):
    response = client_for(family).get(reverse("feedback:mine", args=[sent_by_family.reference]))
    assert response.status_code == 200
    assert not AccessLog.objects.exists()


def test_no_line_for_a_family_or_someone_looking_at_their_own_information(family, officer, partnership):
    assert record_access(family, AccessKind.ACCESS_NEEDS, f"user:{officer.pk}", partnership, officer) is None
    assert record_access(officer, AccessKind.ACCESS_NEEDS, f"user:{officer.pk}", partnership, officer) is None
    assert not AccessLog.objects.exists()


def test_an_admin_opening_a_persons_page_writes_one_line(admin, family):
    assert client_for(admin).get(reverse("accounts:user_detail", args=[family.pk])).status_code == 200
    line = AccessLog.objects.get()
    assert (line.actor, line.kind, line.record, line.subject) == (
        admin,
        AccessKind.ACCESS_NEEDS,
        f"user:{family.pk}",
        family,
    )


def test_an_admin_opening_their_own_page_writes_nothing(admin):
    assert client_for(admin).get(reverse("accounts:user_detail", args=[admin.pk])).status_code == 200
    assert not AccessLog.objects.exists()


def test_an_officer_on_the_members_page_writes_a_line_for_each_other_member(officer, family, project):
    response = client_for(officer).get(reverse("projects:members", args=[project.partnership.slug, project.pk]))
    assert response.status_code == 200
    line = AccessLog.objects.get()
    assert (line.actor, line.kind, line.record, line.subject) == (
        officer,
        AccessKind.ACCESS_NEEDS,
        f"user:{family.pk}",
        family,
    )


def test_a_family_member_on_the_members_page_writes_nothing(family, project):
    response = client_for(family).get(reverse("projects:members", args=[project.partnership.slug, project.pk]))
    assert response.status_code == 200
    assert not AccessLog.objects.exists()


def paper_url(paper) -> str:
    meeting = paper.meeting
    project = meeting.stage.project
    return reverse("projects:paper", args=[project.partnership.slug, project.pk, meeting.pk, paper.pk])


def test_an_officer_downloading_a_paper_writes_one_line(officer, paper):
    assert client_for(officer).get(paper_url(paper)).status_code == 200
    line = AccessLog.objects.get()
    assert (line.actor, line.kind, line.record, line.subject) == (officer, AccessKind.PAPER, f"paper:{paper.pk}", None)


def test_a_family_member_downloading_a_paper_writes_nothing(family, paper):
    assert client_for(family).get(paper_url(paper)).status_code == 200
    assert not AccessLog.objects.exists()


# The log page.


def test_the_admin_sees_the_line_newest_first_with_a_link_to_the_record(admin, officer, sent_by_family, family):
    partnership = sent_by_family.partnership
    client_for(officer).get(reverse("feedback:detail", args=[partnership.slug, sent_by_family.reference]))
    client_for(admin).get(reverse("accounts:user_detail", args=[family.pk]))
    response = client_for(admin).get(log_url(partnership))
    assert response.status_code == 200
    lines = list(response.context["page_obj"])
    assert [line.kind for line in lines] == [AccessKind.ACCESS_NEEDS, AccessKind.FEEDBACK]
    assert reverse("feedback:detail", args=[partnership.slug, sent_by_family.reference]) in response.text
    assert "Priya Officer" in response.text and "Sam Parent" in response.text


@pytest.mark.parametrize(
    ("role", "status"),
    [("officer", 403), ("forum_lead", 403), ("family", 403), ("professional", 403), ("outsider_admin", 403)],
)
def test_only_the_partnerships_admins_see_the_log(personas, partnership, role, status):
    assert client_for(personas[role]).get(log_url(partnership)).status_code == status


def test_anonymous_visitors_are_sent_to_sign_in(client, partnership):
    response = client.get(log_url(partnership))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("accounts:login"))


def test_an_admin_of_another_partnership_sees_none_of_its_lines(outsider_admin, officer, sent_by_family):
    record_access(
        officer,
        AccessKind.FEEDBACK,
        f"feedback:{sent_by_family.reference}",
        sent_by_family.partnership,
        sent_by_family.submitted_by,
    )
    response = client_for(outsider_admin).get(log_url(outsider_admin.partnership))
    assert response.status_code == 200
    assert list(response.context["page_obj"]) == []
    assert sent_by_family.reference not in response.text


def test_filters_by_who_looked_by_record_and_by_whose_information(admin, officer, family, partnership):
    other = UserFactory(partnership=partnership, name="Ali Other")
    record_access(officer, AccessKind.FEEDBACK, "feedback:ABCD2345", partnership, family)
    record_access(officer, AccessKind.ACCESS_NEEDS, f"user:{other.pk}", partnership, other)
    record_access(admin, AccessKind.ACCESS_NEEDS, f"user:{family.pk}", partnership, family)
    client = client_for(admin)

    def records(**filters):
        return [line.record for line in client.get(log_url(partnership, **filters)).context["page_obj"]]

    assert records(actor=officer.pk) == [f"user:{other.pk}", "feedback:ABCD2345"]
    assert records(record="abcd 2345") == ["feedback:ABCD2345"]
    assert records(record=f"user:{family.pk}") == [f"user:{family.pk}"]
    assert records(subject=family.pk) == [f"user:{family.pk}", "feedback:ABCD2345"]
    assert records(actor="not-a-number") == records()


def test_the_feedback_page_links_admins_to_who_has_looked_at_it(admin, officer, sent_by_family):
    url = reverse("feedback:detail", args=[sent_by_family.partnership.slug, sent_by_family.reference])
    link = f"{log_url(sent_by_family.partnership)}?record=feedback:{sent_by_family.reference}"
    assert link in client_for(admin).get(url).text
    assert "Who has looked at this" not in client_for(officer).get(url).text


def test_the_persons_page_links_to_what_they_looked_at_and_who_looked_at_theirs(admin, officer):
    text = client_for(admin).get(reverse("accounts:user_detail", args=[officer.pk])).text
    assert f"{log_url(officer.partnership)}?subject={officer.pk}" in text
    assert f"{log_url(officer.partnership)}?actor={officer.pk}" in text


def test_the_people_list_links_to_the_log(admin):
    assert log_url(admin.partnership) in client_for(admin).get(reverse("accounts:user_list")).text


@pytest.mark.parametrize("lines", [3, 60])
def test_the_log_query_count_does_not_grow(admin, officer, partnership, lines, django_assert_max_num_queries):
    for _ in range(lines):
        person = UserFactory(partnership=partnership)
        record_access(officer, AccessKind.ACCESS_NEEDS, f"user:{person.pk}", partnership, person)
    client = client_for(admin)
    with django_assert_max_num_queries(8):
        response = client.get(log_url(partnership))
    assert len(response.context["page_obj"]) == min(lines, 50)


# Append-only.


def test_a_line_cannot_be_changed_or_removed(officer, family, partnership):
    line = record_access(officer, AccessKind.ACCESS_NEEDS, f"user:{family.pk}", partnership, family)
    line.record = "user:0"
    with pytest.raises(TypeError):
        line.save()
    with pytest.raises(TypeError):
        line.delete()
    with pytest.raises(TypeError):
        AccessLog.objects.filter(pk=line.pk).update(record="user:0")
    with pytest.raises(TypeError):
        AccessLog.objects.all().delete()
    assert AccessLog.objects.get().record == f"user:{family.pk}"


def test_the_log_page_changes_nothing_when_posted_to(admin, officer, family, partnership):
    record_access(officer, AccessKind.ACCESS_NEEDS, f"user:{family.pk}", partnership, family)
    client_for(admin).post(log_url(partnership))
    assert AccessLog.objects.count() == 1


def test_django_admin_shows_lines_but_refuses_changing_adding_or_deleting(superuser, officer, family, partnership):
    line = record_access(officer, AccessKind.ACCESS_NEEDS, f"user:{family.pk}", partnership, family)
    client = client_for(superuser)
    change = reverse("admin:accounts_accesslog_change", args=[line.pk])
    assert client.get(reverse("admin:accounts_accesslog_changelist")).status_code == 200
    assert client.get(change).status_code == 200  # shown read-only
    assert client.post(change, {"record": "user:0"}).status_code == 403
    assert client.get(reverse("admin:accounts_accesslog_add")).status_code == 403
    assert client.post(reverse("admin:accounts_accesslog_delete", args=[line.pk])).status_code == 403
    assert AccessLog.objects.get().record == f"user:{family.pk}"


def test_deleting_an_account_in_django_admin_is_refused_so_no_line_loses_who_looked(
    superuser, officer, family, partnership
):
    line = record_access(officer, AccessKind.ACCESS_NEEDS, f"user:{family.pk}", partnership, family)
    client = client_for(superuser)
    for person in (officer, family):
        assert client.post(reverse("admin:accounts_user_delete", args=[person.pk]), {"post": "yes"}).status_code == 403
    bulk = {"action": "delete_selected", "_selected_action": [officer.pk, family.pk], "post": "yes"}
    client.post(reverse("admin:accounts_user_changelist"), bulk)
    line = AccessLog.objects.get(pk=line.pk)
    assert (line.actor, line.subject) == (officer, family)
