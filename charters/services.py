"""Charter state changes: importing a file, publishing, editing a draft.

Each runs in one transaction and writes the charter's timeline.
"""

from django.db import transaction
from django.db.models import F
from django.utils import timezone
from django.utils.text import Truncator

from charter_portal.errors import RuleError
from charter_portal.public_cache import public_pages_changed, site_pages_changed
from charters.charter_file import DAY, CharterFileError, GivenDate, Problem, in_heading_order
from charters.models import (
    BORROWABLE_PARTS,
    Charter,
    CharterCaseStudy,
    CharterEvent,
    CharterSection,
    Commitment,
    Consideration,
    KiteMarkRule,
    MeetingStandard,
    OutcomeStatement,
    ParticipationLevel,
    Partnership,
    PlanOutcome,
    Principle,
    Removal,
    ReviewQuestion,
    Signatory,
    StageQuestion,
    Theme,
)


class CharterError(RuleError):
    """A change the charter's state does not allow."""


def record(charter: Charter | None, actor, what: str, partnership: Partnership | None = None) -> CharterEvent:
    return CharterEvent.objects.create(
        partnership=partnership or charter.partnership, charter=charter, actor=actor, what=what
    )


def find_partnership(data: dict, partnership: Partnership | None = None) -> Partnership:
    if partnership is not None:
        return partnership
    found, made = Partnership.objects.get_or_create(
        slug=data["partnership"]["slug"], defaults={"name": data["partnership"]["name"]}
    )
    if made:
        # The home page lists every area.
        site_pages_changed()
    return found


def import_charter(
    data: dict,
    actor=None,
    *,
    partnership: Partnership | None = None,
    publish_it: bool = False,
    how: str = "from a file",
) -> Charter:
    """Save checked charter data as a new draft version of the partnership's charter.

    A draft of the same version is replaced; a published or superseded
    version is never overwritten. Nothing is written unless all of it is.
    """
    with transaction.atomic():
        partnership = find_partnership(data, partnership)
        version = data["charter"]["version"]
        existing = Charter.objects.filter(partnership=partnership, version=version).first()
        if existing is not None and not existing.is_draft:
            raise CharterFileError(
                [
                    Problem(
                        None,
                        "charter.version",
                        f"version {version} of the {partnership.name} charter is already "
                        f"{existing.get_status_display().lower()}; give the new file another version",
                    )
                ]
            )
        if existing is not None:
            existing.delete()
        charter = Charter.objects.create(
            partnership=partnership,
            status=Charter.Status.DRAFT,
            borrowed=data["borrowed"],
            borrowed_from=data["borrowed_from"],
            **_charter_fields(data["charter"]),
        )
        _create_parts(charter, data)
        record(charter, actor, f"Draft version {version} made {how}")
        if publish_it:
            # A file's own publication date, or none: an import does not invent one.
            charter = publish(charter, actor, date_it=False)
    return charter


def _date_fields(name: str, given: GivenDate | None) -> dict:
    """A GivenDate as the model's two columns: the date, and how much of it the charter gave."""
    if given is None:
        return {name: None}
    return {name: given.date, f"{name}_precision": given.precision}


def _charter_fields(charter: dict) -> dict:
    fields = {k: v for k, v in charter.items() if k not in ("published_on", "review_due_on")}
    return (
        fields
        | _date_fields("published_on", charter["published_on"])
        | _date_fields("review_due_on", charter["review_due_on"])
    )


def _given(day, precision: str) -> GivenDate | None:
    return None if day is None else GivenDate(day, precision or DAY)


