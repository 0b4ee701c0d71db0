"""What every form of the portal shares: the GOV.UK layout helper, and fields that never
turn a typed value into an error page."""

import datetime

from crispy_forms.layout import LayoutObject
from crispy_forms_gds import fields as gds_fields
from crispy_forms_gds.helper import FormHelper
from crispy_forms_gds.layout import Button, Field, Layout, Size
from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.html import escape

REAL_DATE = "Enter a real date, for example 14 1 2027"


def explain_lengths(form) -> None:
    """Say a field's length limit the GOV.UK way, "Full name must be 150 characters or fewer", where
    the form has not said it in its own words; Django's own ("Ensure this value has at most…") is not
    how we speak."""
    for field in form.fields.values():
        limit = getattr(field, "max_length", None)
        if not limit or "max_length" in field.error_messages:
            continue
        label = str(field.label or "").removesuffix(" (optional)").strip()
        what = label if label and len(label) <= 40 and not label.endswith("?") else "Your answer"
        field.error_messages["max_length"] = f"{what} must be {limit:,} characters or fewer"


class PlainWords:
    """For every form of the portal: length limits explained in plain words (see explain_lengths)."""

    def full_clean(self) -> None:
        explain_lengths(self)
        super().full_clean()


class PortalForm(PlainWords, forms.Form):
    pass


class PortalModelForm(PlainWords, forms.ModelForm):
    pass


# What a browser may fill in for the person filling in a form about themselves (WCAG 1.3.5).
OWN_DETAILS = {"name": "name", "email": "email", "phone": "tel", "postal_address": "street-address"}


def about_yourself(form) -> None:
    """Mark a form's personal fields with their purpose, so a phone offers the person's own details;
    a phone number gets the phone keypad, an email address is not spell-checked."""
    for name, purpose in OWN_DETAILS.items():
        if name in form.fields:
            widget = form.fields[name].widget
            widget.attrs["autocomplete"] = purpose
            if name == "phone":
                widget.input_type = "tel"
            if name == "email":
                widget.attrs["spellcheck"] = "false"


def about_someone_else(form) -> None:
    """A form where an officer or admin types another person's details: the browser must not offer
    their own."""
    for name in OWN_DETAILS:
        if name in form.fields:
            widget = form.fields[name].widget
            widget.attrs["autocomplete"] = "off"
            if name == "phone":
                widget.input_type = "tel"


class DateInputField(gds_fields.DateInputField):
    """The GOV.UK date input, with the number keypad on phones. A day, month or year too large for a
    date ("99999999999") is a message like any other wrong date, not an OverflowError."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for part in self.widget.widgets:
            part.attrs["inputmode"] = "numeric"

    def compress(self, data_list):
        day, month, year = data_list
        if not (day and month and year):
            return None
        if len(day) > 2 or len(month) > 2 or len(year) != 4:
            raise ValidationError(REAL_DATE, code="invalid")
        try:
            return datetime.date(day=int(day), month=int(month), year=int(year))
        except (ValueError, OverflowError):
            raise ValidationError(REAL_DATE, code="invalid") from None


class ModelMultipleChoiceField(forms.ModelMultipleChoiceField):
    """Checkboxes of rows: a value that could be no row's id ("99999999999999999999") is refused
    before the database is asked (SQLite cannot even hold it)."""

    def _check_values(self, value):
        for item in value if isinstance(value, list | tuple) else [value]:
            text = str(item)
            if not (text.isascii() and text.isdigit() and 0 < int(text) < 2**63):
                raise ValidationError(
                    self.error_messages["invalid_choice"], code="invalid_choice", params={"value": text}
                )
        return super()._check_values(value)


def field_names(*items) -> set[str]:
    """The names of the fields a crispy layout draws, however deeply nested."""
    names: set[str] = set()
    for item in items:
        if isinstance(item, str):
            names.add(item)
        elif isinstance(item, LayoutObject):
            names |= field_names(*getattr(item, "fields", []))
    return names


def gds_helper(
    *fields, submit: str = "Continue", form_tag: bool = True, name: str = "submit", warning: bool = False
) -> FormHelper:
    """A crispy helper laying fields out in order with one primary button.

    `name` tells apart the buttons of several forms on one page (it also makes
    the button's id). It must not be the name of a field: a browser sends the
    button's empty value under that name too, after the field's, and the field's
    text is lost.
    `warning` makes the button red, for an action that cannot be undone.
    The error summary is drawn by the page (includes/error_summary.html) above
    its heading, as the GOV.UK pattern asks, so the form does not draw one.
    """
    if name in field_names(*fields):
        raise ValueError(f"The button {name!r} has the name of one of its form's fields.")
    helper = FormHelper()
    helper.form_tag = form_tag
    helper.form_show_errors = True
    # The server checks every answer and explains problems the GOV.UK way;
    # the browser's own checks would stop the form before that.
    helper.attrs = {"novalidate": ""}
    helper.layout = Layout(*fields, (Button.warning if warning else Button.primary)(name, submit))
    return helper


def mark_errors(form) -> None:
    """Give inputs the GOV.UK pack does not style (times, links) the red error border of those it does."""
    for name in form.errors:
        widget = getattr(form.fields.get(name), "widget", None)
        classes = widget.attrs.get("class", "") if widget is not None else ""
        if "govuk-input" in classes.split() and "govuk-input--error" not in classes:
            widget.attrs["class"] = f"{classes} govuk-input--error"


def optional_checkboxes(form, layout: list, *names: str) -> None:
    """Offer each list of checkboxes only when it has something to choose; otherwise the field goes,
    so the page does not ask about nothing."""
    for name in names:
        if form.fields[name].queryset.exists():
            layout.append(Field.checkboxes(name, legend_size=Size.SMALL, small=True))
        else:
            del form.fields[name]


def not_after_today(day, what: str):
    """A date that has happened: `what` names it in the error ("The date it was decided")."""
    if day and day > timezone.localdate():
        raise ValidationError(f"{what} must be today or in the past")
    return day


def need_reason(form, when: bool, message: str, field: str = "reason") -> None:
    """A reason that is optional except for one choice (declining, not able to): asked for then."""
    if when and not (form.cleaned_data.get(field) or "").strip():
        form.add_error(field, message)


REASON_LENGTH = 250


class ReasonForm(PortalForm):
    """The reason for an action, kept on the timeline: reopening a stage, cancelling a meeting,
    withdrawing an application, revoking a kite mark. One box, one button, its own words."""

    reason = forms.CharField(widget=forms.Textarea, max_length=REASON_LENGTH)

    def __init__(
        self,
        *args,
        label: str,
        required: str,
        submit: str,
        name: str,
        help_text: str = "",
        warning: bool = False,
        **kwargs,
    ):
        super().__init__(*args, **kwargs)
        field = self.fields["reason"]
        field.label, field.help_text = label, help_text
        field.error_messages["required"] = required
        field.error_messages["max_length"] = f"The reason must be {REASON_LENGTH} characters or fewer"
        self.helper = gds_helper(
            Field.textarea("reason", rows=3), submit=submit, form_tag=False, name=name, warning=warning
        )


def as_text(value: str) -> str:
    """Words from a charter file or a person, for a label, hint or legend: the GOV.UK form templates
    print those as HTML (so a label may hold a link), so anything not written by us is escaped first."""
    return escape(value)


def one_line(value: str) -> str:
    """A name or title as one line: line breaks and runs of spaces become single spaces
    (they would break an email's subject and a page's heading)."""
    return " ".join((value or "").split())


def posted(request):
    """The form data of a POST, or None: an empty POST still counts as sent."""
    return request.POST if request.method == "POST" else None
