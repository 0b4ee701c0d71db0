"""Every URL against every persona: the status each gets (pretix's permission matrix).

A URL of the portal without a row here fails the suite: a new page must say
who may see it.
"""

import pytest
from django.db import transaction
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from tests.conftest import client_for

ANON, FAMILY, OFFICER, FORUM, ADMIN, PRO, OUT_OFFICER, OUT_ADMIN, SUPER = (
    "anonymous",
    "family",
    "officer",
    "forum_lead",
    "admin",
    "professional",
    "outsider_officer",
    "outsider_admin",
    "superuser",
)
pytestmark = pytest.mark.django_db

ROLES = [ANON, FAMILY, OFFICER, FORUM, ADMIN, PRO, OUT_OFFICER, OUT_ADMIN, SUPER]

PUBLIC = dict.fromkeys(ROLES, 200)
SIGNED_IN = {**dict.fromkeys(ROLES, 200), ANON: 302}
ANON_ONLY = {**dict.fromkeys(ROLES, 302), ANON: 200}
PEOPLE_LIST = {**dict.fromkeys(ROLES, 403), ANON: 302, ADMIN: 200, OUT_ADMIN: 200}
# A person of partnership A, seen by each persona.
PERSON_IN_A = {**dict.fromkeys(ROLES, 403), ANON: 302, ADMIN: 200, OUT_ADMIN: 404, SUPER: 200}
# POSTs that change an account redirect back to it when allowed.
CHANGE_PERSON_IN_A = {**PERSON_IN_A, ADMIN: 302, SUPER: 302}


# Partnership A's admins only (its charter's private pages).
ADMIN_OF_A = {**dict.fromkeys(ROLES, 403), ANON: 302, ADMIN: 200, SUPER: 200}
ADMIN_OF_A_POST = {**ADMIN_OF_A, ADMIN: 302, SUPER: 302}
# A draft's public address: its admins see it, everyone else is told it does not exist.
DRAFT_READ = {**dict.fromkeys(ROLES, 404), ADMIN: 200, SUPER: 200}


def officer_pk(world) -> dict:
    return {"pk": world[OFFICER].pk}


def slug(world) -> dict:
    return {"slug": world["charter"].partnership.slug}


def published(world) -> dict:
    return {**slug(world), "version": world["charter"].version}


def draft(world) -> dict:
    return {**slug(world), "version": world["draft"].version}


def draft_principle(world) -> dict:
    return {**draft(world), "pk": world["draft"].principles.first().pk}


def draft_commitment(world) -> dict:
    return {**draft(world), "pk": world["draft"].principles.first().commitments.first().pk}


def feedback_ref_only(world) -> dict:
    return {"reference": world["feedback"].reference}


def feedback_ref(world) -> dict:
    return {**slug(world), "reference": world["feedback"].reference}


def project_pk(world) -> dict:
    return {**slug(world), "pk": world["project"].pk}


def need_stage(world) -> dict:
    return {**project_pk(world), "stage": "need"}


def a_meeting(world) -> dict:
    return {**project_pk(world), "meeting_pk": world["meeting"].pk}


def a_paper(world) -> dict:
    return {**a_meeting(world), "paper_pk": world["paper"].pk}


def a_principle(world) -> dict:
    return {**project_pk(world), "principle_pk": world["charter"].principles.first().pk}


def a_contribution(world) -> dict:
    return {**project_pk(world), "contribution": world["contribution"].pk}


def a_member(world) -> dict:
    return {**project_pk(world), "member_pk": world["project"].members.get(user=world[FAMILY]).pk}


def an_invitation(world) -> dict:
    return {**project_pk(world), "invitation_pk": world["invitation"].pk}


def a_decision(world) -> dict:
    return {**project_pk(world), "decision_pk": world["decision"].pk}


