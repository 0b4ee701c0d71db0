"""Every form on every page, as each persona sees it: no submit button shares a name with a field
(the browser would send the button's empty value after the field's, and the text would be lost),
no two elements of a page share an id, and every message is in our words, not Django's."""

import re
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


def test_a_value_too_long_is_explained_in_plain_words(client, partnership):
    response = client.post(reverse("feedback:tell_us", args=["wirral"]), {"name": "a" * 250_000})
    assert response.status_code == 400
    assert "Ensure this value" not in response.text
    assert "Your name must be 150 characters or fewer" in response.text


def django_words() -> list[str]:
    """The fixed parts of every English text Django itself gives a form: its fields' and validators'
    errors, the password forms' and validators' errors and hints. None of them is how we speak."""
    import inspect

    from django import forms
    from django.contrib.auth import forms as auth_forms
    from django.contrib.auth import password_validation
    from django.core import validators
    from django.utils import translation

    texts: set[str] = set()
    with translation.override("en"):
        for module in (forms.fields, forms.models):
            for _, cls in inspect.getmembers(module, inspect.isclass):
                for klass in cls.__mro__:
                    texts |= {str(text) for text in vars(klass).get("default_error_messages", {}).values()}
        for _, cls in inspect.getmembers(validators, inspect.isclass):
            if isinstance(vars(cls).get("message"), str) or hasattr(vars(cls).get("message"), "_proxy____cast"):
                texts.add(str(cls.message))
        for _, cls in inspect.getmembers(auth_forms, inspect.isclass):
            texts |= {str(text) for text in vars(cls).get("error_messages", {}).values()}
        texts |= {str(field.help_text) for field in auth_forms.SetPasswordMixin.create_password_fields()[1:]}
        for validator in (
            password_validation.MinimumLengthValidator(),
            password_validation.UserAttributeSimilarityValidator(),
            password_validation.NumericPasswordValidator(),
        ):
            texts |= {str(validator.get_error_message()), str(validator.get_help_text())}
        texts |= {"This password is too common.", "Your password can’t be a commonly used password."}
    # What is left once the placeholders ("%(value)s", numbers) are taken out, long enough to be sure.
    parts = {part.strip() for text in texts for part in re.split(r"%\(\w+\)[a-z]|%[a-z]|\{\w*\}|\d+", text)}
    return sorted(part for part in parts if len(part) >= 12)


DJANGO_WORDS = None


def in_django_words(text) -> str | None:
    global DJANGO_WORDS
    if DJANGO_WORDS is None:
        DJANGO_WORDS = django_words()
    return next((part for part in DJANGO_WORDS if part in str(text)), None)


# An error a field can never give, as it has no such limit: its Django text is never seen.
def _can_give(field, code: str) -> bool:
    limits = {
        "required": field.required,
        "max_length": getattr(field, "max_length", None) is not None,
        "min_length": getattr(field, "min_length", None) is not None,
        "max_value": getattr(field, "max_value", None) is not None,
        "min_value": getattr(field, "min_value", None) is not None,
        "step_size": getattr(field, "step_size", None) is not None,
        "max_digits": getattr(field, "max_digits", None) is not None,
        "max_decimal_places": getattr(field, "decimal_places", None) is not None,
        "max_whole_digits": getattr(field, "max_digits", None) is not None,
    }
    return limits.get(code, True)


def django_words_in(form) -> list[str]:
    """Where a form would show Django's own words: a field's hint, or an error it can give, or the
    errors it gives when sent empty."""
    import copy

    from django.http import QueryDict

    found = []
    name = type(form).__name__
    # Sent empty, as a person pressing the button at once would: the messages it gives, and then
    # every message its fields can give, as they stand once the form has checked its answers.
    empty = copy.copy(form)
    empty.data, empty.files, empty.is_bound, empty._errors = QueryDict(""), {}, True, None
    for field_name, errors in empty.errors.items():
        found += [f"{name}.{field_name} sent empty: {error}" for error in errors if in_django_words(error)]
    for text in getattr(form, "error_messages", {}).values():
        if in_django_words(text):
            found.append(f"{name}: {text}")
    for field_name, field in empty.fields.items():
        if in_django_words(field.help_text):
            found.append(f"{name}.{field_name} hint: {field.help_text}")
        for code, text in field.error_messages.items():
            if _can_give(field, code) and in_django_words(text):
                found.append(f"{name}.{field_name} {code}: {text}")
        for rule in field.validators:
            text = field.error_messages.get(getattr(rule, "code", None), getattr(rule, "message", ""))
            if in_django_words(text):
                found.append(f"{name}.{field_name} {type(rule).__name__}: {text}")
    return found


@pytest.mark.parametrize("role", ["officer", "family", "forum_lead", "admin", "anonymous"])
def test_every_form_on_every_page_keeps_what_is_typed_and_speaks_our_words(world, role):  # noqa: F811
    """Each page the persona can open, read once for every rule:
    - no button is named like a field of its form, and no two elements share an id;
    - every form says its length limits the GOV.UK way (PlainWords), not "Ensure this value has
      at most 150 characters";
    - no form speaks in Django's own words: "This field is required.", "Select a valid choice.",
      "Enter a valid email address.", its words for two passwords that differ, its password rules."""
    client = client_for(world[role])
    checked, unexplained, django_said = 0, set(), set()
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
        for form in _forms_in(response.context) if response.context is not None else []:
            if not isinstance(form, PlainWords):
                unexplained.add(type(form).__name__)
            django_said |= set(django_words_in(form))
    assert checked > 10
    assert not unexplained, sorted(unexplained)
    assert not django_said, "\n".join(sorted(django_said))


def test_the_words_looked_for_are_djangos():
    words = django_words()
    for text in [
        "This field is required.",
        "Enter a valid email address.",
        "Enter the same password as before, for verification.",
        "The two password fields didn’t match.",
        "This password is too short. It must contain at least ",
        "is not one of the available choices.",
        "Select a valid choice.",
    ]:
        assert any(text.strip() in word or word in text for word in words), text


def test_the_password_forms_a_link_opens_speak_in_our_own_words(world):  # noqa: F811
    """The reset form is opened from an emailed link, so the page walk does not reach it."""
    from accounts import forms

    family = world["family"]
    for form in [forms.SetPasswordForm(family), forms.PasswordChangeForm(family), forms.PasswordResetForm()]:
        assert not django_words_in(form)
    assert not django_words_in(forms.LoginForm())