def _create_parts(charter: Charter, data: dict) -> None:
    themes = Theme.objects.bulk_create(
        Theme(charter=charter, order=i, key=t["key"], name=t["name"], statements=t["statements"])
        for i, t in enumerate(data["themes"])
    )
    theme_by_key = {t.key: t for t in themes}
    principles = Principle.objects.bulk_create(
        Principle(charter=charter, order=i, title=p["title"], summary=p["summary"])
        for i, p in enumerate(data["principles"])
    )
    Commitment.objects.bulk_create(
        Commitment(principle=principle, order=j, text=c["text"], kind=c["kind"])
        for principle, p in zip(principles, data["principles"], strict=True)
        for j, c in enumerate(p["commitments"])
    )
    Principle.themes.through.objects.bulk_create(
        Principle.themes.through(principle=principle, theme=theme_by_key[key])
        for principle, p in zip(principles, data["principles"], strict=True)
        for key in p["themes"]
    )
    ParticipationLevel.objects.bulk_create(
        ParticipationLevel(charter=charter, order=i, **level) for i, level in enumerate(data["levels"])
    )
    StageQuestion.objects.bulk_create(
        StageQuestion(charter=charter, stage=stage, question=question)
        for stage, question in data["stage_questions"].items()
    )
    Consideration.objects.bulk_create(
        Consideration(charter=charter, order=i, **c) for i, c in enumerate(data["considerations"])
    )
    if data["meeting_standard"]:
        MeetingStandard.objects.create(charter=charter, **data["meeting_standard"])
    ReviewQuestion.objects.bulk_create(
        ReviewQuestion(charter=charter, order=i, section=section["section"], text=q["text"], answer=q["answer"])
        for i, (section, q) in enumerate(
            (section, q) for section in data["review_questions"] for q in section["questions"]
        )
    )
    outcomes = OutcomeStatement.objects.bulk_create(
        OutcomeStatement(charter=charter, order=i, statement=o["statement"], indicators=o["indicators"])
        for i, o in enumerate(data["outcomes"])
    )
    OutcomeStatement.themes.through.objects.bulk_create(
        OutcomeStatement.themes.through(outcomestatement=outcome, theme=theme_by_key[key])
        for outcome, o in zip(outcomes, data["outcomes"], strict=True)
        for key in o["themes"]
    )
    CharterSection.objects.bulk_create(
        CharterSection(charter=charter, order=i, **section) for i, section in enumerate(data["sections"])
    )
    PlanOutcome.objects.bulk_create(PlanOutcome(charter=charter, order=i, **o) for i, o in enumerate(data["plan"]))
    CharterCaseStudy.objects.bulk_create(
        CharterCaseStudy(charter=charter, order=i, **c) for i, c in enumerate(data["case_studies"])
    )
    Signatory.objects.bulk_create(
        Signatory(
            charter=charter,
            order=i,
            **{k: v for k, v in s.items() if k != "signed_on"},
            **_date_fields("signed_on", s["signed_on"]),
        )
        for i, s in enumerate(data["signatories"])
    )
    if data["kite_mark"]:
        KiteMarkRule.objects.create(charter=charter, **data["kite_mark"])


def charter_with_parts(queryset):
    """Everything a charter page shows, in a fixed number of queries."""
    return queryset.select_related("partnership", "meeting_standard", "kite_mark").prefetch_related(
        "themes__principles",
        "principles__themes",
        "principles__commitments",
        "sections",
        "plan",
        "case_studies",
        "levels",
        "stage_questions",
        "considerations",
        "review_questions",
        "outcomes__themes",
        "signatories",
    )


