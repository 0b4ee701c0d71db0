"""What every form of the portal shares: the GOV.UK layout helper."""

from crispy_forms.layout import LayoutObject
from crispy_forms_gds.helper import FormHelper
from crispy_forms_gds.layout import Button, Layout


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


def posted(request):
    """The form data of a POST, or None: an empty POST still counts as sent."""
    return request.POST if request.method == "POST" else None
