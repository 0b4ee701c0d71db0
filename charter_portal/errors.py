"""The one shape of a refusal: each domain's error (CharterError, ProjectError, FeedbackError) is a
RuleError whose `code` names the kind of refusal, so a view answers it without reading its words."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied


class RuleError(Exception):
    """A change the state of things does not allow."""

    INVALID = "invalid"  # the answer given cannot be accepted: shown on the form
    FORBIDDEN = "forbidden"  # this person may not do it: 403
    CONFLICT = "conflict"  # someone else (or a double click) changed it first
    FROZEN = "frozen"  # the record stands still while the kite mark rests on it

    def __init__(self, message: str, code: str = INVALID):
        super().__init__(message)
        self.code = code


def refuse(request, error: RuleError) -> None:
    """A refusal that is not about a form's answers: 403 for a person who may not, the reason as a
    message otherwise (the view then sends them back to the page they came from)."""
    if error.code == RuleError.FORBIDDEN:
        raise PermissionDenied from error
    messages.error(request, str(error))


def refuse_on_form(form, error: RuleError, field: str | None = None) -> None:
    """A refusal of a form's answers: shown in the error summary; 403 for a person who may not."""
    if error.code == RuleError.FORBIDDEN:
        raise PermissionDenied from error
    form.add_error(field, str(error))
