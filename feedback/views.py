import secrets
from urllib.parse import urlencode

from defusedcsv import csv
from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.postgres.search import SearchQuery
from django.db import connection
from django.db.models import Count, OuterRef, Q, Subquery
from django.db.models.functions import Coalesce
from django.http import HttpRequest, HttpResponse, StreamingHttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_POST

from accounts.access_log import record_access
from accounts.models import AccessKind
from charter_portal.client import client_address
from charter_portal.documents import CSV, ODS, as_ods, download
from charter_portal.errors import refuse_on_form
from charter_portal.filters import choice_param, id_param
from charter_portal.forms import posted
from charter_portal.limits import too_many
from charter_portal.pagination import paginate
from charter_portal.pdf import pdf_available, pdf_response
from charter_portal.periods import chosen_period, quick_periods
from charter_portal.permissions import handles_feedback, is_family_account, manages_partnership
from charter_portal.public_cache import public_page
from charters.access import partnership_page
from charters.models import Partnership
from feedback import forms, report, services
from feedback.access import feedback_for_officer, own_feedback
from feedback.counts import KeptCounts
from feedback.models import Feedback, QueueOrder, Topic, clean_reference

PER_PAGE = 25
BOARD_PER_PAGE = 10
DRAFT_KEY = "feedback_draft"
SENT_KEY = "feedback_sent"
# The one-time token of each area's check-answers page, and the references the latest sendings got.
TOKEN_KEY = "feedback_send_token"
SENT_TOKENS_KEY = "feedback_sent_tokens"
SENT_TOKENS_KEPT = 20


# Families: tell us something, check your answers, confirmation.


def _draft_of(form) -> dict:
    """What a family answered, as plain values: only the form's own fields, checked, are kept."""
    return {
        name: value.pk if hasattr(value, "pk") else value
        for name, value in form.cleaned_data.items()
        if name in forms.TellUsForm.Meta.fields
    }


def _save_draft(request: HttpRequest, slug: str, draft: dict | None) -> None:
    drafts = request.session.get(DRAFT_KEY, {})
    if draft is None:
        drafts.pop(slug, None)
        tokens = request.session.get(TOKEN_KEY, {})
        if tokens.pop(slug, None):
            request.session[TOKEN_KEY] = tokens
    else:
        drafts[slug] = draft
    request.session[DRAFT_KEY] = drafts
    if not request.user.is_authenticated:
        # On a shared computer the next person must not find this family's words: the draft
        # of someone not signed in goes when the browser closes.
        request.session.set_expiry(0)


@partnership_page()
def tell_us(request: HttpRequest, slug: str) -> HttpResponse:
    partnership = request.partnership
    draft = request.session.get(DRAFT_KEY, {}).get(slug)
    if request.method == "POST":
        form = forms.TellUsForm(request.POST, partnership=partnership)
    else:
        form = forms.TellUsForm(initial=draft or _from_account(request.user), partnership=partnership)
    if request.method == "POST" and form.is_valid():
        if form.cleaned_data["website"]:
            # Filled in by a robot: thank it and keep nothing.
            return redirect("feedback:sent", slug)
        _save_draft(request, slug, _draft_of(form))
        return redirect("feedback:check_answers", slug)
    context = {
        "partnership": partnership,
        "form": form,
        "has_draft": bool(draft),
        "family_account": request.user if is_family_account(request.user) else None,
    }
    return render(request, "feedback/tell_us.html", context, status=400 if form.errors else 200)


def _from_account(user) -> dict:
    """A signed-in family's own details, so they need not type them again."""
    if not is_family_account(user):
        return {}
    return {
        "name": user.name,
        "email": user.email,
        "phone": user.phone,
        "who": user.family_kind,
        "consent_to_contact": True,
    }


@require_POST
@partnership_page()
def start_again(request: HttpRequest, slug: str) -> HttpResponse:
    """Clear what was typed, for the next person at a shared computer too."""
    partnership = request.partnership
    _save_draft(request, partnership.slug, None)
    messages.success(request, "Your answers have been cleared")
    return redirect("feedback:tell_us", partnership.slug)


def _send_token(request: HttpRequest, slug: str) -> str:
    """The one-time token of this area's "Send": made when the page is first shown, kept (so a second
    tab or a reload still sends) until it is used or the answers are cleared."""
    tokens = request.session.get(TOKEN_KEY, {})
    if slug not in tokens:
        tokens[slug] = secrets.token_urlsafe(32)
        request.session[TOKEN_KEY] = tokens
    return tokens[slug]


