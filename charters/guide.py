"""The charter file guide: a public page that explains the charter/1 file in plain English, for the
council officer or forum lead who writes one, and the commented example file it offers."""

from pathlib import Path

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_safe

from charter_portal.permissions import manages_partnership
from charters import charter_file
from charters.forms import MAX_FILE_BYTES
from charters.models import (
    AnswerKind,
    Charter,
    CommitmentKind,
    OrganisationKind,
    ParticipationLevel,
    SectionPlace,
    StageQuestion,
)

EXAMPLE_FILE = Path(__file__).parent / "data" / "example.yaml"


@require_safe
def file_guide(request: HttpRequest) -> HttpResponse:
    # A signed-in person's own area's current charter is the best place to start a new version from.
    own = None
    if request.user.is_authenticated and request.user.partnership_id:
        own = Charter.objects.published().filter(partnership=request.user.partnership_id)
        own = own.select_related("partnership").first()
    context = {
        "own_charter": own,
        "manages_own": own is not None and manages_partnership(request.user, own.partnership),
        "defaults_source": charter_file.defaults()["source"],
        "kite_mark_name": charter_file.KITE_MARK_NAME,
        "max_kb": MAX_FILE_BYTES // 1024,
        # The words a file may use, from the database's own choices, so the guide cannot drift from them.
        "commitment_kinds": [(k, label) for k, label in CommitmentKind.choices if k != CommitmentKind.STATEMENT],
        "organisation_kinds": OrganisationKind.choices,
        "groups": ParticipationLevel.Group.choices,
        "stages": StageQuestion.Stage.choices,
        "places": SectionPlace.choices,
        "answer_kinds": AnswerKind.choices,
    }
    return render(request, "charters/file_guide.html", context)


@require_safe
def example_file(request: HttpRequest) -> HttpResponse:
    response = HttpResponse(EXAMPLE_FILE.read_text(encoding="utf-8"), content_type="text/yaml; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="example-charter.yaml"'
    return response