# A private project: its members (the family member, the officer who leads it), A's officers and admins,
# and A's forum leads, who read the record the kite mark rests on.
PROJECT = {**dict.fromkeys(ROLES, 404), ANON: 302, FAMILY: 200, OFFICER: 200, FORUM: 200, ADMIN: 200, SUPER: 200}
# Pages that name the families: forum leads who are not members are refused.
PROJECT_NAMES = {**PROJECT, FORUM: 403}
# What only those who run the project do.
PROJECT_OFFICERS = {**PROJECT, FAMILY: 403, FORUM: 403}
PROJECT_OFFICERS_POST = {**PROJECT_OFFICERS, OFFICER: 302, ADMIN: 302, SUPER: 302}
# An empty form comes back with its errors (400) to those allowed.
PROJECT_OFFICERS_EMPTY_POST = {**PROJECT_OFFICERS, OFFICER: 400, ADMIN: 400, SUPER: 400}
PUBLIC_PROJECT = dict.fromkeys(ROLES, 404)


def topic_pk(world) -> dict:
    return {**slug(world), "pk": world["feedback"].topic_id}


# The feedback queue and its items: partnership A's officers and admins.
OFFICERS_OF_A = {**dict.fromkeys(ROLES, 403), ANON: 302, OFFICER: 200, ADMIN: 200, SUPER: 200}
OFFICERS_OF_A_POST = {**OFFICERS_OF_A, OFFICER: 302, ADMIN: 302, SUPER: 302}


def published_part(world) -> dict:
    return {**published(world), "part": "review_questions"}


def draft_part(world) -> dict:
    return {**draft(world), "part": "review_questions"}


def draft_signatory(world) -> dict:
    return {**draft(world), "pk": world["draft"].signatories.first().pk}


def draft_removal(world) -> dict:
    """A statement removed from the draft, to restore: one nothing else in the matrix uses."""
    from charters.services import remove_commitment

    removal = world["draft"].removals.first()
    if removal is None:
        statement = world["draft"].principles.get(title="Inclusive").commitments.get()
        removal = remove_commitment(statement, world[ADMIN])
    return {**draft(world), "pk": removal.pk}


def a_pack(world) -> dict:
    return {**slug(world), "pk": world["pack"].pk}


def a_copy(world) -> dict:
    return {"pk": world["copy"].pk}


# A copy of the family's information: its page for them and A's admins, its download for them alone.
COPY = {**dict.fromkeys(ROLES, 404), ANON: 302, FAMILY: 200, ADMIN: 200, SUPER: 200}
COPY_DOWNLOAD = {**dict.fromkeys(ROLES, 404), ANON: 302, FAMILY: 200}


# The evidence pack: partnership A's admins and forum leads.
EVIDENCE = {**dict.fromkeys(ROLES, 403), ANON: 302, FORUM: 200, ADMIN: 200, SUPER: 200}


