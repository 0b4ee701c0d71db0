"""Fuzzing in the suite: the charter reader and every form and list filter, with random and broken
input, on whichever database the suite runs on. Never a crash, never a 500.

A quick run by default; `HYPOTHESIS_PROFILE=deep make test` runs many more examples.
"""

import os
import string

import pytest
import yaml
from django.db import transaction
from django.urls import reverse
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from charters import charter_file
from charters.charter_file import CharterFileError
from charters.demo import SEEDS
from tests.conftest import client_for

settings.register_profile("quick", max_examples=25, deadline=None, suppress_health_check=list(HealthCheck))
settings.register_profile("deep", max_examples=1500, deadline=None, suppress_health_check=list(HealthCheck))
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "quick"))

SEED_TEXT = (SEEDS / "hounslow.yaml").read_text(encoding="utf-8")

# Scalars a hostile file or form might hold: control characters, huge numbers, YAML's own syntax.
NASTY = st.one_of(
    st.text(),
    st.text(alphabet=string.printable + "\x00\x07\x1b\u2028\u00b2\ufeff"),
    st.integers(min_value=-(2**80), max_value=2**80).map(str),
    st.sampled_from(
        ["", "null", "~", "!!bool maybe", "&a x", "*a", "- [", "{", "? [a]", "2024-02-30", "99:99", "1e400", ".inf"]
    ),
)

DOCUMENT = st.recursive(
    st.one_of(st.none(), st.booleans(), st.integers(), st.floats(allow_nan=False), st.text(max_size=30)),
    lambda children: st.lists(children, max_size=4) | st.dictionaries(st.text(max_size=12), children, max_size=4),
    max_leaves=25,
)


def read_or_refuse(text: str):
    try:
        return charter_file.read(text)
    except CharterFileError as error:
        assert error.problems
        return None


@given(st.text(max_size=400))
def test_any_text_is_read_or_refused(text):
    read_or_refuse(text)


@given(DOCUMENT)
def test_any_yaml_document_is_read_or_refused(document):
    read_or_refuse(yaml.safe_dump(document))


@given(st.integers(min_value=0, max_value=len(SEED_TEXT)), st.integers(min_value=0, max_value=40), NASTY)
def test_a_damaged_seed_charter_is_read_or_refused(start, length, replacement):
    read_or_refuse(SEED_TEXT[:start] + replacement + SEED_TEXT[start + length :])


@given(
    st.sampled_from(["title", "version", "vision", "source", "published_on", "review_due_on"]),
    NASTY,
)
@pytest.mark.django_db
def test_what_the_reader_accepts_can_be_saved(key, value):
    """Every value the reader lets through fits its column, on SQLite and PostgreSQL alike."""
    from charters.services import import_charter

    text = yaml.safe_dump(
        {"format": "charter/1", "partnership": {"name": "Fuzz Area", "slug": "fuzz-area"}, "charter": {"title": "T"}}
    )
    data = read_or_refuse(text.replace("title: T", f"title: T\n  {key}: {yaml.safe_dump(value).strip()}"))
    if data is None:
        return
    with transaction.atomic():
        import_charter(data)
        transaction.set_rollback(True)


FORMS = [
    ("feedback:tell_us", "slug", ["topic", "text", "project", "principle", "who", "name", "email", "phone"], None),
    ("feedback:check", None, ["reference", "email"], None),
    ("accounts:register", None, ["partnership", "name", "email", "family_kind", "preferred_contact", "phone"], None),
    ("accounts:login", None, ["username", "password"], None),
    (
        "projects:start",
        "slug",
        ["title", "summary", "level", "level_reason", "target_date_0", "target_date_2"],
        "officer",
    ),
    ("projects:invite", "project", ["email", "kind", "organisation"], "officer"),
    ("projects:contribute", "stage", ["kind", "text"], "family"),
    ("projects:save_summary", "stage", ["summary", "version"], "officer"),
    (
        "projects:schedule_meeting",
        "stage",
        ["title", "date_0", "date_1", "date_2", "start", "end", "online_link"],
        "officer",
    ),
    ("projects:record_decision", "stage", ["what", "decided_on_0", "decided_on_2", "how_input_shaped"], "officer"),
    (
        "feedback:log",
        "slug",
        ["channel", "received_on_0", "received_on_1", "received_on_2", "topic", "text"],
        "officer",
    ),
    ("charters:add_principle", "draft", ["title", "summary", "themes"], "admin"),
    ("charters:add_signatory", "draft", ["organisation", "kind", "name", "signed_on_0", "signed_on_2"], "admin"),
    ("charters:change_details", "draft", ["title", "version", "published_on_0", "review_due_on_1", "source"], "admin"),
]

LISTS = [
    ("projects:list", "slug", ["stage", "level", "priority", "officer", "page"], None),
    ("feedback:board", "slug", ["topic", "status", "page"], None),
    (
        "feedback:queue",
        "slug",
        ["status", "topic", "assigned", "assigned_name", "overdue", "closed", "sort", "q", "page"],
        "officer",
    ),
    ("reviews:dashboard", "slug", ["status", "page"], "forum_lead"),
    ("reviews:insights", "slug", ["start_0", "start_1", "start_2", "end_0", "end_1", "end_2"], "officer"),
    ("reviews:insights_figures", "slug", ["start_0", "start_1", "start_2", "end_0", "end_2"], None),
    ("accounts:user_list", None, ["role", "page"], "admin"),
]


def args_for(kind, world):
    project = world["project"]
    return {
        None: [],
        "slug": ["wirral"],
        "project": ["wirral", project.pk],
        "stage": ["wirral", project.pk, "need"],
        "draft": ["wirral", world["draft"].version],
    }[kind]


@pytest.fixture
def fuzz_world(charter, draft, project, officer, family, forum_lead, admin):
    return {
        "charter": charter,
        "draft": draft,
        "project": project,
        "officer": officer,
        "family": family,
        "forum_lead": forum_lead,
        "admin": admin,
    }


@pytest.mark.parametrize(("name", "kind", "fields", "who"), FORMS, ids=[f[0] for f in FORMS])
def test_no_form_answers_anything_with_an_error_page(fuzz_world, name, kind, fields, who):
    url = reverse(name, args=args_for(kind, fuzz_world))
    client = client_for(fuzz_world[who] if who else None)

    @given(st.fixed_dictionaries({field: NASTY for field in fields}))
    def send(data):
        response = client.post(url, data)
        assert response.status_code < 500, (url, data)

    send()


@pytest.mark.parametrize(("name", "kind", "fields", "who"), LISTS, ids=[f[0] for f in LISTS])
def test_no_list_filter_answers_with_an_error_page(fuzz_world, name, kind, fields, who):
    url = reverse(name, args=args_for(kind, fuzz_world))
    client = client_for(fuzz_world[who] if who else None)

    @given(st.fixed_dictionaries({field: NASTY for field in fields}))
    def look(query):
        response = client.get(url, query)
        assert response.status_code < 500, (url, query)

    look()
