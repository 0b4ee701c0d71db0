"""Every URL against every persona: the status each gets (pretix's permission matrix).

A URL of the portal without a row here fails the suite: a new page must say
who may see it.
"""

import pytest
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from tests.conftest import client_for

ANON, FAMILY, OFFICER, FORUM, ADMIN, OUT_OFFICER, OUT_ADMIN, SUPER = (
    "anonymous",
    "family",
    "officer",
    "forum_lead",
    "admin",
    "outsider_officer",
    "outsider_admin",
    "superuser",
)
ROLES = [ANON, FAMILY, OFFICER, FORUM, ADMIN, OUT_OFFICER, OUT_ADMIN, SUPER]

PUBLIC = dict.fromkeys(ROLES, 200)
SIGNED_IN = {**dict.fromkeys(ROLES, 200), ANON: 302}
ANON_ONLY = {**dict.fromkeys(ROLES, 302), ANON: 200}
PEOPLE_LIST = {**dict.fromkeys(ROLES, 403), ANON: 302, ADMIN: 200, OUT_ADMIN: 200}
# A person of partnership A, seen by each persona.
PERSON_IN_A = {**dict.fromkeys(ROLES, 403), ANON: 302, ADMIN: 200, OUT_ADMIN: 404, SUPER: 200}
# POSTs that change an account redirect back to it when allowed.
CHANGE_PERSON_IN_A = {**PERSON_IN_A, ADMIN: 302, SUPER: 302}


def officer_pk(personas) -> dict:
    return {"pk": personas[OFFICER].pk}


# (url name, kwargs from personas, method, {persona: status})
MATRIX = [
    ("home", None, "get", PUBLIC),
    ("accessibility", None, "get", PUBLIC),
    ("privacy", None, "get", PUBLIC),
    ("accounts:login", None, "get", ANON_ONLY),
    ("accounts:logout", None, "post", dict.fromkeys(ROLES, 302)),
    ("accounts:register", None, "get", ANON_ONLY),
    ("accounts:password_reset", None, "get", PUBLIC),
    ("accounts:password_reset_done", None, "get", PUBLIC),
    ("accounts:password_reset_confirm", lambda p: {"uidb64": "MQ", "token": "bad"}, "get", PUBLIC),
    ("accounts:password_reset_complete", None, "get", PUBLIC),
    ("accounts:account", None, "get", SIGNED_IN),
    ("accounts:change_account", None, "get", SIGNED_IN),
    ("accounts:password_change", None, "get", SIGNED_IN),
    ("accounts:user_list", None, "get", {**PEOPLE_LIST, SUPER: 403}),
    ("accounts:user_add", None, "get", {**PEOPLE_LIST, SUPER: 403}),
    ("accounts:user_detail", officer_pk, "get", PERSON_IN_A),
    ("accounts:user_change", officer_pk, "get", PERSON_IN_A),
    ("accounts:user_close", officer_pk, "post", CHANGE_PERSON_IN_A),
    ("accounts:user_reopen", officer_pk, "post", CHANGE_PERSON_IN_A),
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


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize(("name", "kwargs", "method", "expected"), MATRIX, ids=[r[0] for r in MATRIX])
def test_permission_matrix(personas, role, name, kwargs, method, expected):
    url = reverse(name, kwargs=kwargs(personas) if kwargs else None)
    response = getattr(client_for(personas[role]), method)(url)
    assert response.status_code == expected[role], f"{role} {method.upper()} {url}"
    if role == ANON and expected[role] == 302 and method == "get":
        assert response["Location"].startswith(reverse("accounts:login"))
