from django.db import models
from django.utils.text import Truncator

from charter_portal.formats import clock, duration, in_sentence
from charter_portal.models import TimelineEvent
from charter_portal.slugs import validate_partnership_slug


class Partnership(models.Model):
    """A SEND Local Area Partnership: one local area's council, NHS, schools,
    parent carer forum and young people's groups working together."""

    name = models.CharField(max_length=120, unique=True)
    slug = models.SlugField(max_length=60, unique=True, validators=[validate_partnership_slug])
    response_target_days = models.PositiveIntegerField(
        "Working days to answer feedback", default=20, help_text="Weekends and bank holidays do not count."
    )
    # How long personal data is kept (UK GDPR Article 5(1)(e)); the daily run removes it after
    # (README: Retention), and the privacy notice states these numbers. Limits in RETENTION_LIMITS.
    feedback_retention_months = models.PositiveSmallIntegerField(
        "Months to keep feedback's private text and contact details after it is closed", default=24
    )
    account_retention_months = models.PositiveSmallIntegerField(
        "Months before an account nobody has signed in to is erased", default=24
    )
    paper_retention_months = models.PositiveSmallIntegerField(
        "Months to keep meeting papers after a project is complete", default=24
    )
    invitation_retention_days = models.PositiveSmallIntegerField(
        "Days to keep an invitation after it expires", default=30
    )
    privacy_contact = models.CharField(
        "How to contact the data protection officer",
        max_length=254,
        blank=True,
        help_text="An email address, phone number or postal address, shown in the privacy notice.",
    )
    created_at = models.DateTimeField(auto_now_add=True)

    # (least, most) for each retention setting: an admin chooses within them.
    RETENTION_LIMITS = {
        "feedback_retention_months": (6, 72),
        "account_retention_months": (12, 72),
        "paper_retention_months": (6, 72),
        "invitation_retention_days": (7, 365),
    }

    class Meta:
        ordering = ["name"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(feedback_retention_months__range=(6, 72)),
                name="partnership_feedback_retention_range",
            ),
            models.CheckConstraint(
                condition=models.Q(account_retention_months__range=(12, 72)), name="partnership_account_retention_range"
            ),
            models.CheckConstraint(
                condition=models.Q(paper_retention_months__range=(6, 72)), name="partnership_paper_retention_range"
            ),
            models.CheckConstraint(
                condition=models.Q(invitation_retention_days__range=(7, 365)),
                name="partnership_invitation_retention_range",
            ),
        ]

    def __str__(self) -> str:
        return self.name


class OrganisationKind(models.TextChoices):
    COUNCIL = "council", "Council"
    NHS = "nhs", "NHS"
    EDUCATION = "education", "Education"
    FORUM = "forum", "Parent carer forum"
    YOUNG_PEOPLE = "young-people", "Young people's group"
    VOLUNTARY = "voluntary", "Voluntary sector"


class Organisation(models.Model):
    """An organisation taking part in a partnership."""

    Kind = OrganisationKind

    partnership = models.ForeignKey(Partnership, on_delete=models.CASCADE, related_name="organisations")
    name = models.CharField(max_length=200)
    kind = models.CharField(max_length=20, choices=Kind.choices)

    class Meta:
        ordering = ["partnership__name", "name"]
        constraints = [
            models.UniqueConstraint(fields=["partnership", "name"], name="organisation_unique_per_partnership"),
            models.CheckConstraint(
                condition=models.Q(kind__in=OrganisationKind.values),
                name="organisation_kind_valid",
            ),
        ]

    def __str__(self) -> str:
        return self.name


class CharterQuerySet(models.QuerySet):
    def published(self) -> "CharterQuerySet":
        return self.filter(status=Charter.Status.PUBLISHED)

    def public(self) -> "CharterQuerySet":
        """Versions anyone may read: the published one and those it replaced."""
        return self.filter(status__in=[Charter.Status.PUBLISHED, Charter.Status.ARCHIVED])