def _remember_sent(request: HttpRequest, token: str, reference: str) -> None:
    sent_tokens = request.session.get(SENT_TOKENS_KEY, {})
    sent_tokens[token] = reference
    request.session[SENT_TOKENS_KEY] = dict(list(sent_tokens.items())[-SENT_TOKENS_KEPT:])
    request.session[SENT_KEY] = reference


@partnership_page()
def check_answers(request: HttpRequest, slug: str) -> HttpResponse:
    partnership = request.partnership
    if request.method == "POST":
        token = request.POST.get("submission_token", "")
        reference = request.session.get(SENT_TOKENS_KEY, {}).get(token) if token else None
        if reference:
            # Send pressed again after it was stored (the answers are gone): the same reference.
            request.session[SENT_KEY] = reference
            return redirect("feedback:sent", slug)
    draft = request.session.get(DRAFT_KEY, {}).get(slug)
    if not draft:
        return redirect("feedback:tell_us", slug)
    form = forms.TellUsForm(draft, partnership=partnership)
    if not form.is_valid():
        return redirect("feedback:tell_us", slug)
    expected = _send_token(request, slug)
    send_form = forms.SendForm(posted(request), expected=expected)
    if request.method == "POST" and send_form.is_valid():
        # Per area and per internet address: families sharing one connection in one area share a
        # limit, but never block another area's families.
        key = f"feedback-sent:{partnership.pk}:{client_address(request)}"
        if too_many(key, settings.FEEDBACK_RATE_LIMIT, settings.FEEDBACK_RATE_WINDOW):
            return render(request, "feedback/too_many.html", {"partnership": partnership}, status=429)
        fields = {k: v for k, v in form.cleaned_data.items() if k in forms.TellUsForm.Meta.fields}
        # The same press arriving twice at once gets the item the first one stored (see submit).
        feedback = services.submit(partnership, actor=request.user, submission_token=expected, **fields)
        _save_draft(request, slug, None)
        _remember_sent(request, expected, feedback.reference)
        return redirect("feedback:sent", slug)
    # Shown again after a refused press, the page carries the right token, whatever was sent.
    context = {
        "partnership": partnership,
        "form": form,
        "data": form.cleaned_data,
        "send_form": send_form,
        "send_token": expected,
    }
    return render(request, "feedback/check_answers.html", context, status=400 if send_form.errors else 200)


@partnership_page()
def sent(request: HttpRequest, slug: str) -> HttpResponse:
    partnership = request.partnership
    reference = request.session.get(SENT_KEY)
    feedback = Feedback.objects.filter(partnership=partnership, reference=reference).first() if reference else None
    return render(request, "feedback/sent.html", {"partnership": partnership, "feedback": feedback})


def check_feedback(request: HttpRequest) -> HttpResponse:
    """A reference, and the email address if one was given: sent by POST, so neither lands in an
    address bar, a browser's history or a server's log; and limited, so references cannot be guessed."""
    form = forms.CheckFeedbackForm(posted(request))
    feedback = None
    status = 200
    if request.method == "POST":
        key = f"feedback-check:{client_address(request)}"
        if too_many(key, settings.CHECK_RATE_LIMIT, settings.CHECK_RATE_WINDOW):
            return render(request, "feedback/too_many_checks.html", status=429)
        if form.is_valid():
            found = (
                Feedback.objects.select_related("partnership", "topic")
                .filter(reference=form.cleaned_data["reference"])
                .first()
            )
            # Where they gave an email address, it must match: a reference alone is not enough.
            if found and (not found.email or found.email.lower() == form.cleaned_data["email"].lower()):
                feedback = found
            else:
                form.add_error("reference", "We cannot find feedback with that reference and email address")
        if form.errors:
            status = 400
    return render(request, "feedback/check_feedback.html", {"form": form, "feedback": feedback}, status=status)


@login_required
def my_feedback(request: HttpRequest, reference: str) -> HttpResponse:
    """A signed-in family member's own feedback, from their account page."""
    feedback = own_feedback(request, reference)
    return render(request, "feedback/check_feedback.html", {"form": None, "feedback": feedback})


# The public board.