# (url name, kwargs from personas, method, {persona: status})
MATRIX = [
    ("home", None, "get", PUBLIC),
    ("accessibility", None, "get", PUBLIC),
    ("privacy", None, "get", PUBLIC),
    ("healthz", None, "get", PUBLIC),
    ("glossary", None, "get", PUBLIC),
    ("charter_file_guide", None, "get", PUBLIC),
    ("charter_file_example", None, "get", PUBLIC),
    ("accounts:login", None, "get", ANON_ONLY),
    ("accounts:logout", None, "post", dict.fromkeys(ROLES, 302)),
    ("accounts:register", None, "get", ANON_ONLY),
    ("accounts:register_sent", None, "get", PUBLIC),
    # A link that is not genuine.
    ("accounts:confirm_account", lambda w: {"token": "not-a-token"}, "get", dict.fromkeys(ROLES, 400)),
    ("accounts:password_reset", None, "get", PUBLIC),
    ("accounts:password_reset_done", None, "get", PUBLIC),
    ("accounts:password_reset_confirm", lambda p: {"uidb64": "MQ", "token": "bad"}, "get", PUBLIC),
    ("accounts:password_reset_complete", None, "get", PUBLIC),
    ("accounts:account", None, "get", SIGNED_IN),
    ("accounts:change_account", None, "get", SIGNED_IN),
    # A confirmation link that is not for this account.
    ("accounts:confirm_email", lambda w: {"token": "not-a-token"}, "get", {**dict.fromkeys(ROLES, 400), ANON: 302}),
    ("accounts:password_change", None, "get", SIGNED_IN),
    ("accounts:message_settings", None, "get", SIGNED_IN),
    # A link that is not a genuine signed one is not found, whoever follows it.
    ("accounts:unsubscribe", lambda w: {"token": "not-signed"}, "get", dict.fromkeys(ROLES, 404)),
    ("accounts:user_list", None, "get", {**PEOPLE_LIST, SUPER: 403}),
    ("accounts:user_add", None, "get", {**PEOPLE_LIST, SUPER: 403}),
    ("accounts:user_detail", officer_pk, "get", PERSON_IN_A),
    ("accounts:user_messages", officer_pk, "get", PERSON_IN_A),
    ("accounts:user_change", officer_pk, "get", PERSON_IN_A),
    ("accounts:user_close", officer_pk, "post", CHANGE_PERSON_IN_A),
    ("accounts:user_reopen", officer_pk, "post", CHANGE_PERSON_IN_A),
    # Erasing an account: anyone signed in may ask; their partnership's admins erase or refuse.
    ("privacy:ask_erasure", None, "get", SIGNED_IN),
    ("privacy:erase_person", officer_pk, "get", PERSON_IN_A),
    ("privacy:erase_person", officer_pk, "post", CHANGE_PERSON_IN_A),
    # Nobody has asked, so there is no request to refuse.
    ("privacy:refuse_erasure", officer_pk, "get", {**PERSON_IN_A, ADMIN: 404, SUPER: 404}),
    # A copy of someone's information: anyone signed in asks for their own, an admin for their people.
    ("privacy:ask_copy", None, "get", SIGNED_IN),
    ("privacy:ask_copy", None, "post", {**dict.fromkeys(ROLES, 302)}),
    ("privacy:copy", a_copy, "get", COPY),
    ("privacy:download_copy", a_copy, "get", COPY_DOWNLOAD),
    ("privacy:copy_person", officer_pk, "post", CHANGE_PERSON_IN_A),
    ("privacy:data_requests", slug, "get", ADMIN_OF_A),
    # An empty form comes back with its errors (400) to those allowed.
    ("privacy:data_requests", slug, "post", {**ADMIN_OF_A, ADMIN: 400, SUPER: 400}),
    ("charters:partnership", slug, "get", PUBLIC),
    ("charters:charter", slug, "get", PUBLIC),
    ("charters:version", published, "get", PUBLIC),
    ("charters:version", draft, "get", DRAFT_READ),
    ("charters:download", published, "get", PUBLIC),
    ("charters:download", draft, "get", DRAFT_READ),
    ("charters:print", published, "get", PUBLIC),
    ("charters:print", draft, "get", DRAFT_READ),
    ("charters:manage", slug, "get", ADMIN_OF_A),
    ("charters:upload", slug, "get", ADMIN_OF_A),
    # Without an uploaded file in the session, the check page sends admins back to upload one.
    ("charters:preview_upload", slug, "get", {**ADMIN_OF_A, ADMIN: 302, SUPER: 302}),
    ("charters:new_draft", slug, "get", ADMIN_OF_A),
    ("charters:edit_draft", draft, "get", ADMIN_OF_A),
    ("charters:edit_draft", published, "get", {**ADMIN_OF_A, ADMIN: 404, SUPER: 404}),
    ("charters:change_details", draft, "get", ADMIN_OF_A),
    ("charters:add_principle", draft, "get", ADMIN_OF_A),
    ("charters:change_principle", draft_principle, "get", ADMIN_OF_A),
    ("charters:remove_principle", draft_principle, "get", ADMIN_OF_A),
    ("charters:remove_principle", draft_principle, "post", ADMIN_OF_A_POST),
    ("charters:move_principle", draft_principle, "post", ADMIN_OF_A_POST),
    ("charters:add_commitment", draft_principle, "get", ADMIN_OF_A),
    ("charters:change_commitment", draft_commitment, "get", ADMIN_OF_A),
    ("charters:remove_commitment", draft_commitment, "get", ADMIN_OF_A),
    ("charters:remove_commitment", draft_commitment, "post", ADMIN_OF_A_POST),
    ("charters:restore", draft_removal, "get", ADMIN_OF_A),
    ("charters:restore", draft_removal, "post", ADMIN_OF_A_POST),
    ("charters:move_commitment", draft_commitment, "post", ADMIN_OF_A_POST),
    ("charters:add_signatory", draft, "get", ADMIN_OF_A),
    ("charters:add_signatory", published, "get", ADMIN_OF_A),
    ("charters:remove_signatory", draft_signatory, "get", ADMIN_OF_A),
    ("charters:remove_signatory", draft_signatory, "post", ADMIN_OF_A_POST),
    ("charters:publish", draft, "get", ADMIN_OF_A),
    ("charters:publish", draft, "post", {**ADMIN_OF_A_POST}),
    ("charters:delete_draft", draft, "get", ADMIN_OF_A),
    ("charters:delete_draft", draft, "post", ADMIN_OF_A_POST),
    ("charters:adopt_default", draft_part, "post", ADMIN_OF_A_POST),
    ("charters:adopt_default", published_part, "post", {**ADMIN_OF_A, ADMIN: 404, SUPER: 404}),
    ("charters:kite_mark_rule", draft, "get", ADMIN_OF_A),
    ("charters:kite_mark_rule", published, "get", {**ADMIN_OF_A, ADMIN: 404, SUPER: 404}),
    ("charters:remove_kite_mark", draft, "get", ADMIN_OF_A),
    ("charters:remove_kite_mark", draft, "post", ADMIN_OF_A_POST),
    ("feedback:check", None, "get", PUBLIC),
    # An empty check is explained (400) to anyone.
    ("feedback:check", None, "post", dict.fromkeys(ROLES, 400)),
    # A family member's own feedback, from their account page.
    ("feedback:mine", feedback_ref_only, "get", {**dict.fromkeys(ROLES, 404), ANON: 302, FAMILY: 200}),
    ("feedback:start_again", slug, "post", dict.fromkeys(ROLES, 302)),
    ("feedback:tell_us", slug, "get", PUBLIC),
    # Without answers in the session, the check page goes back to the form.
    ("feedback:check_answers", slug, "get", dict.fromkeys(ROLES, 302)),
    ("feedback:sent", slug, "get", PUBLIC),
    ("feedback:board", slug, "get", PUBLIC),
    ("feedback:queue", slug, "get", OFFICERS_OF_A),
    ("feedback:export", slug, "get", OFFICERS_OF_A),
    ("feedback:log", slug, "get", OFFICERS_OF_A),
    ("projects:list", slug, "get", PUBLIC),
    ("projects:start", slug, "get", {**OFFICERS_OF_A}),
    ("projects:detail", project_pk, "get", PROJECT),
    ("projects:public", project_pk, "get", PUBLIC_PROJECT),
    ("projects:members", project_pk, "get", PROJECT_NAMES),
    ("projects:timeline", project_pk, "get", PROJECT_NAMES),
    ("projects:messages", project_pk, "get", PROJECT_OFFICERS),
    ("projects:change", project_pk, "get", PROJECT_OFFICERS),
    ("projects:remove_member", a_member, "get", PROJECT_OFFICERS),
    ("projects:remove_member", a_member, "post", PROJECT_OFFICERS_POST),
    ("projects:resend_invitation", an_invitation, "post", PROJECT_OFFICERS_POST),
    ("projects:withdraw_invitation", an_invitation, "get", PROJECT_OFFICERS),
    ("projects:withdraw_invitation", an_invitation, "post", PROJECT_OFFICERS_POST),
    ("projects:set_public", project_pk, "post", PROJECT_OFFICERS_POST),
    ("projects:stage", need_stage, "get", PROJECT),
    # Empty forms come back with their errors (400) to those allowed.
    # Members take part; forum leads reading the record and officers who are not members watch.
    (
        "projects:contribute",
        need_stage,
        "post",
        {**PROJECT, FAMILY: 400, OFFICER: 400, FORUM: 403, ADMIN: 403, SUPER: 403},
    ),
    ("projects:save_summary", need_stage, "post", PROJECT_OFFICERS_EMPTY_POST),
    ("projects:complete", need_stage, "post", PROJECT_OFFICERS_POST),
    ("projects:reopen", need_stage, "post", PROJECT_OFFICERS_EMPTY_POST),
    ("projects:mark_shaped", a_contribution, "post", PROJECT_OFFICERS_POST),
    ("projects:schedule_meeting", need_stage, "get", PROJECT_OFFICERS),
    ("projects:record_past_meeting", need_stage, "get", PROJECT_OFFICERS),
    ("projects:meeting", a_meeting, "get", PROJECT),
    ("projects:change_meeting", a_meeting, "get", PROJECT_OFFICERS),
    ("projects:cancel_meeting", a_meeting, "get", PROJECT_OFFICERS),
    ("projects:cancel_meeting", a_meeting, "post", PROJECT_OFFICERS_EMPTY_POST),
    ("projects:calendar", a_meeting, "get", PROJECT_NAMES),
    ("projects:paper", a_paper, "get", PROJECT_NAMES),
    ("projects:attendance", a_meeting, "post", PROJECT_OFFICERS_EMPTY_POST),
    ("projects:add_paper", a_meeting, "post", PROJECT_OFFICERS_EMPTY_POST),
    ("projects:send_papers", a_meeting, "post", PROJECT_OFFICERS_POST),
    ("projects:record_decision", need_stage, "get", PROJECT_OFFICERS),
    ("projects:change_decision", a_decision, "get", PROJECT_OFFICERS),
    ("projects:invite", project_pk, "post", PROJECT_OFFICERS_EMPTY_POST),
    # An invitation link: anyone may open it, but only its own address may use it.
    (
        "projects:invitation",
        lambda w: {"token": w["invitation"].token},
        "get",
        {**dict.fromkeys(ROLES, 403), ANON: 200},
    ),
    ("reviews:answer", project_pk, "get", {**PROJECT, OFFICER: 200, FORUM: 403, ADMIN: 403, SUPER: 403}),
    ("reviews:results", project_pk, "get", PROJECT),
    ("reviews:assessments", project_pk, "get", PROJECT),
    ("reviews:assess", a_principle, "get", PROJECT_OFFICERS),
    # Nothing is assessed yet, so there is nothing to comment on.
    ("reviews:comment", a_principle, "get", {**PROJECT, FAMILY: 404, OFFICER: 404, FORUM: 403, ADMIN: 403, SUPER: 403}),
    (
        "reviews:dashboard",
        slug,
        "get",
        {**dict.fromkeys(ROLES, 403), ANON: 302, OFFICER: 200, FORUM: 200, ADMIN: 200, SUPER: 200},
    ),
    # The kite-mark page: members and the partnership's officers, admins and forum leads.
    ("reviews:kite_mark", project_pk, "get", PROJECT),
    # Not ready to apply: officers are told so and sent back.
    ("reviews:apply", project_pk, "post", PROJECT_OFFICERS_POST),
    # Nothing to withdraw yet.
    ("reviews:withdraw", project_pk, "post", {**PROJECT_OFFICERS, OFFICER: 404, ADMIN: 404, SUPER: 404}),
    # Nothing has been applied for yet.
    (
        "reviews:sign_off",
        project_pk,
        "post",
        {**PROJECT, FAMILY: 403, OFFICER: 403, FORUM: 404, ADMIN: 403, SUPER: 404},
    ),
    ("reviews:revoke", project_pk, "post", {**PROJECT, FAMILY: 403, OFFICER: 403, FORUM: 403, ADMIN: 404, SUPER: 404}),
    ("reviews:verify", lambda w: {"code": "no-such-code"}, "get", dict.fromkeys(ROLES, 404)),
    # No case study is published for the project yet; writing one waits for the award.
    ("reviews:case_study", project_pk, "get", dict.fromkeys(ROLES, 404)),
    ("reviews:case_studies", slug, "get", PUBLIC),
    ("feedback:report", slug, "get", PUBLIC),
    ("feedback:report_pdf", slug, "get", PUBLIC),
    ("feedback:report_csv", slug, "get", PUBLIC),
    ("feedback:report_ods", slug, "get", PUBLIC),
    # Insights are for everyone; the partnership's officers, forum leads and admins also see names.
    ("reviews:insights", slug, "get", PUBLIC),
    ("reviews:insights_pdf", slug, "get", PUBLIC),
    ("reviews:insights_figures", slug, "get", PUBLIC),
    ("reviews:insights_figure", lambda w: {**slug(w), "name": "feedback-by-channel"}, "get", PUBLIC),
    ("reviews:write_case_study", project_pk, "get", {**PROJECT_OFFICERS, OFFICER: 302, ADMIN: 302, SUPER: 302}),
    ("reviews:badge", lambda w: {"code": "no-such-code"}, "get", dict.fromkeys(ROLES, 404)),
    ("reviews:evidence_packs", slug, "get", EVIDENCE),
    # An empty form comes back with its errors (400) to those allowed.
    ("reviews:evidence_packs", slug, "post", {**EVIDENCE, FORUM: 400, ADMIN: 400, SUPER: 400}),
    ("reviews:evidence_pack", a_pack, "get", EVIDENCE),
    ("reviews:download_evidence_pack", a_pack, "get", EVIDENCE),
    # The pack is ready, so there is nothing to try again: they are told so and sent back.
    ("reviews:try_again", a_pack, "post", {**EVIDENCE, FORUM: 302, ADMIN: 302, SUPER: 302}),
    ("feedback:topics", slug, "get", ADMIN_OF_A),
    ("feedback:change_topic", topic_pk, "get", ADMIN_OF_A),
    ("feedback:toggle_topic", topic_pk, "post", ADMIN_OF_A_POST),
    ("feedback:detail", feedback_ref, "get", OFFICERS_OF_A),
    # An empty form is shown again with its errors (400) to those allowed.
    ("feedback:assign", feedback_ref, "post", OFFICERS_OF_A_POST),
    ("feedback:note", feedback_ref, "post", {**OFFICERS_OF_A, OFFICER: 400, ADMIN: 400, SUPER: 400}),
    ("feedback:status", feedback_ref, "post", {**OFFICERS_OF_A, OFFICER: 400, ADMIN: 400, SUPER: 400}),
    ("feedback:link", feedback_ref, "post", OFFICERS_OF_A_POST),
    ("feedback:publish", feedback_ref, "post", {**OFFICERS_OF_A, OFFICER: 400, ADMIN: 400, SUPER: 400}),
    ("feedback:unpublish", feedback_ref, "post", OFFICERS_OF_A_POST),
    # The access log: who looked at private records, for partnership A's admins only.
    ("accounts:access_log", slug, "get", ADMIN_OF_A),
    # Retention: the periods and what was removed for partnership A's admins; its privacy notice for anyone.
    ("privacy:retention", slug, "get", ADMIN_OF_A),
    ("privacy:retention", slug, "post", {**ADMIN_OF_A, ADMIN: 400, SUPER: 400}),
    ("privacy:notice", slug, "get", PUBLIC),
]

