"""What every form of the portal shares: the GOV.UK layout helper, and fields that never
turn a typed value into an error page."""

import datetime
import re

from crispy_forms.layout import LayoutObject
from crispy_forms_gds import fields as gds_fields
from crispy_forms_gds.helper import FormHelper
from crispy_forms_gds.layout import Button, Field, Layout, Size
from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.html import escape

from charter_portal.formats import clock

REAL_DATE = "Enter a real date, for example 14 1 2027"
EMAIL_FORMAT = "Enter an email address in the correct format, like name@example.com"
# A choice that is not one of those offered: the list changed after the page was drawn (a topic
# removed, a person's account closed), or the address was changed by hand.
NOT_OFFERED = "Select one of the options shown"
CHOOSE_FILE = "Choose a file"
# A "\x00" pasted in from another program: it cannot be stored.
HIDDEN_CHARACTER = "Your answer has a hidden character in it that cannot be saved. Type it again instead of pasting it"

# Django's words, for each kind of field, put the GOV.UK way. "required" is not here: every required
# field says what it needs in its own words ("Enter your full name", "Select a topic").
PLAIN_MESSAGES: dict[type, dict[str, str]] = {
    forms.ChoiceField: {"invalid_choice": NOT_OFFERED},
    forms.MultipleChoiceField: {"invalid_list": NOT_OFFERED},
    forms.ModelChoiceField: {"invalid_choice": NOT_OFFERED},
    forms.ModelMultipleChoiceField: {
        "invalid_list": NOT_OFFERED,
        "invalid_choice": NOT_OFFERED,
        "invalid_pk_value": NOT_OFFERED,
    },
    forms.EmailField: {"invalid": EMAIL_FORMAT},
    forms.URLField: {"invalid": "Enter a link starting https://"},
    forms.IntegerField: {"invalid": "Enter a whole number, like 12"},
    forms.DecimalField: {"invalid": "Enter a number, like 12"},
    forms.FloatField: {"invalid": "Enter a number, like 12"},
    forms.DateField: {"invalid": REAL_DATE},
    forms.FileField: {
        "invalid": CHOOSE_FILE,
        "missing": CHOOSE_FILE,
        "empty": "The file is empty: choose it again",
        "contradiction": "Choose a new file or remove the one there, not both",
    },
}


def explain_lengths(form) -> None:
    """Say a field's length limit the GOV.UK way, "Full name must be 150 characters or fewer", where
    the form has not said it in its own words; Django's own ("Ensure this value has at most…") is not
    how we speak."""
    for field in form.fields.values():
        limit = getattr(field, "max_length", None)
        if not limit or "max_length" in field.error_messages:
            continue
        field.error_messages["max_length"] = f"{_field_name(field)} must be {limit:,} characters or fewer"


def _field_name(field, otherwise: str = "Your answer") -> str:
    """A field's label to start a message with, when it is short and not a question."""
    label = str(field.label or "").removesuffix(" (optional)").strip()
    return label if label and len(label) <= 40 and not label.endswith("?") else otherwise


def _djangos_own(field) -> dict:
    """The error messages Django gives this kind of field when the form says nothing."""
    messages: dict = {}
    for kind in reversed(type(field).__mro__):
        messages.update(getattr(kind, "default_error_messages", {}))
    return messages


def explain_in_plain_words(form) -> None:
    """Put Django's own messages for a choice not offered, an address or date in the wrong format, a
    file that did not arrive or a number out of range in GOV.UK words, where the form has not put them
    in its own. A message the form gives is kept."""
    for field in form.fields.values():
        own, done = _djangos_own(field), set()
        # The most particular kind first: a DecimalField's "invalid" is not an IntegerField's.
        for kind in type(field).__mro__:
            for code, message in PLAIN_MESSAGES.get(kind, {}).items():
                if code in done or code not in field.error_messages:
                    continue
                done.add(code)
                if str(field.error_messages[code]) == str(own.get(code)):
                    field.error_messages[code] = message
        what = _field_name(field, "The number")
        for rule in field.validators:
            code = getattr(rule, "code", None)
            if code == "null_characters_not_allowed" and code not in field.error_messages:
                field.error_messages[code] = HIDDEN_CHARACTER
            if code in ("max_value", "min_value") and code not in field.error_messages:
                more_or_less = "or less" if code == "max_value" else "or more"
                field.error_messages[code] = f"{what} must be {rule.limit_value:,} {more_or_less}"