@public_page
@partnership_page()
def board(request: HttpRequest, slug: str) -> HttpResponse:
    partnership = request.partnership
    # Newest published first, the primary key keeping items published at the same moment in their place.
    items = (
        Feedback.objects.for_partnership(partnership)
        .published()
        .select_related("topic")
        .defer("search_vector")
        .order_by("-published_at", "-pk")
    )
    topics = Topic.objects.filter(partnership=partnership)
    topic = id_param(request, "topic")
    status = choice_param(request, "status", Feedback.PUBLIC_STATUSES)
    if topic:
        items = items.filter(topic_id=topic)
    if status:
        items = items.filter(status=status)
    # Each page's ids are read from the (partnership, published_at) index, which holds the filters too;
    # the count is kept until the partnership's feedback changes.
    count = KeptCounts(partnership).get(f"board:{topic or ''}:{status or ''}", items.count)
    pages = paginate(request, items, BOARD_PER_PAGE, ids_first=True, count=count)
    context = {
        "partnership": partnership,
        **pages,
        "topics": topics,
        "topic": str(topic or ""),
        "status": status,
        "statuses": [(s.value, s.label) for s in Feedback.PUBLIC_STATUSES],
    }
    return render(request, "feedback/board.html", context)


# Officers: the queue, logging, and one item.


def _filtered_queue(request: HttpRequest, partnership: Partnership):
    """The queue's form, items and, for a search on PostgreSQL, how many it found (else None).
    Without a (valid) filter: open items, newest first."""
    form = forms.QueueFilterForm(request.GET or None, partnership=partnership)
    # The stored search words are searched, never shown: not fetched for each row of a page or the export.
    items = Feedback.objects.for_partnership(partnership).select_related("topic", "assigned_to").defer("search_vector")
    data = form.cleaned_data if form.is_valid() else {}
    if not (data.get("status") or data.get("closed")):
        items = items.open()
    if data:
        if data["status"]:
            items = items.filter(status=data["status"])
        if data["topic"]:
            items = items.filter(topic=data["topic"])
        if data["assigned"] == "nobody":
            items = items.filter(assigned_to__isnull=True)
        elif data["assigned"]:
            items = items.filter(assigned_to_id=data["assigned"])
        if data["assigned_name"]:
            # The officers whose names hold what was typed, found first (a few), then their items.
            named = form.officers.filter(name__icontains=data["assigned_name"].strip())
            items = items.filter(assigned_to_id__in=list(named.values_list("pk", flat=True)[:100]))
        if data["overdue"]:
            items = items.overdue()
        if data["q"]:
            items = _search(items, data["q"])
            found = _found(items)
            by_index = found is None or found > FEW_FOUND
            return form, items.in_order(_queue_order(form), by_index=by_index), found
    return form, items.in_order(_queue_order(form)), None


def _queue_order(form) -> QueueOrder:
    sort = form.cleaned_data.get("sort") if form.is_valid() else ""
    return QueueOrder(sort or QueueOrder.NEWEST)


# Up to this many found, a search's page is sorted from what it found; beyond it, read in order
# from the order's index (see FeedbackQuerySet.in_order), which soon finds a page's worth.
FEW_FOUND = 1_000


def _found(items) -> int | None:
    """How many items a search finds on PostgreSQL, counted once from the GIN index (a bitmap of the
    matches joined with the filters' index), for both the choice of order and the pages' count.
    Counted only so far (LIMIT), the planner would rather read the area's items one by one."""
    return items.order_by().count() if connection.vendor == "postgresql" else None


def _search(items, words: str):
    """Items whose text, "You said" or "We did" has the words, or whose reference they are.

    On PostgreSQL the words are read from the stored, GIN-indexed search_vector (kept by a trigger),
    so "transport" finds "transported" too; on SQLite the texts are searched for the words as typed.
    The reference is matched exactly, through its unique index."""
    reference = Q(reference=clean_reference(words))
    if connection.vendor == "postgresql":
        query = SearchQuery(words, search_type="websearch", config="english")
        return items.filter(Q(search_vector=query) | reference)
    return items.filter(
        Q(text__icontains=words) | Q(you_said__icontains=words) | Q(we_did__icontains=words) | reference
    )


def _queue_pages(request: HttpRequest, form, items, found: int | None, kept: KeptCounts) -> dict:
    """The queue's page. A search is paged as it is found (see _search), with the count it found;
    any other list is paged from its order's index, ids first, with its count kept until the feedback
    changes."""
    data = form.cleaned_data if form.is_valid() else {}
    if data.get("q"):
        return paginate(request, items, PER_PAGE, count=found)
    filters = {name: str(getattr(value, "pk", value)) for name, value in data.items() if value and name != "sort"}
    count = kept.get("queue:" + urlencode(sorted(filters.items())), items.count)
    return paginate(request, items, PER_PAGE, ids_first=True, count=count)