# Django's own admin has its own permission checks and tests.
NOT_OURS = ("admin:",)


def url_names(resolver: URLResolver, namespace: str = "") -> set[str]:
    names = set()
    for pattern in resolver.url_patterns:
        if isinstance(pattern, URLResolver):
            inner = f"{namespace}{pattern.namespace}:" if pattern.namespace else namespace
            names |= url_names(pattern, inner)
        elif isinstance(pattern, URLPattern) and pattern.name:
            names.add(f"{namespace}{pattern.name}")
    return names


def test_every_url_has_a_row_in_the_matrix():
    ours = {name for name in url_names(get_resolver()) if not name.startswith(NOT_OURS)}
    assert ours - {row[0] for row in MATRIX} == set()


def build_world() -> dict:
    import datetime

    from django.core.files.uploadedfile import SimpleUploadedFile

    from projects.models import Invitation
    from projects.services import add_paper, contribute, record_decision, schedule_meeting
    from tests.conftest import (
        hounslow,
        make_charter,
        make_feedback,
        make_personas,
        make_project,
        make_ready_copy,
        make_ready_pack,
        wirral,
    )

    partnership = wirral()
    personas = make_personas(partnership, hounslow())
    charter = make_charter(partnership)
    draft = make_charter(partnership, version="2024", publish=False)
    feedback_item = make_feedback(partnership)
    feedback_item.submitted_by = personas[FAMILY]
    feedback_item.save(update_fields=["submitted_by"])
    project = make_project(charter, personas[OFFICER], personas[FAMILY])
    member = project.members.get(user=personas[FAMILY])
    need = project.stages.get(stage="need")
    contribution = contribute(need, member, "idea", "Put it on paper too")
    meeting = schedule_meeting(
        need,
        personas[OFFICER],
        title="First meeting",
        date=datetime.date(2030, 1, 10),
        start=datetime.time(10),
        end=datetime.time(12),
    )
    decision = record_decision(
        need,
        personas[OFFICER],
        [],
        [],
        what="Paper too",
        decided_on=datetime.date(2026, 1, 1),
        how_input_shaped="Asked",
    )
    invitation = Invitation.objects.create(project=project, email="invited@example.org", invited_by=personas[OFFICER])
    paper = add_paper(meeting, SimpleUploadedFile("agenda.pdf", b"%PDF-1.4 agenda"), "agenda.pdf", personas[OFFICER])
    pack = make_ready_pack(partnership, personas[ADMIN])
    copy = make_ready_copy(personas[FAMILY])
    return {
        **personas,
        "charter": charter,
        "draft": draft,
        "feedback": feedback_item,
        "project": project,
        "contribution": contribution,
        "meeting": meeting,
        "decision": decision,
        "paper": paper,
        "invitation": invitation,
        "pack": pack,
        "copy": copy,
    }


