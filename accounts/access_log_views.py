"""The access log page: a partnership's admins see who looked at private records, newest first,
by the person who looked, by the record, or by whose information it was. Nothing here changes a line."""

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from accounts.access_log import LOGGED_ROLES, record_label, record_link
from accounts.models import AccessLog, User
from charter_portal.filters import id_param, text_param
from charter_portal.pagination import paginate
from charter_portal.permissions import manages_partnership
from charters.access import partnership_page

LINES_PER_PAGE = 50


def _record_filter(typed: str) -> str:
    """A record as the log names it; a bare feedback reference ("abcd 2345") is taken as one."""
    if not typed or ":" in typed:
        return typed
    return "feedback:" + "".join(ch for ch in typed.upper() if ch.isalnum())


@partnership_page(manages_partnership)
def access_log(request: HttpRequest, slug: str) -> HttpResponse:
    partnership = request.partnership
    people = User.objects.in_partnership(partnership)
    actor = id_param(request, "actor")
    subject = id_param(request, "subject")
    record = _record_filter(text_param(request, "record"))
    lines = AccessLog.objects.filter(partnership=partnership).select_related("actor", "subject")
    if actor:
        lines = lines.filter(actor_id=actor)
    if subject:
        lines = lines.filter(subject_id=subject)
    if record:
        lines = lines.filter(record=record)
    pages = paginate(request, lines.order_by("-at", "-id"), LINES_PER_PAGE)
    for line in pages["page_obj"]:
        line.link = record_link(line, slug)
        line.label = record_label(line)
    context = {
        "partnership": partnership,
        "lookers": people.filter(role__in=LOGGED_ROLES).only("pk", "name"),
        "actor": actor,
        "subject": people.filter(pk=subject).only("pk", "name").first() if subject else None,
        "record": record,
        "filtered": bool(actor or subject or record),
        **pages,
    }
    return render(request, "accounts/access_log.html", context)
