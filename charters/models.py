from django.db import models

from charter_portal.formats import clock, duration
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
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["name"]

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


class CharterStatus(models.TextChoices):
    DRAFT = "draft", "Draft"
    PUBLISHED = "published", "Published"
    ARCHIVED = "archived", "Superseded"


class Charter(models.Model):
    """One version of a partnership's co-production charter."""

    Status = CharterStatus

    partnership = models.ForeignKey(Partnership, on_delete=models.CASCADE, related_name="charters")
    title = models.CharField(max_length=200)
    version = models.CharField(max_length=40)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.DRAFT)
    published_on = models.DateField(null=True, blank=True)
    review_due_on = models.DateField(null=True, blank=True)
    vision = models.TextField(blank=True)
    definition = models.TextField(blank=True)
    source = models.URLField(max_length=500, blank=True)
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
    charter = models.ForeignKey(Charter, on_delete=models.CASCADE, related_name="principles")
    order = models.PositiveIntegerField()
    title = models.CharField(max_length=300)
    summary = models.TextField(blank=True)
    themes = models.ManyToManyField(Theme, blank=True, related_name="principles")

    class Meta:
        ordering = ["order"]
        indexes = [models.Index(fields=["charter", "order"])]

    def __str__(self) -> str:
        return self.title

    def commitments_by_kind(self) -> list[tuple[str, list["Commitment"]]]:
        """Each kind of statement under its own heading, in the charter's order."""
        commitments = list(self.commitments.all())
        return [
            (kind.label, [c for c in commitments if c.kind == kind])
            for kind in Commitment.Kind
            if any(c.kind == kind for c in commitments)
        ]


class CommitmentKind(models.TextChoices):
    WE_WILL = "we-will", "We will"
    HOW = "how", "How we will do it"
    LOOKS_LIKE = "looks-like", "What this looks like"


class Commitment(models.Model):
    """One statement of a principle: what "we will" do, "how", or what it "looks like"."""

    Kind = CommitmentKind

    principle = models.ForeignKey(Principle, on_delete=models.CASCADE, related_name="commitments")
    order = models.PositiveIntegerField()
    text = models.TextField()
    kind = models.CharField(max_length=12, choices=Kind.choices, default=Kind.WE_WILL)

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


class Signatory(models.Model):
    charter = models.ForeignKey(Charter, on_delete=models.CASCADE, related_name="signatories")
    order = models.PositiveIntegerField()
    organisation = models.CharField(max_length=200)
    kind = models.CharField(max_length=20, choices=OrganisationKind.choices, blank=True)
    name = models.CharField(max_length=200, blank=True)
    role = models.CharField(max_length=300, blank=True)
    signed_on = models.DateField(null=True, blank=True)

    class Meta:
        ordering = ["order"]
        verbose_name_plural = "signatories"

    def __str__(self) -> str:
        return f"{self.name or self.organisation}"


class KiteMarkRule(models.Model):
    """What a project needs for the co-production kite mark (Wirral)."""

    charter = models.OneToOneField(Charter, on_delete=models.CASCADE, related_name="kite_mark")
    name = models.CharField(max_length=100, default="Co-production kite mark")
    sign_off_by = models.JSONField(default=list, blank=True)
    min_family_reviews = models.PositiveIntegerField(default=2)

    def __str__(self) -> str:
        return self.name

    @property
    def sign_off_groups(self) -> str:
        """e.g. "parent carer forum and young people's group"."""
        labels = [OrganisationKind(kind).label.lower() for kind in self.sign_off_by]
        return " and ".join(filter(None, [", ".join(labels[:-1]), labels[-1] if labels else ""]))


class CharterEvent(TimelineEvent):
    """One line on a charter's timeline: who did what, and when. Kept on the
    partnership, so the history of a deleted draft is not lost with it."""

    partnership = models.ForeignKey(Partnership, on_delete=models.CASCADE, related_name="charter_events")
    charter = models.ForeignKey(Charter, on_delete=models.SET_NULL, null=True, blank=True, related_name="events")

    class Meta(TimelineEvent.Meta):
        indexes = [models.Index(fields=["charter", "-at"]), models.Index(fields=["partnership", "-at"])]