@partnership_page(handles_feedback)
def queue(request: HttpRequest, slug: str) -> HttpResponse:
    partnership = request.partnership
    form, items, found = _filtered_queue(request, partnership)
    kept = KeptCounts(partnership)
    counts = kept.statuses()
    pages = _queue_pages(request, form, items, found, kept)
    context = {
        "partnership": partnership,
        "form": form,
        **pages,
        "counts": [(s.label, counts.by_status.get(s.value, 0), s.value) for s in Feedback.Status],
        "overdue_count": counts.overdue,
        "today": timezone.localdate(),
        "query": request.GET.urlencode(),
        "order": _queue_order(form),
        "manages_topics": manages_partnership(request.user, partnership),
    }
    return render(request, "feedback/queue.html", context)


class _Echo:
    def write(self, value: str) -> str:
        return value


@partnership_page(handles_feedback)
def export_queue(request: HttpRequest, slug: str) -> StreamingHttpResponse:
    """The filtered queue as a spreadsheet. Text a family wrote that starts like a formula ("=", "+",
    "-", "@") is written so spreadsheets show it rather than run it (defusedcsv); the byte-order mark
    makes Excel read accents and curly quotes; times are UK local."""
    partnership = request.partnership
    _form, items, _found_count = _filtered_queue(request, partnership)
    writer = csv.writer(_Echo())
    header = [
        "Reference",
        "Received",
        "Due",
        "Status",
        "Topic",
        "Channel",
        "Who",
        "Assigned to",
        "Text",
        "Consent to contact",
        "Consent to publish",
        "Published",
    ]

    def rows():
        yield "\ufeff"
        yield writer.writerow(header)
        for f in items.iterator(chunk_size=500):
            yield writer.writerow(
                [
                    f.display_reference,
                    timezone.localtime(f.received_at).strftime("%Y-%m-%d %H:%M"),
                    f.due_on.isoformat(),
                    f.get_status_display(),
                    f.topic.name,
                    f.get_channel_display(),
                    f.get_who_display(),
                    f.assigned_to.name if f.assigned_to else "",
                    f.text,
                    "yes" if f.consent_to_contact else "no",
                    "yes" if f.consent_to_publish else "no",
                    "yes" if f.is_published else "no",
                ]
            )

    response = StreamingHttpResponse(rows(), content_type="text/csv; charset=utf-8")
    filename = f"{partnership.slug}-feedback-{timezone.localdate():%Y-%m-%d}.csv"
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


@partnership_page(handles_feedback)
def log_feedback(request: HttpRequest, slug: str) -> HttpResponse:
    partnership = request.partnership
    form = forms.LogFeedbackForm(posted(request), partnership=partnership)
    if request.method == "POST" and form.is_valid():
        fields = dict(form.cleaned_data)
        fields.pop("project_name", None)  # found as the project itself
        token = fields.pop("submission_token", None)
        received_on = fields.pop("received_on")
        now = timezone.localtime()
        fields["received_at"] = now.replace(year=received_on.year, month=received_on.month, day=received_on.day)
        feedback = services.submit(partnership, logged_by=request.user, submission_token=token, **fields)
        messages.success(request, f"Feedback {feedback.display_reference} has been logged")
        return redirect("feedback:detail", slug, feedback.reference)
    context = {
        "form": form,
        "title": "Log feedback given another way",
        "caption": partnership.name,
        "intro": "For feedback a family gave by phone, email, at an event, in a survey or at a forum meeting.",
        "back": reverse("feedback:queue", args=[slug]),
    }
    return render(request, "form_page.html", context)


@partnership_page(handles_feedback)
def detail(request: HttpRequest, slug: str, reference: str) -> HttpResponse:
    feedback = feedback_for_officer(request, reference)
    return _render_detail(request, feedback)