class DatePrecision(models.TextChoices):
    """How much of a date the charter gives: a day, or only a month ("February 2023")."""

    DAY = "day", "Day"
    MONTH = "month", "Month"


def as_given(day, precision: str) -> str:
    """A date in words, as precisely as it was given: "1 February 2023" or "February 2023"."""
    if day is None:
        return ""
    return f"{day:%B %Y}" if precision == DatePrecision.MONTH else f"{day.day} {day:%B %Y}"


class CharterStatus(models.TextChoices):
    DRAFT = "draft", "Draft"
    PUBLISHED = "published", "Published"
    ARCHIVED = "archived", "Superseded"


# The parts a project needs that a charter may leave to the portal's defaults, in words.
BORROWABLE_PARTS = {
    "levels": "ways of working together (the ladder)",
    "stage_questions": "questions for each step of a project",
    "considerations": "questions every project answers at the start",
    "review_questions": "review questions",
}


class Charter(models.Model):
    """One version of a partnership's co-production charter."""

    Status = CharterStatus

    partnership = models.ForeignKey(Partnership, on_delete=models.CASCADE, related_name="charters")
    title = models.CharField(max_length=200)
    version = models.CharField(max_length=40)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.DRAFT)
    published_on = models.DateField(null=True, blank=True)
    published_on_precision = models.CharField(max_length=5, choices=DatePrecision.choices, default=DatePrecision.DAY)
    review_due_on = models.DateField(null=True, blank=True)
    review_due_on_precision = models.CharField(max_length=5, choices=DatePrecision.choices, default=DatePrecision.DAY)
    # "In short": the charter in a few plain sentences, shown first.
    summary = models.TextField(blank=True)
    vision = models.TextField(blank=True)
    definition = models.TextField(blank=True)
    source = models.URLField(max_length=500, blank=True)
    # Principles shown with their numbers, as the charter numbers them (Hounslow's 1 to 10).
    numbered = models.BooleanField(default=False)
    # The charter's own heading for a kind of statement: {"how": "We will achieve this by:"}.
    headings = models.JSONField(default=dict, blank=True)
    # The parts a project needs that this charter does not set (levels, stage_questions,
    # considerations, review_questions): the portal's defaults, never shown as the charter's own.
    borrowed = models.JSONField(default=list, blank=True)
    # Whose they are, in words: "Wirral's, from the Wirral SEND Co-production Charter (2023)".
    borrowed_from = models.CharField(max_length=200, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = CharterQuerySet.as_manager()

    class Meta:
        ordering = ["partnership__name", "-created_at"]
        constraints = [
            models.UniqueConstraint(fields=["partnership", "version"], name="charter_version_unique"),
            models.UniqueConstraint(
                fields=["partnership"],
                condition=models.Q(status=CharterStatus.PUBLISHED),
                name="charter_one_published_per_partnership",
            ),
            models.CheckConstraint(
                condition=models.Q(status__in=CharterStatus.values),
                name="charter_status_valid",
            ),
        ]
        indexes = [models.Index(fields=["partnership", "status"])]

    def __str__(self) -> str:
        return f"{self.title} (version {self.version})"

    @property
    def is_draft(self) -> bool:
        return self.status == self.Status.DRAFT

    @property
    def published_in_words(self) -> str:
        return as_given(self.published_on, self.published_on_precision)

    @property
    def review_due_in_words(self) -> str:
        return as_given(self.review_due_on, self.review_due_on_precision)

    @property
    def borrowed_notes(self) -> dict[str, str]:
        """For each part this charter leaves to the defaults, the sentence that says so wherever the
        part is shown: {"review_questions": "This charter does not set its own review questions; ..."}."""
        return {
            part: f"This charter does not set its own {words}; we use {self.borrowed_from}."
            for part, words in BORROWABLE_PARTS.items()
            if part in self.borrowed
        }

    def review_overdue(self, today) -> bool:
        """Past its review date: for a month, once the month is over."""
        due = self.review_due_on
        if due is None:
            return False
        if self.review_due_on_precision == DatePrecision.MONTH:
            return (today.year, today.month) > (due.year, due.month)
        return today > due

    def heading_for(self, kind: str) -> str:
        """The heading over a run of statements of this kind: the charter's own words, else the
        kind's name; plain statements have none."""
        if kind == CommitmentKind.STATEMENT:
            return ""
        return self.headings.get(kind) or CommitmentKind(kind).label


class Theme(models.Model):
    """A grouping of principles, such as one of Wirral's four cornerstones."""

    charter = models.ForeignKey(Charter, on_delete=models.CASCADE, related_name="themes")
    order = models.PositiveIntegerField()
    key = models.SlugField(max_length=60)
    name = models.CharField(max_length=200)
    statements = models.JSONField(default=list, blank=True)

    class Meta:
        ordering = ["order"]
        constraints = [
            models.UniqueConstraint(fields=["charter", "key"], name="theme_key_unique"),
        ]

    def __str__(self) -> str:
        return self.name


class Principle(models.Model):
    """One of the charter's principles. Some charters give each a title; some (Wigan's, Kent's) only
    a sentence, kept as the summary."""

    charter = models.ForeignKey(Charter, on_delete=models.CASCADE, related_name="principles")
    order = models.PositiveIntegerField()
    title = models.CharField(max_length=300, blank=True)
    summary = models.TextField(blank=True)
    themes = models.ManyToManyField(Theme, blank=True, related_name="principles")

    class Meta:
        ordering = ["order"]
        indexes = [models.Index(fields=["charter", "order"])]

    def __str__(self) -> str:
        return self.title or self.summary[:80]

    @property
    def number(self) -> int:
        return self.order + 1

    def commitment_groups(self) -> list[tuple[str, list["Commitment"]]]:
        """The statements in the charter's order, a heading wherever the kind changes
        (none over plain statements)."""
        groups: list[tuple[str, list]] = []
        previous = None
        for commitment in self.commitments.all():
            if commitment.kind != previous:
                groups.append((self.charter.heading_for(commitment.kind), []))
                previous = commitment.kind
            groups[-1][1].append(commitment)
        return groups


class CommitmentKind(models.TextChoices):
    STATEMENT = "statement", "Statement"
    WE_WILL = "we-will", "We will"
    HOW = "how", "How we will do it"
    LOOKS_LIKE = "looks-like", "What this looks like"


class Commitment(models.Model):
    """One statement of a principle, as the charter writes it, or headed as what "we will" do,
    "how", or what it "looks like"."""

    Kind = CommitmentKind

    principle = models.ForeignKey(Principle, on_delete=models.CASCADE, related_name="commitments")
    order = models.PositiveIntegerField()
    text = models.TextField()
    kind = models.CharField(max_length=12, choices=Kind.choices, default=Kind.STATEMENT)

    class Meta:
        ordering = ["order"]
        indexes = [models.Index(fields=["principle", "order"])]
        constraints = [
            models.CheckConstraint(condition=models.Q(kind__in=CommitmentKind.values), name="commitment_kind_valid"),
        ]

    def __str__(self) -> str:
        return self.text[:80]


class ParticipationLevel(models.Model):
    """A rung of the charter's ladder of ways of working, lowest first."""

    class Group(models.TextChoices):
        DOING_TO = "doing-to", "Doing to"
        DOING_FOR = "doing-for", "Doing for"
        DOING_WITH = "doing-with", "Doing with"

    charter = models.ForeignKey(Charter, on_delete=models.CASCADE, related_name="levels")
    order = models.PositiveIntegerField()
    name = models.CharField(max_length=100)
    group = models.CharField(max_length=12, choices=Group.choices, blank=True)
    description = models.TextField(blank=True)
    kite_mark = models.BooleanField("Can earn the kite mark", default=False)

    class Meta:
        ordering = ["order"]
        constraints = [
            models.UniqueConstraint(fields=["charter", "name"], name="level_name_unique"),
        ]

    def __str__(self) -> str:
        return self.name


class StageQuestion(models.Model):
    """The charter's question for one NAOMIE stage."""

    class Stage(models.TextChoices):
        NEED = "need", "Need"
        AIM = "aim", "Aim"
        OBJECTIVE = "objective", "Objective or outcome"
        METHOD = "method", "Method"
        IMPLEMENTATION = "implementation", "Implementation"
        EVALUATION = "evaluation", "Evaluation"

    charter = models.ForeignKey(Charter, on_delete=models.CASCADE, related_name="stage_questions")
    stage = models.CharField(max_length=16, choices=Stage.choices)
    question = models.TextField()

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["charter", "stage"], name="stage_question_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.get_stage_display()}: {self.question[:60]}"

    @property
    def position(self) -> int:
        """Where the stage comes in NAOMIE: the charter page lists the questions in that order."""
        return self.Stage.values.index(self.stage)


class Consideration(models.Model):
    """A start-up question every project of the charter answers (Wirral)."""

    charter = models.ForeignKey(Charter, on_delete=models.CASCADE, related_name="considerations")
    order = models.PositiveIntegerField()
    key = models.SlugField(max_length=60)
    name = models.CharField(max_length=100)
    question = models.TextField()

    class Meta:
        ordering = ["order"]
        constraints = [
            models.UniqueConstraint(fields=["charter", "key"], name="consideration_key_unique"),
        ]

    def __str__(self) -> str:
        return self.name


class MeetingStandard(models.Model):
    """When and how meetings for families are held (Hounslow's meeting rules)."""

    charter = models.OneToOneField(Charter, on_delete=models.CASCADE, related_name="meeting_standard")
    earliest_start = models.TimeField(null=True, blank=True)
    latest_end = models.TimeField(null=True, blank=True)
    max_minutes = models.PositiveIntegerField(null=True, blank=True)
    min_notice_days = models.PositiveIntegerField(null=True, blank=True)
    papers_notice_days = models.PositiveIntegerField(null=True, blank=True)

    class Meta:
        constraints = [
            models.CheckConstraint(
                condition=models.Q(earliest_start__isnull=True)
                | models.Q(latest_end__isnull=True)
                | models.Q(earliest_start__lte=models.F("latest_end")),
                name="meeting_standard_start_before_end",
            ),
        ]

    def __str__(self) -> str:
        return f"Meeting standard of {self.charter}"

    def breaches(self, date, start, end, booked_on=None) -> list[str]:
        """What a meeting on these terms breaks of the standard, in plain words.

        Without `booked_on` (a meeting recorded after it took place) the notice is not checked.
        When the papers are sent is checked as they are sent: see papers_breach.
        """
        found = []
        if self.earliest_start and start < self.earliest_start:
            found.append(f"It starts before {clock(self.earliest_start)}.")
        if self.latest_end and end > self.latest_end:
            found.append(f"It ends after {clock(self.latest_end)}.")
        minutes = (end.hour * 60 + end.minute) - (start.hour * 60 + start.minute)
        if self.max_minutes and minutes > self.max_minutes:
            found.append(f"It lasts longer than {duration(self.max_minutes)}.")
        if self.min_notice_days and booked_on and (date - booked_on).days < self.min_notice_days:
            found.append(f"It is booked less than {self.min_notice_days} days ahead.")
        return found

    def papers_breach(self, date, sent_on) -> str:
        """What sending a meeting's papers on `sent_on` breaks of the standard, or nothing."""
        if self.papers_notice_days and (date - sent_on).days < self.papers_notice_days:
            return f"The papers were sent less than {self.papers_notice_days} days before."
        return ""

    def in_plain_words(self) -> list[str]:
        """The standard as sentences a parent reads (Hounslow's meeting rules)."""
        sentences = []
        start, end = self.earliest_start, self.latest_end
        if start and end:
            sentences.append(f"Meetings for parents and carers are held between {clock(start)} and {clock(end)}.")
        elif start:
            sentences.append(f"Meetings for parents and carers start no earlier than {clock(start)}.")
        elif end:
            sentences.append(f"Meetings for parents and carers end by {clock(end)}.")
        if self.max_minutes:
            sentences.append(f"Meetings last no longer than {duration(self.max_minutes)}.")
        if self.min_notice_days:
            sentences.append(f"Meetings are booked at least {self.min_notice_days} days ahead.")
        if self.papers_notice_days:
            sentences.append(
                f"The agenda and papers are sent at least {self.papers_notice_days} days before the meeting."
            )
        return sentences


class AnswerKind(models.TextChoices):
    # Yes, partly, no or not sure, with a comment.
    SCALE = "scale", "Yes, partly, no or not sure"
    # An open question ("How was everyone included?") answered in words.
    TEXT = "text", "In words"


class ReviewQuestion(models.Model):
    """A post-project review question, under its section heading."""

    AnswerKind = AnswerKind

    charter = models.ForeignKey(Charter, on_delete=models.CASCADE, related_name="review_questions")
    order = models.PositiveIntegerField()
    section = models.CharField(max_length=300)
    text = models.TextField()
    answer = models.CharField(max_length=5, choices=AnswerKind.choices, default=AnswerKind.SCALE)

    class Meta:
        ordering = ["order"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(answer__in=AnswerKind.values), name="review_question_answer_valid"
            )
        ]

    def __str__(self) -> str:
        return self.text[:80]

    @property
    def in_words(self) -> bool:
        return self.answer == self.AnswerKind.TEXT


