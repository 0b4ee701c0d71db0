from django.contrib import messages
from django.db import transaction
from django.db.models import Model, QuerySet
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.html import format_html
from django.utils.text import Truncator
from django.views.decorators.http import require_POST

from charter_portal.errors import refuse, refuse_on_form
from charter_portal.forms import posted
from charter_portal.permissions import makes_evidence_packs, manages_partnership
from charter_portal.public_cache import public_page, public_pages_changed
from charters import charter_file, forms, services
from charters.access import (
    charter_for_editor,
    charter_for_reader,
    commitment_for_editor,
    partnership_page,
    principle_for_editor,
)
from charters.models import (
    BORROWABLE_PARTS,
    Charter,
    CharterSection,
    Commitment,
    KiteMarkRule,
    Partnership,
    Principle,
    Removal,
    Signatory,
)

UPLOAD_SESSION_KEY = "charter_upload"


def _draft_url(charter: Charter) -> str:
    return reverse("charters:edit_draft", args=[charter.partnership.slug, charter.version])


# Public pages.


@public_page
@partnership_page()
def partnership_home(request: HttpRequest, slug: str) -> HttpResponse:
    partnership = request.partnership
    charter = partnership.charters.published().first()
    latest = partnership.feedback.published().select_related("topic")
    context = {
        "partnership": partnership,
        "charter": charter,
        "organisations": partnership.organisations.all(),
        "is_admin": manages_partnership(request.user, partnership),
        "makes_packs": makes_evidence_packs(request.user, partnership),
        "you_said_we_did": latest.order_by("-published_at")[:3],
    }
    return render(request, "charters/partnership.html", context)


@public_page
@partnership_page()
def current_charter(request: HttpRequest, slug: str) -> HttpResponse:
    partnership = request.partnership
    charter = services.charter_with_parts(partnership.charters.published()).first()
    return _render_charter(request, partnership, charter, current=charter)


@public_page
@partnership_page()
def charter_version(request: HttpRequest, slug: str, version: str) -> HttpResponse:
    partnership = request.partnership
    charter = charter_for_reader(request, version, services.charter_with_parts(Charter.objects.all()))
    current = partnership.charters.published().only("version", "partnership").first()
    return _render_charter(request, partnership, charter, current=current)


@public_page
@partnership_page()
def print_charter(request: HttpRequest, slug: str, version: str) -> HttpResponse:
    """The whole charter on a page with no menus, to print or keep as a PDF."""
    partnership = request.partnership
    charter = charter_for_reader(request, version, services.charter_with_parts(Charter.objects.all()))
    current = partnership.charters.published().only("version", "partnership").first()
    return _render_charter(request, partnership, charter, current=current, template="charters/print.html")


def _render_charter(request, partnership, charter, current, template: str = "charters/charter.html") -> HttpResponse:
    context = {
        "partnership": partnership,
        "charter": charter,
        "current": current,
        "is_admin": manages_partnership(request.user, partnership),
        "overdue": charter is not None and charter.review_overdue(timezone.localdate()),
    }
    if charter is not None:
        context |= {
            "sections": {
                place.name.lower(): [s for s in charter.sections.all() if s.place == place]
                for place in CharterSection.Place
            },
            "review_sections": _review_sections(charter),
            "plan": _plan_with_projects(partnership, charter),
        }
    return render(request, template, context)


def _plan_with_projects(partnership, charter) -> list:
    """The development plan's outcomes, each with the public projects working towards it."""
    outcomes = list(charter.plan.all())
    if not outcomes:
        return []
    projects: dict[int, list] = {}
    for project in partnership.projects.filter(is_public=True, plan_outcome__charter=charter).order_by("title"):
        projects.setdefault(project.plan_outcome_id, []).append(project)
    for outcome in outcomes:
        outcome.public_projects = projects.get(outcome.pk, [])
    return outcomes


def _review_sections(charter: Charter) -> list[tuple[str, list]]:
    sections: dict[str, list] = {}
    for question in charter.review_questions.all():
        sections.setdefault(question.section, []).append(question)
    return list(sections.items())


@partnership_page()
def download_charter(request: HttpRequest, slug: str, version: str) -> HttpResponse:
    partnership = request.partnership
    charter = charter_for_reader(request, version, services.charter_with_parts(Charter.objects.all()))
    response = HttpResponse(
        charter_file.write(services.charter_to_data(charter)), content_type="application/yaml; charset=utf-8"
    )
    response["Content-Disposition"] = f'attachment; filename="{partnership.slug}-charter-{charter.version}.yaml"'
    return response


