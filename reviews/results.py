"""Review results: each question's answers, families and professionals side by side."""

from dataclasses import dataclass, field

from django.db.models import Count

from projects.models import Member
from reviews.models import Answer, ReviewAnswer

BAR_WIDTH = 300
# GOV.UK's green, blue, red and dark grey. Each answer also has its own pattern (reviews/includes/
# answer_patterns.svg) and a white line between segments, so no one needs to tell the colours apart:
# each colour has a contrast of 3:1 or more with the white line beside it.
COLOURS = {Answer.YES: "#00703c", Answer.PARTLY: "#1d70b8", Answer.NO: "#d4351c", Answer.NOT_SURE: "#505a5f"}


@dataclass
class GroupCounts:
    label: str
    counts: dict[str, int] = field(default_factory=dict)

    @property
    def total(self) -> int:
        return sum(self.counts.values())

    def share(self, answer: str) -> float:
        return self.counts.get(answer, 0) / self.total if self.total else 0.0

    @property
    def bars(self) -> list[dict]:
        """Segments of a stacked bar, for the SVG chart."""
        x, segments = 0, []
        for value, label in Answer.choices:
            width = round(self.share(value) * BAR_WIDTH)
            if width:
                segments.append(
                    {
                        "x": x,
                        "width": width,
                        "colour": COLOURS[value],
                        "fill": f"url(#answer-{value})",
                        "label": label,
                        "count": self.counts.get(value, 0),
                    }
                )
            x += width
        return segments

    @property
    def in_words(self) -> str:
        """The counts as a sentence, for the chart's name: "3 yes, 1 partly" (or "no answers yet")."""
        said = [f"{self.counts[value]} {label.lower()}" for value, label in Answer.choices if self.counts.get(value)]
        return ", ".join(said) if said else "no answers yet"

    @property
    def rows(self) -> list[tuple[str, int]]:
        return [(label, self.counts.get(value, 0)) for value, label in Answer.choices]


@dataclass
class QuestionResult:
    question: object
    families: GroupCounts
    professionals: GroupCounts
    comments: list

    @property
    def in_words(self) -> bool:
        return self.question.in_words

    @property
    def family_words(self) -> list:
        """Written answers from families, for an open question."""
        return [a for a in self.comments if a.member.kind == Member.Kind.FAMILY]

    @property
    def professional_words(self) -> list:
        return [a for a in self.comments if a.member.kind != Member.Kind.FAMILY]

    @property
    def gap(self) -> bool:
        """Families and professionals see it differently: families said no where professionals said yes,
        or the share answering yes differs by half or more."""
        return not self.in_words and answers_differ(self.families, self.professionals)


def answers_differ(f: GroupCounts, p: GroupCounts) -> bool:
    """Families said no where professionals said yes, or the share answering yes differs by half or more."""
    if not (f.total and p.total):
        return False
    if f.counts.get(Answer.NO, 0) and p.share(Answer.YES) >= 0.5:
        return True
    return abs(f.share(Answer.YES) - p.share(Answer.YES)) >= 0.5


def review_results(project) -> list[QuestionResult]:
    counts: dict = {}
    for row in (
        ReviewAnswer.objects.filter(project=project)
        .exclude(answer="")
        .values("question_id", "member__kind", "answer")
        .annotate(n=Count("id"))
        .order_by()
    ):
        counts.setdefault((row["question_id"], row["member__kind"]), {})[row["answer"]] = row["n"]
    comments: dict = {}
    for answer in ReviewAnswer.objects.filter(project=project).exclude(comment="").select_related("member"):
        comments.setdefault(answer.question_id, []).append(answer)
    return [
        QuestionResult(
            question=question,
            families=GroupCounts("Families", counts.get((question.pk, Member.Kind.FAMILY), {})),
            professionals=GroupCounts("Professionals", counts.get((question.pk, Member.Kind.PROFESSIONAL), {})),
            comments=comments.get(question.pk, []),
        )
        for question in project.charter.review_questions.all()
    ]