def _render_detail(request, feedback: Feedback, **forms_with_errors) -> HttpResponse:
    partnership = feedback.partnership
    # The page shows what they told us and their contact details.
    record_access(
        request.user, AccessKind.FEEDBACK, f"feedback:{feedback.reference}", partnership, feedback.submitted_by
    )
    initial_publish = {"you_said": feedback.you_said, "we_did": feedback.we_did}
    context = {
        "feedback": feedback,
        "partnership": partnership,
        "events": feedback.events.select_related("actor"),
        "assign_form": forms_with_errors.get("assign")
        or forms.AssignForm(initial={"officer": feedback.assigned_to_id}, partnership=partnership),
        "note_form": forms_with_errors.get("note") or forms.NoteForm(),
        "status_form": forms_with_errors.get("status") or forms.StatusForm(feedback=feedback),
        "link_form": forms_with_errors.get("link")
        or forms.LinkForm(
            initial={"principle": feedback.principle_id, "project": feedback.project_id}, partnership=partnership
        ),
        "publish_form": forms_with_errors.get("publish")
        or forms.PublishForm(initial=initial_publish, feedback=feedback),
        "overdue": feedback.is_overdue(),
        "sees_access_log": manages_partnership(request.user, partnership),
    }
    # The page's error summary lists the errors of whichever form was sent.
    context["form"] = next(iter(forms_with_errors.values()), None)
    return render(request, "feedback/detail.html", context, status=400 if forms_with_errors else 200)


def _act(request, slug, reference, form_class, name: str, action, **form_kwargs) -> HttpResponse:
    """Handle one of the forms on a feedback page: act on it, or show it again with its errors."""
    feedback = feedback_for_officer(request, reference)
    kwargs = {k: (feedback if v == "feedback" else feedback.partnership) for k, v in form_kwargs.items()}
    form = form_class(request.POST, **kwargs)
    if not form.is_valid():
        return _render_detail(request, feedback, **{name: form})
    try:
        message = action(feedback, form.cleaned_data)
    except services.FeedbackError as error:
        refuse_on_form(form, error)
        return _render_detail(request, feedback, **{name: form})
    messages.success(request, message)
    return redirect("feedback:detail", slug, feedback.reference)


@require_POST
@partnership_page(handles_feedback)
def assign_feedback(request, slug, reference):
    def action(feedback, data):
        services.assign(feedback, data["officer"], request.user)
        return f"Assigned to {data['officer'].name}" if data["officer"] else "No longer assigned"

    return _act(request, slug, reference, forms.AssignForm, "assign", action, partnership="partnership")


@require_POST
@partnership_page(handles_feedback)
def add_note(request, slug, reference):
    def action(feedback, data):
        services.add_note(feedback, request.user, data["note"])
        return "Your note has been added"

    return _act(request, slug, reference, forms.NoteForm, "note", action)


@require_POST
@partnership_page(handles_feedback)
def change_status(request, slug, reference):
    def action(feedback, data):
        services.change_status(feedback, data["status"], request.user, data.get("reason", ""))
        return f"It is now “{feedback.get_status_display()}”"

    return _act(request, slug, reference, forms.StatusForm, "status", action, feedback="feedback")


@require_POST
@partnership_page(handles_feedback)
def link_feedback(request, slug, reference):
    def action(feedback, data):
        services.link(feedback, data["principle"], data["project"], request.user)
        return "The link has been saved"

    return _act(request, slug, reference, forms.LinkForm, "link", action, partnership="partnership")


@require_POST
@partnership_page(handles_feedback)
def publish_feedback(request, slug, reference):
    def action(feedback, data):
        services.publish(feedback, request.user, data["you_said"], data["we_did"])
        return "It is published on You Said, We Did"

    return _act(request, slug, reference, forms.PublishForm, "publish", action, feedback="feedback")


@require_POST
@partnership_page(handles_feedback)
def unpublish_feedback(request, slug, reference):
    feedback = feedback_for_officer(request, reference)
    services.unpublish(feedback, request.user)
    messages.success(request, "It has been taken off You Said, We Did")
    return redirect("feedback:detail", slug, feedback.reference)


# Partnership admins: the topics families choose from.


def _items_with_topic():
    """How many items have the topic, counted for each topic along the index on feedback.topic (a join
    and a grouping would read all feedback)."""
    used = Feedback.objects.filter(topic=OuterRef("pk")).order_by().values("topic").annotate(n=Count("*"))
    return Coalesce(Subquery(used.values("n")), 0)