# A partnership admin's pages.


@partnership_page(manages_partnership)
def manage_charter(request: HttpRequest, slug: str) -> HttpResponse:
    partnership = request.partnership
    charters = partnership.charters.order_by("-created_at")
    events = partnership.charter_events.select_related("actor")[:30]
    context = {
        "partnership": partnership,
        "charters": charters,
        "published": next((c for c in charters if c.status == Charter.Status.PUBLISHED), None),
        "events": events,
    }
    return render(request, "charters/manage.html", context)


@partnership_page(manages_partnership)
def upload_charter(request: HttpRequest, slug: str) -> HttpResponse:
    partnership = request.partnership
    form = forms.UploadForm(posted(request), request.FILES if request.method == "POST" else None)
    problems = []
    if request.method == "POST" and form.is_valid():
        text = form.cleaned_data["file"]
        try:
            data = charter_file.read(text)
            _check_file_is_for(data, partnership)
        except charter_file.CharterFileError as error:
            problems = error.problems
            count = len(problems)
            form.add_error("file", f"The file has {count} problem{'s' if count != 1 else ''}: see the list above")
        else:
            request.session[UPLOAD_SESSION_KEY] = {"slug": slug, "text": text}
            return redirect("charters:preview_upload", slug)
    context = {"partnership": partnership, "form": form, "problems": problems}
    return render(request, "charters/upload.html", context, status=400 if form.errors else 200)


def _check_file_is_for(data: dict, partnership: Partnership) -> None:
    if data["partnership"]["slug"] != partnership.slug:
        raise charter_file.CharterFileError(
            [
                charter_file.Problem(
                    None,
                    "partnership",
                    f"this file is for {data['partnership']['name']} ({data['partnership']['slug']}), "
                    f"not {partnership.name} ({partnership.slug})",
                )
            ]
        )


def _counts(data: dict) -> dict[str, str]:
    """What a charter's data holds, part by part, in words: a part it leaves to the portal's
    defaults says so rather than counting what it borrowed."""
    borrowed = set(data.get("borrowed", []))

    def count(part: str, n: int) -> str:
        return f"None: the portal uses {data['borrowed_from']}" if part in borrowed else str(n)

    kite_mark = data.get("kite_mark")
    return {
        "Themes": str(len(data["themes"])),
        "Principles": str(len(data["principles"])),
        "Statements under principles": str(sum(len(p["commitments"]) for p in data["principles"])),
        "Other sections": str(len(data["sections"])),
        "Development plan outcomes": str(len(data["plan"])),
        "Case studies": str(len(data["case_studies"])),
        "Ways of working (levels)": count("levels", len(data["levels"])),
        "Stage questions": count("stage_questions", len(data["stage_questions"])),
        "Start-up considerations": count("considerations", len(data["considerations"])),
        "Review questions": count("review_questions", sum(len(s["questions"]) for s in data["review_questions"])),
        "Outcome statements": str(len(data["outcomes"])),
        "Signatories": str(len(data["signatories"])),
        "Kite mark": kite_mark["name"] if kite_mark else "None",
    }


@partnership_page(manages_partnership)
def preview_upload(request: HttpRequest, slug: str) -> HttpResponse:
    partnership = request.partnership
    upload = request.session.get(UPLOAD_SESSION_KEY)
    if not upload or upload["slug"] != slug:
        messages.error(request, "Upload a charter file first")
        return redirect("charters:upload", slug)
    data = charter_file.read(upload["text"])
    published = services.charter_with_parts(partnership.charters.published()).first()
    if request.method == "POST":
        try:
            charter = services.import_charter(data, request.user, partnership=partnership, how="from an uploaded file")
        except charter_file.CharterFileError as error:
            messages.error(request, str(error.problems[0]))
            return redirect("charters:upload", slug)
        del request.session[UPLOAD_SESSION_KEY]
        messages.success(request, f"Version {charter.version} has been saved as a draft")
        return redirect(_draft_url(charter))
    new = _counts(data)
    old = _counts(services.charter_to_data(published)) if published else {}
    rows = [(label, old.get(label), count) for label, count in new.items()]
    replaces = Charter.objects.filter(partnership=partnership, version=data["charter"]["version"]).first()
    context = {
        "partnership": partnership,
        "data": data,
        "rows": rows,
        "published": published,
        "replaces": replaces,
    }
    return render(request, "charters/preview.html", context)