class OutcomeStatement(models.Model):
    """A statement to measure progress against, such as "I feel safe and supported"."""

    charter = models.ForeignKey(Charter, on_delete=models.CASCADE, related_name="outcomes")
    order = models.PositiveIntegerField()
    statement = models.TextField()
    indicators = models.JSONField(default=list, blank=True)
    themes = models.ManyToManyField(Theme, blank=True, related_name="outcomes")

    class Meta:
        ordering = ["order"]

    def __str__(self) -> str:
        return self.statement[:80]


class SectionPlace(models.TextChoices):
    """Where a section stands on the page: at the start (before the vision), before the themes,
    between the themes and the principles, or after the principles (the default)."""

    START = "start", "At the start"
    BEFORE_THEMES = "before-themes", "Before the themes"
    BEFORE = "before-principles", "Before the principles"
    AFTER = "after-principles", "After the principles"


class CharterSection(models.Model):
    """Anything else the charter says, under its own heading, where it says it: Tameside's link to the
    wider strategic work, Telford's forum contacts. The body is Markdown, shown sanitised."""

    Place = SectionPlace

    charter = models.ForeignKey(Charter, on_delete=models.CASCADE, related_name="sections")
    order = models.PositiveIntegerField()
    heading = models.CharField(max_length=300)
    body = models.TextField()
    place = models.CharField(max_length=20, choices=Place.choices, default=Place.AFTER)

    class Meta:
        ordering = ["order"]
        constraints = [
            models.CheckConstraint(condition=models.Q(place__in=SectionPlace.values), name="section_place_valid")
        ]

    def __str__(self) -> str:
        return self.heading