class PlainWords:
    """For every form of the portal: length limits and Django's other messages explained in plain
    words (see explain_lengths and explain_in_plain_words)."""

    def full_clean(self) -> None:
        explain_lengths(self)
        explain_in_plain_words(self)
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
        self.error_messages["invalid"] = REAL_DATE
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


# "2pm", "9:30am", "9.30 a.m.", "14:30", "14.30", "1430": an hour, perhaps minutes, perhaps am or pm.
_TIME = re.compile(r"(?P<hour>[0-9]{1,2})(?:[:.]?(?P<minute>[0-9]{2}))?(?P<half>am|pm)?", re.ASCII)
_SAID_TIMES = {"midday": datetime.time(12), "noon": datetime.time(12), "midnight": datetime.time(0)}


def parse_time(text: str) -> datetime.time | None:
    """A time as people type it, or None if it is not one: "2pm", "10am", "9:30am", "10:00",
    "10.00", "14.30", "midday", "noon", "midnight". An hour alone ("10") could be morning or
    evening, so it needs "am" or "pm"."""
    said = "".join(str(text).lower().split()).replace("a.m.", "am").replace("p.m.", "pm").removesuffix(".")
    said = said.removeprefix("12") if said in ("12midday", "12noon", "12midnight") else said
    if said in _SAID_TIMES:
        return _SAID_TIMES[said]
    found = _TIME.fullmatch(said)
    if not found:
        return None
    hour, minute, half = int(found["hour"]), int(found["minute"] or 0), found["half"]
    if minute > 59:
        return None
    if half:
        if not 1 <= hour <= 12:
            return None
        hour = hour % 12 + (12 if half == "pm" else 0)
    elif found["minute"] is None or hour > 23 or (said.isdigit() and len(said) != 4):
        # 24-hour without a separator only as four figures ("1430"): "130" could be 1:30pm.
        return None
    return datetime.time(hour, minute)


class TimeField(forms.Field):
    """A time of day typed as people write it (see parse_time), shown back the GOV.UK way ("2:30pm",
    "midday"). `what` names it in the messages: "Enter a start time, like 10am or 2:30pm"."""

    widget = forms.TextInput

    def __init__(self, *, what: str = "a time", **kwargs):
        kwargs.setdefault(
            "error_messages",
            {"required": f"Enter {what}", "invalid": f"Enter {what}, like 10am or 2:30pm"},
        )
        super().__init__(**kwargs)
        # The GOV.UK pack styles text inputs drawn with Field.text; this one has its width itself,
        # wherever it is drawn. Typed on a phone, it is not a word to correct or capitalise.
        self.widget.attrs.update(
            {"class": "govuk-input govuk-input--width-5", "spellcheck": "false", "autocapitalize": "none"}
        )

    def prepare_value(self, value):
        return clock(value) if isinstance(value, datetime.time) else value

    def to_python(self, value) -> datetime.time | None:
        if isinstance(value, datetime.time):
            return value
        if value in self.empty_values or not str(value).strip():
            return None
        parsed = parse_time(value) if len(str(value)) <= 20 else None
        if parsed is None:
            raise ValidationError(self.error_messages["invalid"], code="invalid")
        return parsed


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
    """Give inputs the GOV.UK pack does not style (links) the red error border of those it does."""
    for name in form.errors:
        widget = getattr(form.fields.get(name), "widget", None)
        if type(widget).__name__ in ("TextInput", "Select", "Textarea"):
            continue  # the pack marks these itself
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


def ask_for(form, field: str, message: str, *instead: str) -> None:
    """Ask for an answer that a choice needs ("Enter a phone number so we can call or text you"),
    unless that field, or one that would do `instead`, already has a problem: an address typed in the
    wrong format is told as that alone, not also as missing, which would contradict it."""
    if not any(form.has_error(name) for name in (field, *instead)):
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
