"""What every form of the portal shares: the GOV.UK layout helper."""

from crispy_forms_gds.helper import FormHelper
from crispy_forms_gds.layout import Button, Layout


def gds_helper(*fields, submit: str = "Continue", form_tag: bool = True, name: str = "submit") -> FormHelper:
    """A crispy helper laying fields out in order with one primary button.

    `name` tells apart the buttons of several forms on one page.
    The error summary is drawn by the page (includes/error_summary.html) above
    its heading, as the GOV.UK pattern asks, so the form does not draw one.
    """
    helper = FormHelper()
    helper.form_tag = form_tag
    helper.form_show_errors = True
    # The server checks every answer and explains problems the GOV.UK way;
    # the browser's own checks would stop the form before that.
    helper.attrs = {"novalidate": ""}
    helper.layout = Layout(*fields, Button.primary(name, submit))
    return helper


def posted(request):
    """The form data of a POST, or None: an empty POST still counts as sent."""
    return request.POST if request.method == "POST" else None