class PlanOutcome(models.Model):
    """An outcome of the charter's development plan (Tameside's), with its steps, when, and the
    difference it makes for families. Projects can work towards one."""

    charter = models.ForeignKey(Charter, on_delete=models.CASCADE, related_name="plan")
    order = models.PositiveIntegerField()
    outcome = models.TextField()
    priority = models.CharField("Link to the improvement plan", max_length=300, blank=True)
    steps = models.JSONField(default=list, blank=True)
    timescale = models.CharField(max_length=200, blank=True)
    difference = models.TextField("What difference it will make", blank=True)

    class Meta:
        ordering = ["order"]

    def __str__(self) -> str:
        return self.outcome[:80]


class CharterCaseStudy(models.Model):
    """A case study the charter itself tells (Wirral's three), with its real quotes."""

    charter = models.ForeignKey(Charter, on_delete=models.CASCADE, related_name="case_studies")
    order = models.PositiveIntegerField()
    title = models.CharField(max_length=200)
    level = models.CharField(max_length=100, blank=True)
    summary = models.TextField(blank=True)
    quotes = models.JSONField(default=list, blank=True)

    class Meta:
        ordering = ["order"]
        verbose_name_plural = "charter case studies"

    def __str__(self) -> str:
        return self.title


class Signatory(models.Model):
    charter = models.ForeignKey(Charter, on_delete=models.CASCADE, related_name="signatories")
    order = models.PositiveIntegerField()
    organisation = models.CharField(max_length=200, blank=True)
    kind = models.CharField(max_length=20, choices=OrganisationKind.choices, blank=True)
    name = models.CharField(max_length=200, blank=True)
    role = models.CharField(max_length=300, blank=True)
    signed_on = models.DateField(null=True, blank=True)
    signed_on_precision = models.CharField(max_length=5, choices=DatePrecision.choices, default=DatePrecision.DAY)

    class Meta:
        ordering = ["order"]
        verbose_name_plural = "signatories"

    def __str__(self) -> str:
        return f"{self.name or self.organisation}"

    @property
    def signed_in_words(self) -> str:
        return as_given(self.signed_on, self.signed_on_precision)