@pytest.fixture(scope="module")
def world(django_db_setup, django_db_blocker, tmp_path_factory):
    """Built once for the module, inside a transaction rolled back at its end; each request a test
    makes is rolled back too (see test_permission_matrix), so every row sees the same world."""
    from django.test import override_settings

    media = tmp_path_factory.mktemp("world-media")
    with django_db_blocker.unblock(), override_settings(MEDIA_ROOT=media):
        atomic = transaction.atomic()
        atomic.__enter__()
        try:
            yield {**build_world(), "media": media}
        finally:
            transaction.set_rollback(True)
            atomic.__exit__(None, None, None)


@pytest.fixture(autouse=True)
def world_media(fast_settings, settings, request):
    # The papers of the world are where it saved them, not in each test's own folder.
    if "world" in request.fixturenames:
        settings.MEDIA_ROOT = request.getfixturevalue("world")["media"]


@pytest.mark.parametrize(("name", "kwargs", "method", "expected"), MATRIX, ids=[f"{r[0]}-{r[2]}" for r in MATRIX])
def test_permission_matrix(world, name, kwargs, method, expected):
    """Each persona in turn; what one persona's request changes is rolled back before the next."""
    url = reverse(name, kwargs=kwargs(world) if kwargs else None)
    wrong = []
    for role in ROLES:
        with transaction.atomic():
            response = getattr(client_for(world[role]), method)(url)
            transaction.set_rollback(True)
        if response.status_code != expected[role]:
            wrong.append(f"{role} {method.upper()} {url}: {response.status_code}, not {expected[role]}")
            continue
        # Where only anonymous visitors are redirected, it is to sign in.
        sent_away = role == ANON and expected[role] == 302 and expected[FAMILY] != 302 and method == "get"
        if sent_away and not response["Location"].startswith(reverse("accounts:login")):
            wrong.append(f"anonymous GET {url}: redirected to {response['Location']}, not to sign in")
    assert not wrong, "\n".join(wrong)