def charter_to_data(charter: Charter) -> dict:
    """The charter as the plain data of the charter/1 format."""
    standard = getattr(charter, "meeting_standard", None)
    kite_mark = getattr(charter, "kite_mark", None)
    sections: dict[str, list[dict]] = {}
    for question in charter.review_questions.all():
        sections.setdefault(question.section, []).append({"text": question.text, "answer": question.answer})
    stage_order = [s.value for s in StageQuestion.Stage]
    return {
        "partnership": {"name": charter.partnership.name, "slug": charter.partnership.slug},
        "charter": {
            "title": charter.title,
            "version": charter.version,
            "published_on": _given(charter.published_on, charter.published_on_precision),
            "review_due_on": _given(charter.review_due_on, charter.review_due_on_precision),
            "summary": charter.summary,
            "vision": charter.vision,
            "definition": charter.definition,
            "source": charter.source,
            "numbered": charter.numbered,
            "headings": in_heading_order(charter.headings),
        },
        "borrowed": list(charter.borrowed),
        "borrowed_from": charter.borrowed_from,
        "themes": [{"key": t.key, "name": t.name, "statements": t.statements} for t in charter.themes.all()],
        "principles": [
            {
                "title": p.title,
                "summary": p.summary,
                "themes": [t.key for t in p.themes.all()],
                "commitments": [{"text": c.text, "kind": c.kind} for c in p.commitments.all()],
            }
            for p in charter.principles.all()
        ],
        "sections": [{"heading": x.heading, "body": x.body, "place": x.place} for x in charter.sections.all()],
        "levels": [
            {"name": lv.name, "group": lv.group, "kite_mark": lv.kite_mark, "description": lv.description}
            for lv in charter.levels.all()
        ],
        "stage_questions": {
            q.stage: q.question for q in sorted(charter.stage_questions.all(), key=lambda q: stage_order.index(q.stage))
        },
        "considerations": [
            {"key": c.key, "name": c.name, "question": c.question} for c in charter.considerations.all()
        ],
        "meeting_standard": {
            "earliest_start": standard.earliest_start,
            "latest_end": standard.latest_end,
            "max_minutes": standard.max_minutes,
            "min_notice_days": standard.min_notice_days,
            "papers_notice_days": standard.papers_notice_days,
        }
        if standard
        else None,
        "review_questions": [{"section": s, "questions": qs} for s, qs in sections.items()],
        "outcomes": [
            {"statement": o.statement, "indicators": o.indicators, "themes": [t.key for t in o.themes.all()]}
            for o in charter.outcomes.all()
        ],
        "plan": [
            {
                "outcome": o.outcome,
                "priority": o.priority,
                "steps": o.steps,
                "timescale": o.timescale,
                "difference": o.difference,
            }
            for o in charter.plan.all()
        ],
        "case_studies": [
            {"title": c.title, "level": c.level, "summary": c.summary, "quotes": c.quotes}
            for c in charter.case_studies.all()
        ],
        "signatories": [
            {
                "organisation": s.organisation,
                "kind": s.kind,
                "name": s.name,
                "role": s.role,
                "signed_on": _given(s.signed_on, s.signed_on_precision),
            }
            for s in charter.signatories.all()
        ],
        "kite_mark": {
            "name": kite_mark.name,
            "statement": kite_mark.statement,
            "sign_off_by": kite_mark.sign_off_by,
            "min_family_reviews": kite_mark.min_family_reviews,
        }
        if kite_mark
        else None,
    }


def publish(charter: Charter, actor, date_it: bool = True) -> Charter:
    """Publish a draft; the version it replaces becomes superseded.

    A draft without a publication date is given today's, unless `date_it` is off.
    """
    with transaction.atomic():
        charter = Charter.objects.select_for_update().get(pk=charter.pk)
        if not charter.is_draft:
            raise CharterError("Only a draft can be published.", CharterError.CONFLICT)
        current = (
            Charter.objects.select_for_update()
            .filter(partnership=charter.partnership_id, status=Charter.Status.PUBLISHED)
            .first()
        )
        if current is not None:
            current.status = Charter.Status.ARCHIVED
            current.save(update_fields=["status", "updated_at"])
            record(current, actor, f"Superseded by version {charter.version}")
        charter.status = Charter.Status.PUBLISHED
        if charter.published_on is None and date_it:
            charter.published_on = timezone.localdate()
            charter.published_on_precision = DAY
        charter.save(update_fields=["status", "published_on", "published_on_precision", "updated_at"])
        record(charter, actor, f"Published version {charter.version}")
        # The area's page and charter pages show it, and the version it replaces says it is superseded.
        public_pages_changed(charter.partnership)
    return charter