class KiteMarkRule(models.Model):
    """What a project needs for the co-production kite mark (Wirral)."""

    charter = models.OneToOneField(Charter, on_delete=models.CASCADE, related_name="kite_mark")
    name = models.CharField(max_length=100, default="Co-production kite mark")
    # The charter's own sentence about it, if it has one.
    statement = models.TextField(blank=True)
    sign_off_by = models.JSONField(default=list, blank=True)
    min_family_reviews = models.PositiveIntegerField(default=0)

    def __str__(self) -> str:
        return self.name

    @property
    def sign_off_groups(self) -> str:
        """e.g. "parent carer forum and young people's group"."""
        labels = [in_sentence(OrganisationKind(kind).label) for kind in self.sign_off_by]
        return " and ".join(filter(None, [", ".join(labels[:-1]), labels[-1] if labels else ""]))


class CharterEvent(TimelineEvent):
    """One line on a charter's timeline: who did what, and when. Kept on the
    partnership, so the history of a deleted draft is not lost with it."""

    partnership = models.ForeignKey(Partnership, on_delete=models.CASCADE, related_name="charter_events")
    charter = models.ForeignKey(Charter, on_delete=models.SET_NULL, null=True, blank=True, related_name="events")

    class Meta(TimelineEvent.Meta):
        indexes = [models.Index(fields=["charter", "-at"]), models.Index(fields=["partnership", "-at"])]