@partnership_page(manages_partnership)
def topics(request: HttpRequest, slug: str) -> HttpResponse:
    partnership = request.partnership
    forms.topics_for(partnership)
    form = forms.TopicForm(posted(request), partnership=partnership, instance=Topic(partnership=partnership))
    if request.method == "POST" and form.is_valid():
        topic = services.add_topic(partnership, request.user, form.cleaned_data["name"])
        messages.success(request, f"The topic “{topic.name}” has been added")
        return redirect("feedback:topics", slug)
    all_topics = Topic.objects.filter(partnership=partnership).annotate(used=_items_with_topic())
    context = {"partnership": partnership, "form": form, "topics": all_topics}
    return render(request, "feedback/topics.html", context)


@partnership_page(manages_partnership)
def change_topic(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    partnership = request.partnership
    topic = get_object_or_404(Topic, partnership=partnership, pk=pk)
    name = topic.name  # as it is stored: a bound form changes the instance
    form = forms.TopicForm(posted(request), partnership=partnership, instance=topic, submit="Save")
    if request.method == "POST" and form.is_valid():
        services.rename_topic(topic, request.user, form.cleaned_data["name"])
        messages.success(request, f"The topic is now called “{topic.name}”")
        return redirect("feedback:topics", slug)
    context = {
        "form": form,
        "title": f"Rename the topic “{name}”",
        "caption": partnership.name,
        "back": reverse("feedback:topics", args=[slug]),
    }
    return render(request, "form_page.html", context)


@require_POST
@partnership_page(manages_partnership)
def toggle_topic(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    partnership = request.partnership
    topic = get_object_or_404(Topic, partnership=partnership, pk=pk)
    # The button says which way it goes, so a double click does not undo itself.
    services.offer_topic(topic, request.user, request.POST.get("offered") == "yes")
    shown = "is offered to families again" if topic.active else "is no longer offered to families"
    messages.success(request, f"The topic “{topic.name}” {shown}")
    return redirect("feedback:topics", slug)


# The "You said, we did" report for a period.


def _report(request: HttpRequest):
    form, period, refused = chosen_period(request)
    grouping = choice_param(request, "group", list(report.GROUPINGS)) or "topic"
    return form, period, refused, report.yswd_report(request.partnership, period, grouping)


def _report_query(found) -> str:
    return urlencode({**found.period.query(), "group": found.grouping})


@public_page
@partnership_page()
def yswd_report(request: HttpRequest, slug: str) -> HttpResponse:
    """Everything published in a period, to read, print or download."""
    form, period, refused, found = _report(request)
    # The page's own form tag carries the grouping along with the dates.
    form.helper.form_tag = False
    query = _report_query(found)
    context = {
        "partnership": request.partnership,
        "form": form,
        "report": found,
        "query": query,
        "quick": [
            (label, urlencode({**p.query(), "group": found.grouping}), p == period) for label, p in quick_periods()
        ],
        "groupings": [
            (key, label, urlencode({**period.query(), "group": key})) for key, label in report.GROUPINGS.items()
        ],
        "pdf": pdf_available() and len(found.rows) <= report.PDF_MOST,
        "pdf_most": report.PDF_MOST,
    }
    return render(request, "feedback/report.html", context, status=400 if refused else 200)


def _report_download(request: HttpRequest, slug: str, kind: str) -> HttpResponse:
    _form, period, refused, found = _report(request)
    if refused:
        return redirect(f"{reverse('feedback:report', args=[slug])}?{request.GET.urlencode()}")
    name = f"you-said-we-did-{slug}-{period.slug}"
    if kind == "pdf":
        if len(found.rows) > report.PDF_MOST:
            return redirect(f"{reverse('feedback:report', args=[slug])}?{_report_query(found)}")
        html = report.report_document(found, timezone.localdate())
        printable = f"{reverse('feedback:report', args=[slug])}?{_report_query(found)}"
        return pdf_response(request, html, f"{name}.pdf", "You said, we did", printable)
    table = report.report_table(found)
    if kind == "csv":
        return download(table.as_csv(), f"{name}.csv", CSV)
    return download(as_ods(table), f"{name}.ods", ODS)


@partnership_page()
def yswd_report_pdf(request: HttpRequest, slug: str) -> HttpResponse:
    return _report_download(request, slug, "pdf")


@partnership_page()
def yswd_report_csv(request: HttpRequest, slug: str) -> HttpResponse:
    return _report_download(request, slug, "csv")


@partnership_page()
def yswd_report_ods(request: HttpRequest, slug: str) -> HttpResponse:
    return _report_download(request, slug, "ods")