def adopt_default(charter: Charter, part: str, actor) -> str:
    """Make a part the draft takes from the portal's defaults the charter's own: from now on it is
    shown and written out as the partnership's, without the note. Returns what was done, in words."""
    with transaction.atomic():
        charter = Charter.objects.select_for_update().get(pk=charter.pk)
        if not charter.is_draft:
            raise CharterError("Only a draft can adopt a part: make a new draft first.", CharterError.CONFLICT)
        if part not in charter.borrowed:
            raise CharterError("This draft already sets that part itself.", CharterError.CONFLICT)
        words = BORROWABLE_PARTS[part]
        source = charter.borrowed_from
        charter.borrowed = [p for p in charter.borrowed if p != part]
        if not charter.borrowed:
            charter.borrowed_from = ""
        charter.save(update_fields=["borrowed", "borrowed_from", "updated_at"])
        what = f"Adopted the {words} as this charter's own (they were {source})"
        record(charter, actor, what)
    return what


def set_kite_mark(charter: Charter, actor, *, name: str, statement: str, sign_off_by: list, min_family_reviews: int):
    """Give a draft its own kite-mark rule, or change it. Returns what was done, in words."""
    with transaction.atomic():
        charter = Charter.objects.select_for_update().get(pk=charter.pk)
        if not charter.is_draft:
            raise CharterError("Only a draft's kite mark can change: make a new draft first.", CharterError.CONFLICT)
        rule, made = KiteMarkRule.objects.update_or_create(
            charter=charter,
            defaults={
                "name": name,
                "statement": statement,
                "sign_off_by": list(sign_off_by),
                "min_family_reviews": min_family_reviews,
            },
        )
        reviews = f"{min_family_reviews} family review{'s' if min_family_reviews != 1 else ''}"
        done = "Added" if made else "Changed"
        what = f"{done} the kite mark “{name}”: signed off by the {rule.sign_off_groups}, {reviews}"
        record(charter, actor, what)
    return what


def remove_kite_mark(charter: Charter, actor) -> str:
    with transaction.atomic():
        charter = Charter.objects.select_for_update().get(pk=charter.pk)
        if not charter.is_draft:
            raise CharterError("Only a draft's kite mark can be removed.", CharterError.CONFLICT)
        rule = KiteMarkRule.objects.filter(charter=charter).first()
        if rule is None:
            raise CharterError("This draft has no kite mark.", CharterError.CONFLICT)
        rule.delete()
        what = f"Removed the kite mark “{rule.name}”"
        record(charter, actor, what)
    return what


# Removing a principle or a statement from a draft, and putting it back. The rows are deleted (so
# nothing that reads a charter can show them by mistake) and what they held is kept on a Removal,
# with the timeline line that says so; restoring makes them again, with their own ids where those
# are free (always, as ids are never reused), in the place they had.


def _lock_draft(charter_id: int) -> Charter:
    charter = Charter.objects.select_for_update().get(pk=charter_id)
    if not charter.is_draft:
        raise CharterError("Only a draft can change: make a new draft first.", CharterError.CONFLICT)
    return charter


def _quoted(text: str) -> str:
    return f"“{Truncator(text).words(12)}”"


def remove_principle(principle: Principle, actor) -> Removal:
    """Remove a principle of a draft and its statements, keeping them to restore."""
    with transaction.atomic():
        charter = _lock_draft(principle.charter_id)
        principle = (
            Principle.objects.filter(charter=charter, pk=principle.pk).prefetch_related("themes", "commitments").first()
        )
        if principle is None:
            raise CharterError("This principle has already been removed.", CharterError.CONFLICT)
        data = {
            "pk": principle.pk,
            "order": principle.order,
            "title": principle.title,
            "summary": principle.summary,
            "themes": [t.key for t in principle.themes.all()],
            "commitments": [
                {"pk": c.pk, "order": c.order, "text": c.text, "kind": c.kind} for c in principle.commitments.all()
            ],
        }
        principle.delete()
        event = record(charter, actor, f"Removed the principle {_quoted(str(principle))}")
        return Removal.objects.create(charter=charter, event=event, kind=Removal.Kind.PRINCIPLE, data=data)


