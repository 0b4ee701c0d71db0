"""The GOV.UK date input, as the portal draws it (crispy-forms-gds's own
template writes aria-describedby="" on the boxes without an error)."""

from crispy_forms_gds.fields import DateInputField
from crispy_forms_gds.layout import Field
from django import forms
from django.template import Context, Template

from charter_portal.forms import gds_helper


class DateForm(forms.Form):
    signed_on = DateInputField(label="Date signed")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = gds_helper(Field("signed_on"))


def render(form) -> str:
    return Template("{% load crispy_forms_tags %}{% crispy form %}").render(Context({"form": form}))


def test_date_input_never_writes_an_empty_aria_describedby():
    for form in [DateForm(), DateForm({"signed_on_0": "31", "signed_on_1": "2", "signed_on_2": "2024"})]:
        form.is_valid()
        html = render(form)
        assert 'aria-describedby=""' not in html
        assert 'name="signed_on_0"' in html
        assert "Date signed" in html


def test_date_input_keeps_what_was_typed_and_shows_the_error():
    form = DateForm({"signed_on_0": "31", "signed_on_1": "2", "signed_on_2": "2024"})
    assert not form.is_valid()
    html = render(form)
    assert 'value="31"' in html
    assert "govuk-error-message" in html