@partnership_page(manages_partnership)
def new_draft(request: HttpRequest, slug: str) -> HttpResponse:
    partnership = request.partnership
    published = services.charter_with_parts(partnership.charters.published()).first()
    if published is None:
        raise Http404("There is no published charter to copy.")
    form = forms.NewDraftForm(posted(request), partnership=partnership)
    if request.method == "POST" and form.is_valid():
        data = services.charter_to_data(published)
        data["charter"].update(version=form.cleaned_data["version"], published_on=None)
        charter = services.import_charter(
            data, request.user, partnership=partnership, how=f"as a copy of version {published.version}"
        )
        messages.success(request, f"Version {charter.version} has been made as a draft")
        return redirect(_draft_url(charter))
    context = {
        "form": form,
        "title": "Make a new draft",
        "caption": partnership.name,
        "intro": f"The draft starts as a copy of the published version {published.version}. "
        "Nothing changes for the public until you publish it.",
        "back": reverse("charters:manage", args=[slug]),
    }
    return render(request, "form_page.html", context)


@partnership_page(manages_partnership)
def edit_draft(request: HttpRequest, slug: str, version: str) -> HttpResponse:
    charter = charter_for_editor(request, version)
    charter = services.charter_with_parts(Charter.objects.filter(pk=charter.pk)).get()
    events = list(charter.events.select_related("actor", "removal")[:30])
    principles = {p.pk for p in charter.principles.all()}
    for event in events:
        removal = getattr(event, "removal", None)
        if removal is None or removal.restored_at is not None:
            continue
        if removal.kind == Removal.Kind.STATEMENT and removal.data["principle"] not in principles:
            continue  # It goes back into its principle: that has to be restored first.
        event.action_url = reverse("charters:restore", args=[slug, charter.version, removal.pk])
        event.action_text = f"Restore the {removal.get_kind_display().lower()} {removal.name}"
    return render(request, "charters/draft.html", {"charter": charter, "events": events})


def _confirm(request, charter: Charter, title: str, intro: str, button: str, back: str, **extra) -> HttpResponse:
    """The "Are you sure?" page a destructive action shows first: its button sends the POST."""
    context = {
        "title": title,
        "caption": f"{charter.title}, version {charter.version}",
        "intro": intro,
        "button": button,
        "destructive": True,
        "action": request.path,
        "back": back,
        **extra,
    }
    return render(request, "confirm_page.html", context)


def _removed(request, removal: Removal, what: str) -> None:
    """The success banner after a removal, with the way to undo it."""
    url = reverse("charters:restore", args=[request.partnership.slug, removal.charter.version, removal.pk])
    link = f"Restore the {removal.get_kind_display().lower()}"
    messages.success(
        request, format_html('{}. <a class="govuk-notification-banner__link" href="{}">{}</a>', what, url, link)
    )


def _form_page(request, form, title: str, charter: Charter, on_save, back: str | None = None) -> HttpResponse:
    """Show a form about a charter; on a valid POST run `on_save` and go back to the draft."""
    if request.method == "POST" and form.is_valid():
        with transaction.atomic():
            message = on_save(form)
            services.record(charter, request.user, message)
        messages.success(request, message)
        return redirect(back or _draft_url(charter))
    context = {
        "form": form,
        "title": title,
        "caption": f"{charter.title}, version {charter.version}",
        "back": back or _draft_url(charter),
    }
    return render(request, "form_page.html", context)


@partnership_page(manages_partnership)
def change_details(request: HttpRequest, slug: str, version: str) -> HttpResponse:
    charter = charter_for_editor(request, version)
    form = forms.CharterDetailsForm(posted(request), instance=charter)
    if request.method == "POST" and form.is_valid():
        with transaction.atomic():
            charter = form.save()
            services.record(charter, request.user, "Changed the charter's details")
        messages.success(request, "The charter's details have been saved")
        # The version may have changed, and with it the draft's address.
        return redirect(_draft_url(charter))
    return _form_page(request, form, "Change the charter's details", charter, on_save=None)