def remove_commitment(commitment: Commitment, actor) -> Removal:
    """Remove a statement of a draft's principle, keeping it to restore."""
    with transaction.atomic():
        charter = _lock_draft(commitment.principle.charter_id)
        commitment = (
            Commitment.objects.select_related("principle").filter(principle__charter=charter, pk=commitment.pk).first()
        )
        if commitment is None:
            raise CharterError("This statement has already been removed.", CharterError.CONFLICT)
        principle = commitment.principle
        data = {
            "pk": commitment.pk,
            "principle": principle.pk,
            "principle_name": str(principle),
            "order": commitment.order,
            "text": commitment.text,
            "kind": commitment.kind,
        }
        commitment.delete()
        event = record(
            charter, actor, f"Removed the statement {_quoted(commitment.text)} from {_quoted(str(principle))}"
        )
        return Removal.objects.create(charter=charter, event=event, kind=Removal.Kind.STATEMENT, data=data)


def restore_problem(removal: Removal) -> CharterError | None:
    """Why what was removed cannot be put back now, or None if it can."""
    if removal.restored_at is not None:
        return CharterError(f"{removal.name} has already been restored.", CharterError.CONFLICT)
    if not removal.charter.is_draft:
        return CharterError("Only a draft can have things restored: make a new draft first.", CharterError.CONFLICT)
    if (
        removal.kind == Removal.Kind.STATEMENT
        and not Principle.objects.filter(charter=removal.charter_id, pk=removal.data["principle"]).exists()
    ):
        return CharterError(
            f"The principle {_quoted(removal.data['principle_name'])} this statement was in has been removed. "
            "Restore the principle first, then the statement.",
            CharterError.CONFLICT,
        )
    return None


def restore(removal: Removal, actor) -> tuple[Principle, str]:
    """Put a removed principle (with its statements) or statement back where it was.
    Returns the principle it is in, and what was done in words."""
    with transaction.atomic():
        charter = Charter.objects.select_for_update().get(pk=removal.charter_id)
        removal = Removal.objects.select_for_update().get(pk=removal.pk)
        removal.charter = charter
        problem = restore_problem(removal)
        if problem is not None:
            raise problem
        if removal.kind == Removal.Kind.PRINCIPLE:
            principle = _restore_principle(charter, removal.data)
            what = f"Restored the principle {_quoted(str(principle))}"
        else:
            principle = _restore_commitment(charter, removal.data)
            what = f"Restored the statement {_quoted(removal.data['text'])} to {_quoted(str(principle))}"
        removal.restored_at = timezone.now()
        removal.save(update_fields=["restored_at"])
        record(charter, actor, what)
    return principle, what


def _free_pk(model, pk: int) -> int | None:
    return None if model.objects.filter(pk=pk).exists() else pk


def _make_room(siblings, order: int) -> None:
    """Let an item go back at `order`: what has taken its place since moves down one."""
    if siblings.filter(order=order).exists():
        siblings.filter(order__gte=order).update(order=F("order") + 1)


def _restore_principle(charter: Charter, data: dict) -> Principle:
    _make_room(charter.principles.all(), data["order"])
    principle = Principle.objects.create(
        pk=_free_pk(Principle, data["pk"]),
        charter=charter,
        order=data["order"],
        title=data["title"],
        summary=data["summary"],
    )
    principle.themes.set(charter.themes.filter(key__in=data["themes"]))
    Commitment.objects.bulk_create(
        Commitment(
            pk=_free_pk(Commitment, c["pk"]), principle=principle, order=c["order"], text=c["text"], kind=c["kind"]
        )
        for c in data["commitments"]
    )
    if principle.pk != data["pk"]:
        # Statements removed from it before it was removed go back into it as it is now.
        for removal in charter.removals.filter(kind=Removal.Kind.STATEMENT, restored_at=None):
            if removal.data["principle"] == data["pk"]:
                removal.data["principle"] = principle.pk
                removal.save(update_fields=["data"])
    return principle


def _restore_commitment(charter: Charter, data: dict) -> Principle:
    principle = Principle.objects.get(charter=charter, pk=data["principle"])
    _make_room(principle.commitments.all(), data["order"])
    Commitment.objects.create(
        pk=_free_pk(Commitment, data["pk"]),
        principle=principle,
        order=data["order"],
        text=data["text"],
        kind=data["kind"],
    )
    return principle