class RemovalKind(models.TextChoices):
    PRINCIPLE = "principle", "Principle"
    STATEMENT = "statement", "Statement"


class Removal(models.Model):
    """A principle or statement removed from a draft, kept as it was so that it can be put back.

    The removed rows themselves are deleted, so nothing that reads principles and statements (the
    charter page, the file export, publishing, reviews) has to know about this: only restoring does.
    `data` is what the rows held (their ids, order, words, themes); see services.remove_principle.
    """

    Kind = RemovalKind

    charter = models.ForeignKey(Charter, on_delete=models.CASCADE, related_name="removals")
    # The "Removed …" line on the timeline, which offers to restore it.
    event = models.OneToOneField(CharterEvent, on_delete=models.CASCADE, related_name="removal")
    kind = models.CharField(max_length=10, choices=Kind.choices)
    data = models.JSONField()
    restored_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        constraints = [
            models.CheckConstraint(condition=models.Q(kind__in=RemovalKind.values), name="removal_kind_valid"),
        ]

    def __str__(self) -> str:
        return self.event.what

    @property
    def name(self) -> str:
        """What was removed, in words: “Working Together”, or the statement's first words."""
        principle = self.kind == self.Kind.PRINCIPLE
        # As the principle names itself (Principle.__str__), so the timeline's lines agree.
        words = (self.data["title"] or self.data["summary"][:80]) if principle else self.data["text"]
        return f"“{Truncator(words).words(12)}”"