@partnership_page(manages_partnership)
def add_principle(request: HttpRequest, slug: str, version: str) -> HttpResponse:
    charter = charter_for_editor(request, version)
    form = forms.PrincipleForm(posted(request), charter=charter, instance=Principle(charter=charter))

    def save(form):
        form.instance.order = _next_order(charter.principles.all())
        principle = form.save()
        return f"Added the principle “{principle.title}”"

    return _form_page(request, form, "Add a principle", charter, save)


@partnership_page(manages_partnership)
def change_principle(request: HttpRequest, slug: str, version: str, pk: int) -> HttpResponse:
    principle = principle_for_editor(request, version, pk)
    form = forms.PrincipleForm(posted(request), charter=principle.charter, instance=principle)

    def save(form):
        form.save()
        return f"Changed the principle “{principle.title}”"

    return _form_page(request, form, "Change a principle", principle.charter, save)


@partnership_page(manages_partnership)
def remove_principle(request: HttpRequest, slug: str, version: str, pk: int) -> HttpResponse:
    principle = principle_for_editor(request, version, pk)
    charter = principle.charter
    if request.method == "POST":
        try:
            removal = services.remove_principle(principle, request.user)
        except services.CharterError as error:
            refuse(request, error)
        else:
            _removed(request, removal, removal.event.what)
        return redirect(_draft_url(charter))
    count = principle.commitments.count()
    statements = f"its {count} statement{'s' if count != 1 else ''}" if count else "it"
    return _confirm(
        request,
        charter,
        f"Are you sure you want to remove the principle “{principle}”?",
        f"The principle and {statements} will no longer be in this draft. Until the draft is published, "
        "you can restore them from the draft's timeline.",
        "Remove the principle",
        _draft_url(charter) + f"#principle-{principle.pk}",
    )


@require_POST
@partnership_page(manages_partnership)
def move_principle(request: HttpRequest, slug: str, version: str, pk: int) -> HttpResponse:
    principle = principle_for_editor(request, version, pk)
    _move(request, principle, principle.charter.principles.all(), principle.charter, f"“{principle.title}”")
    return redirect(_draft_url(principle.charter) + f"#principle-{principle.pk}")


def _next_order(items: QuerySet) -> int:
    last = items.order_by("-order").first()
    return last.order + 1 if last else 0


def _move(request, item: Model, siblings: QuerySet, charter: Charter, name: str) -> None:
    """Swap an item with its neighbour above or below."""
    up = request.POST.get("direction") == "up"
    neighbours = (
        siblings.filter(order__lt=item.order).order_by("-order")
        if up
        else siblings.filter(order__gt=item.order).order_by("order")
    )
    with transaction.atomic():
        neighbour = neighbours.first()
        if neighbour is None:
            return
        item.order, neighbour.order = neighbour.order, item.order
        item.save(update_fields=["order"])
        neighbour.save(update_fields=["order"])
        services.record(charter, request.user, f"Moved {name} {'up' if up else 'down'}")


@partnership_page(manages_partnership)
def add_commitment(request: HttpRequest, slug: str, version: str, pk: int) -> HttpResponse:
    principle = principle_for_editor(request, version, pk)
    form = forms.CommitmentForm(posted(request), instance=Commitment(principle=principle))

    def save(form):
        form.instance.order = _next_order(principle.commitments.all())
        form.save()
        return f"Added a statement to “{principle.title}”"

    back = _draft_url(principle.charter) + f"#principle-{principle.pk}"
    return _form_page(request, form, f"Add a statement to “{principle.title}”", principle.charter, save, back)


@partnership_page(manages_partnership)
def change_commitment(request: HttpRequest, slug: str, version: str, pk: int) -> HttpResponse:
    commitment = commitment_for_editor(request, version, pk)
    principle = commitment.principle
    form = forms.CommitmentForm(posted(request), instance=commitment)

    def save(form):
        form.save()
        return f"Changed a statement of “{principle.title}”"

    back = _draft_url(principle.charter) + f"#principle-{principle.pk}"
    return _form_page(request, form, "Change a statement", principle.charter, save, back)


