"""Every form on every page, as each persona sees it: no submit button shares a name with a field
(the browser would send the button's empty value after the field's, and the text would be lost),
and no two elements of a page share an id."""

from collections import Counter
from html.parser import HTMLParser

import pytest
from django.urls import reverse

from charter_portal.forms import PlainWords, gds_helper
from tests.conftest import client_for
from tests.test_permissions import MATRIX, world, world_media  # noqa: F401 - the fixtures every page needs

pytestmark = pytest.mark.django_db

FIELDS = {"input", "select", "textarea"}


class FormsOnPage(HTMLParser):
    def __init__(self):
        super().__init__()
        self.forms: list[dict] = []
        self.ids: Counter = Counter()
        self._form: dict | None = None

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if attrs.get("id"):
            self.ids[attrs["id"]] += 1
        if tag == "form":
            self._form = {"fields": set(), "buttons": set()}
            self.forms.append(self._form)
        if self._form is None:
            return
        name = attrs.get("name")
        if not name:
            return
        is_button = tag == "button" or (tag == "input" and attrs.get("type") in ("submit", "image"))
        if is_button:
            self._form["buttons"].add(name)
        elif tag in FIELDS:
            self._form["fields"].add(name)

    def handle_endtag(self, tag):
        if tag == "form":
            self._form = None


PAGES = [(name, kwargs) for name, kwargs, method, expected in MATRIX if method == "get"]


@pytest.mark.parametrize("role", ["officer", "family", "forum_lead", "admin", "anonymous"])
def test_no_button_is_named_like_a_field_and_no_id_repeats(world, role):  # noqa: F811
    client = client_for(world[role])
    checked = 0
    for name, kwargs in PAGES:
        url = reverse(name, kwargs=kwargs(world) if kwargs else None)
        response = client.get(url)
        if response.status_code != 200 or not response["Content-Type"].startswith("text/html"):
            continue
        page = FormsOnPage()
        page.feed(response.content.decode())
        for form in page.forms:
            assert not form["buttons"] & form["fields"], (
                f"{url}: buttons named like fields {form['buttons'] & form['fields']}"
            )
        repeated = [i for i, n in page.ids.items() if n > 1]
        assert not repeated, f"{url}: ids used more than once: {repeated}"
        checked += 1
    assert checked > 10


def test_the_form_helper_refuses_a_button_named_like_its_field():
    from crispy_forms_gds.layout import Field, Fieldset

    with pytest.raises(ValueError, match="has the name of one of its form's fields"):
        gds_helper(Fieldset(Field.textarea("summary"), legend="Summary"), name="summary")


def _forms_in(context) -> list:
    from django import forms

    contexts = context if isinstance(context, list) else [context]
    found = {}
    for each in contexts:
        for value in each.flatten().values():
            if isinstance(value, forms.BaseForm):
                found[id(value)] = value
    return list(found.values())


@pytest.mark.parametrize("role", ["officer", "family", "forum_lead", "admin", "anonymous"])
def test_every_length_limit_is_explained_in_plain_words(world, role):  # noqa: F811
    """Django's own words ("Ensure this value has at most 150 characters") are not how we speak:
    every field with a length limit says it the GOV.UK way."""
    client = client_for(world[role])
    unexplained = set()
    for name, kwargs in PAGES:
        response = client.get(reverse(name, kwargs=kwargs(world) if kwargs else None))
        if response.status_code != 200 or response.context is None:
            continue
        for form in _forms_in(response.context):
            if not isinstance(form, PlainWords):
                unexplained.add(type(form).__name__)
    assert not unexplained, sorted(unexplained)


def test_a_value_too_long_is_explained_in_plain_words(client, partnership):
    response = client.post(reverse("feedback:tell_us", args=["wirral"]), {"name": "a" * 250_000})
    assert response.status_code == 400
    assert "Ensure this value" not in response.text
    assert "Your name must be 150 characters or fewer" in response.text