@partnership_page(manages_partnership)
def remove_commitment(request: HttpRequest, slug: str, version: str, pk: int) -> HttpResponse:
    commitment = commitment_for_editor(request, version, pk)
    principle = commitment.principle
    back = _draft_url(principle.charter) + f"#principle-{principle.pk}"
    if request.method == "POST":
        try:
            removal = services.remove_commitment(commitment, request.user)
        except services.CharterError as error:
            refuse(request, error)
        else:
            _removed(request, removal, removal.event.what)
        return redirect(back)
    return _confirm(
        request,
        principle.charter,
        f"Are you sure you want to remove the statement “{Truncator(commitment.text).words(12)}”?",
        f"It will no longer be in the principle “{principle}” in this draft. Until the draft is published, "
        "you can restore it from the draft's timeline.",
        "Remove the statement",
        back,
    )


@require_POST
@partnership_page(manages_partnership)
def move_commitment(request: HttpRequest, slug: str, version: str, pk: int) -> HttpResponse:
    commitment = commitment_for_editor(request, version, pk)
    principle = commitment.principle
    _move(
        request,
        commitment,
        principle.commitments.all(),
        principle.charter,
        f"a statement of “{principle.title}”",
    )
    return redirect(_draft_url(principle.charter) + f"#principle-{principle.pk}")


def _signatories_back(charter: Charter) -> str:
    if charter.is_draft:
        return _draft_url(charter) + "#signatories"
    return reverse("charters:manage", args=[charter.partnership.slug])


@partnership_page(manages_partnership)
def add_signatory(request: HttpRequest, slug: str, version: str) -> HttpResponse:
    charter = charter_for_editor(request, version, allow_published=True)
    form = forms.SignatoryForm(posted(request), instance=Signatory(charter=charter))

    def save(form):
        form.instance.order = _next_order(charter.signatories.all())
        signatory = form.save()
        if not charter.is_draft:
            public_pages_changed(charter.partnership)
        return f"Recorded {signatory.name or signatory.organisation} as a signatory"

    return _form_page(request, form, "Record a signatory", charter, save, _signatories_back(charter))


@partnership_page(manages_partnership)
def remove_signatory(request: HttpRequest, slug: str, version: str, pk: int) -> HttpResponse:
    charter = charter_for_editor(request, version, allow_published=True)
    signatory = get_object_or_404(charter.signatories, pk=pk)
    who = signatory.name or signatory.organisation
    if request.method == "POST":
        with transaction.atomic():
            signatory.delete()
            message = f"Removed {who} from the signatories"
            services.record(charter, request.user, message)
            if not charter.is_draft:
                public_pages_changed(charter.partnership)
        messages.success(request, message)
        return redirect(_signatories_back(charter))
    shown = "The public will no longer see them as having signed the charter. " if not charter.is_draft else ""
    return _confirm(
        request,
        charter,
        f"Are you sure you want to remove {who} from the signatories of version {charter.version}?",
        f"{shown}To undo this, record them as a signatory again.",
        "Remove the signatory",
        _signatories_back(charter),
    )


@partnership_page(manages_partnership)
def publish_charter(request: HttpRequest, slug: str, version: str) -> HttpResponse:
    charter = charter_for_editor(request, version)
    current = charter.partnership.charters.published().first()
    if request.method == "POST":
        try:
            services.publish(charter, request.user)
        except services.CharterError as error:
            if error.code != error.CONFLICT:
                raise
            # Published a moment ago, by a double click or another admin.
            messages.success(request, f"Version {charter.version} has been published")
            return redirect("charters:charter", slug)
        messages.success(request, f"Version {charter.version} is now the published charter")
        return redirect("charters:charter", slug)
    return render(request, "charters/publish.html", {"charter": charter, "current": current})


@require_POST
@partnership_page(manages_partnership)
def adopt_default(request: HttpRequest, slug: str, version: str, part: str) -> HttpResponse:
    """Take a part the draft borrows from the portal's defaults as the charter's own."""
    charter = charter_for_editor(request, version)
    if part not in BORROWABLE_PARTS:
        raise Http404
    try:
        messages.success(request, services.adopt_default(charter, part, request.user))
    except services.CharterError as error:
        refuse(request, error)
    return redirect(_draft_url(charter) + "#defaults")


@partnership_page(manages_partnership)
def kite_mark_rule(request: HttpRequest, slug: str, version: str) -> HttpResponse:
    """Give the draft its own kite mark, or change it."""
    charter = charter_for_editor(request, version)
    existing = KiteMarkRule.objects.filter(charter=charter).first()
    form = forms.KiteMarkRuleForm(posted(request), instance=existing or KiteMarkRule(charter=charter))
    if request.method == "POST" and form.is_valid():
        try:
            message = services.set_kite_mark(charter, request.user, **form.cleaned_data)
        except services.CharterError as error:
            refuse_on_form(form, error)
        else:
            messages.success(request, message)
            return redirect(_draft_url(charter) + "#kite-mark")
    context = {
        "form": form,
        "title": "Change the kite mark" if existing else "Add a kite mark",
        "caption": f"{charter.title}, version {charter.version}",
        "intro": "The kite mark shows a project was truly co-produced. A project can earn it only when it ran "
        "at a level of the ladder that can earn it, involved families at every step and met every principle, "
        "and the groups you choose here signed it off.",
        "back": _draft_url(charter) + "#kite-mark",
    }
    return render(request, "form_page.html", context, status=400 if form.errors else 200)


@partnership_page(manages_partnership)
def remove_kite_mark(request: HttpRequest, slug: str, version: str) -> HttpResponse:
    charter = charter_for_editor(request, version)
    back = _draft_url(charter) + "#kite-mark"
    if request.method == "POST":
        try:
            messages.success(request, services.remove_kite_mark(charter, request.user))
        except services.CharterError as error:
            refuse(request, error)
        return redirect(back)
    rule = KiteMarkRule.objects.filter(charter=charter).first()
    if rule is None:
        raise Http404("This draft has no kite mark.")
    return _confirm(
        request,
        charter,
        f"Are you sure you want to remove the kite mark from version {charter.version}?",
        f"Once this version is published, its projects cannot apply for the “{rule.name}” until you add a kite "
        "mark again. To undo this, add the kite mark again with the same choices.",
        "Remove the kite mark",
        back,
    )


@partnership_page(manages_partnership)
def delete_draft(request: HttpRequest, slug: str, version: str) -> HttpResponse:
    partnership = request.partnership
    if request.method != "POST":
        charter = charter_for_editor(request, version)
        return _confirm(
            request,
            charter,
            f"Are you sure you want to delete the draft version {version}?",
            "Its principles, statements, signatories and everything else in it will be deleted. The published "
            "charter does not change. The draft's timeline is kept.",
            f"Delete the draft version {version}",
            _draft_url(charter),
            warning="You cannot undo this.",
        )
    with transaction.atomic():
        charter = (
            Charter.objects.select_for_update()
            .filter(partnership=partnership, version=version, status=Charter.Status.DRAFT)
            .first()
        )
        if charter is None:
            # Deleted a moment ago (a double click), or published meanwhile: show where things stand.
            messages.success(request, f"The draft version {version} is no longer a draft")
            return redirect("charters:manage", slug)
        charter.delete()
        services.record(None, request.user, f"Deleted the draft version {version}", partnership=partnership)
    messages.success(request, f"The draft version {version} has been deleted")
    return redirect("charters:manage", slug)


@partnership_page(manages_partnership)
def restore(request: HttpRequest, slug: str, version: str, pk: int) -> HttpResponse:
    """Put back a principle or statement removed from the draft, as the banner and the timeline offer."""
    charter = charter_for_editor(request, version)
    removal = get_object_or_404(charter.removals.select_related("charter"), pk=pk)
    if request.method == "POST":
        try:
            principle, what = services.restore(removal, request.user)
        except services.CharterError as error:
            refuse(request, error)
            return redirect(_draft_url(charter) + "#timeline")
        messages.success(request, what)
        return redirect(_draft_url(charter) + f"#principle-{principle.pk}")
    problem = services.restore_problem(removal)
    if problem is not None:
        refuse(request, problem)
        return redirect(_draft_url(charter) + "#timeline")
    kind = removal.get_kind_display().lower()
    if removal.kind == Removal.Kind.PRINCIPLE:
        count = len(removal.data["commitments"])
        where = f"It goes back where it was, with its {count} statement{'s' if count != 1 else ''}."
    else:
        where = f"It goes back where it was in the principle “{removal.data['principle_name']}”."
    context = {
        "title": f"Restore the {kind} {removal.name}?",
        "caption": f"{charter.title}, version {charter.version}",
        "intro": where,
        "button": f"Restore the {kind}",
        "action": request.path,
        "back": _draft_url(charter) + "#timeline",
    }
    return render(request, "confirm_page.html", context)
