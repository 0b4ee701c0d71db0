"""A generated installation for `make bench`: the five seed partnerships from `demo`, then thousands of
people, projects, feedback items and kite-mark applications made with bulk_create, most of them in one
big area (Wirral's, whose charter sets a kite mark), so pages can be timed at the size a county has.

A build is recorded in its own small table (bench_installation). Run again on the same database, the
command reuses the build of that size; it refuses a database that holds anything it did not build.
"""

import datetime
import json
import logging
import random
import time
from io import StringIO

from django.contrib.auth.hashers import make_password
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError
from django.db import connection, transaction
from django.utils import timezone

from accounts.models import Contact, FamilyKind, Role, User
from charter_portal.public_cache import site_pages_changed
from charters.models import Charter, KiteMarkRule, Organisation, Partnership
from feedback.forms import topics_for
from feedback.models import Feedback, FeedbackEvent, Topic, add_working_days, new_reference
from projects.models import STAGES, Member, Project, ProjectEvent, StageRecord
from reviews.models import KiteMarkApplication, SignOff

BIG_AREA = "wirral"
# How much of everything goes to the big area; the rest is shared by the other four.
BIG_SHARE = 0.8
SIZES = {
    "tiny": {"feedback": 30, "projects": 5, "users": 40},
    "1k": {"feedback": 1_000, "projects": 20, "users": 200},
    "100k": {"feedback": 100_000, "projects": 2_000, "users": 20_000},
}
BATCH = 2_000
MARKER = "bench_installation"
PASSWORD = "bench-password-2026"

S = Feedback.Status
STATUS_MIX = [(S.RECEIVED, 25), (S.CONSIDERING, 20), (S.DOING, 20), (S.DONE, 25), (S.NOT_ABLE, 10)]
EXTRA_TOPICS = ["Speech and language therapy", "Preparing for adulthood", "EHC plans", "Mental health"]

FIRST_NAMES = [
    "Sam",
    "Alex",
    "Priya",
    "Tom",
    "Jo",
    "Kai",
    "Morgan",
    "Dee",
    "Aisha",
    "Ben",
    "Chloe",
    "Dan",
    "Ella",
    "Finn",
    "Grace",
    "Harry",
    "Isla",
    "Jack",
    "Leah",
    "Mo",
]
LAST_NAMES = [
    "Smith",
    "Jones",
    "Patel",
    "Khan",
    "Brown",
    "Taylor",
    "Evans",
    "Walker",
    "Wright",
    "Hughes",
    "Clarke",
    "Hall",
    "Lewis",
    "Young",
    "Roberts",
]

# What families write, a sentence or two from these; "zebra" is in none of them, so searching for it finds nothing.
SAID = {
    "Transport": [
        "The school transport was late again this week.",
        "Nobody told us the taxi to college was changing.",
        "My son waits too long for the transport home and gets anxious.",
    ],
    "Education": [
        "The school has not read my daughter's EHC plan.",
        "We waited months for the annual review.",
        "I want to know what happens when I leave school.",
    ],
    "Health": [
        "Every new doctor asks the same questions again.",
        "The waiting list for the therapy is over a year.",
        "I want to be asked what helps me, not just my mum.",
    ],
    "Short breaks": [
        "The short breaks form is far too long.",
        "There are no holiday clubs my son can go to.",
    ],
    "Local Offer": [
        "I cannot find who to contact on the Local Offer.",
        "Could the pages be in easy read?",
    ],
}
GENERAL = [
    "Please hold meetings after the school run.",
    "The papers arrived the night before the meeting.",
    "Thank you to the forum for listening to us.",
    "It would help to have one person who knows our story.",
    "Nobody replied to my email for weeks.",
]
WE_DID = [
    "We changed how we tell families, with the parent carer forum.",
    "We rewrote the pages with parents and young people.",
    "We moved the meetings to between 10am and 2pm.",
    "We are working on it with families and will report back.",
]
THEMES = [
    "Health passports",
    "Short breaks booking",
    "Local Offer pages",
    "Transition to adult services",
    "School transport",
    "Annual review letters",
    "Easy read guides",
    "Therapy waiting lists",
    "Holiday clubs",
    "Key workers",
]
PLACES = [
    "Birkenhead",
    "Wallasey",
    "Bebington",
    "Heswall",
    "Hoylake",
    "Moreton",
    "Bromborough",
    "Leasowe",
    "Upton",
    "Prenton",
]


def marker_exists() -> bool:
    return MARKER in connection.introspection.table_names()


def read_marker() -> dict | None:
    """The build this database holds, or None."""
    if not marker_exists():
        return None
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT size, built_at, seconds, counts FROM {MARKER}")
        row = cursor.fetchone()
    if row is None:
        return None
    return {"size": row[0], "built_at": row[1], "seconds": row[2], "counts": json.loads(row[3])}


def write_marker(size: str, seconds: float, counts: dict) -> None:
    with connection.cursor() as cursor:
        cursor.execute(
            f"CREATE TABLE IF NOT EXISTS {MARKER} "
            "(size varchar(10) PRIMARY KEY, built_at varchar(40), seconds real, counts text)"
        )
        cursor.execute(
            f"INSERT INTO {MARKER} (size, built_at, seconds, counts) VALUES (%s, %s, %s, %s)",
            [size, timezone.now().isoformat(timespec="seconds"), seconds, json.dumps(counts)],
        )


def installation_counts() -> dict:
    big = Partnership.objects.get(slug=BIG_AREA)
    return {
        "feedback": Feedback.objects.count(),
        "feedback_in_big_area": Feedback.objects.filter(partnership=big).count(),
        "published": Feedback.objects.published().count(),
        "feedback_events": FeedbackEvent.objects.count(),
        "projects": Project.objects.count(),
        "projects_in_big_area": Project.objects.filter(partnership=big).count(),
        "users": User.objects.count(),
        "topics": Topic.objects.count(),
        "kite_mark_applications": KiteMarkApplication.objects.count(),
    }


def share(total: int, partnerships: list[Partnership]) -> dict[int, int]:
    """How many of `total` each partnership gets: BIG_SHARE to the big area, the rest evenly."""
    others = [p for p in partnerships if p.slug != BIG_AREA]
    each = round(total * (1 - BIG_SHARE) / len(others))
    counts = {p.pk: each for p in others}
    counts[next(p.pk for p in partnerships if p.slug == BIG_AREA)] = total - each * len(others)
    return counts


class Builder:
    """Builds one size of installation on top of the demo data, area by area."""

    def __init__(self, size: str):
        self.size = SIZES[size]
        self.random = random.Random(f"bench-{size}")
        self.now = timezone.now()
        self.password = make_password(PASSWORD)
        self.references = set(Feedback.objects.values_list("reference", flat=True))
        self.due_dates = {}

    def build(self) -> None:
        partnerships = list(Partnership.objects.order_by("pk"))
        users = share(self.size["users"], partnerships)
        projects = share(self.size["projects"], partnerships)
        feedback = share(self.size["feedback"], partnerships)
        for partnership in partnerships:
            charter = partnership.charters.published().first()
            self.add_topics(partnership)
            self.add_people(partnership, users[partnership.pk])
            made = self.add_projects(partnership, charter, projects[partnership.pk])
            self.add_kite_marks(partnership, charter, made)
            self.add_feedback(partnership, charter, feedback[partnership.pk])

    def pick(self, weighted: list[tuple]) -> object:
        values, weights = zip(*weighted, strict=True)
        return self.random.choices(values, weights)[0]

    def when(self, days: int = 730) -> datetime.datetime:
        return self.now - datetime.timedelta(days=self.random.uniform(0, days))

    def add_topics(self, partnership: Partnership) -> None:
        topics_for(partnership)
        for order, name in enumerate(EXTRA_TOPICS, start=len(Topic.objects.filter(partnership=partnership))):
            Topic.objects.get_or_create(partnership=partnership, name=name, defaults={"order": order})

    def add_people(self, partnership: Partnership, count: int) -> None:
        """Mostly families; about one in a hundred each an officer, a forum lead and a professional."""
        organisations = {o.kind: o for o in partnership.organisations.order_by("-name")}
        council = organisations.get(Organisation.Kind.COUNCIL)
        forum = organisations.get(Organisation.Kind.FORUM)
        nhs = organisations.get(Organisation.Kind.NHS, council)
        staff = max(1, count // 100)
        roles = (
            [(Role.OFFICER, council)] * staff + [(Role.FORUM_LEAD, forum)] * staff + [(Role.PROFESSIONAL, nhs)] * staff
        )
        roles += [(Role.FAMILY, None)] * (count - len(roles))
        people = []
        for i, (role, organisation) in enumerate(roles):
            name = f"{self.random.choice(FIRST_NAMES)} {self.random.choice(LAST_NAMES)}"
            contact = self.pick([(Contact.EMAIL, 70), (Contact.TEXT, 15), (Contact.PHONE, 10), (Contact.POST, 5)])
            people.append(
                User(
                    email=f"bench-{role}-{i}@{partnership.slug}.example.org",
                    name=name,
                    password=self.password,
                    role=role,
                    family_kind=self.pick([(FamilyKind.PARENT_CARER, 80), (FamilyKind.YOUNG_PERSON, 20)])
                    if role == Role.FAMILY
                    else "",
                    partnership=partnership,
                    organisation=organisation,
                    preferred_contact=contact,
                    phone="07700 900456" if contact in (Contact.PHONE, Contact.TEXT) else "",
                    postal_address="1 High Street\nBirkenhead\nCH41 1AA" if contact == Contact.POST else "",
                    date_joined=self.when(),
                )
            )
        User.objects.bulk_create(people, batch_size=BATCH)

    def add_projects(self, partnership: Partnership, charter: Charter, count: int) -> list[Project]:
        """Projects at every stage, about half of them public, each with its stage records, its lead
        officer and three families as members, and its first timeline entry."""
        officers = list(User.objects.in_partnership(partnership).officers())
        families = list(User.objects.in_partnership(partnership).families().values_list("pk", flat=True))
        levels = list(charter.levels.all())
        projects = []
        for i in range(count):
            done = self.random.randint(0, len(STAGES))
            theme = THEMES[i % len(THEMES)]
            place = PLACES[(i // len(THEMES)) % len(PLACES)]
            number = i // (len(THEMES) * len(PLACES))
            projects.append(
                Project(
                    partnership=partnership,
                    charter=charter,
                    title=f"{theme} in {place}" + (f" ({number + 1})" if number else ""),
                    summary=f"Families and officers in {place} work together on {theme.lower()}.",
                    level=self.random.choice(levels),
                    level_reason="families asked to shape it from the start",
                    current_stage=STAGES[min(done, len(STAGES) - 1)],
                    is_complete=done == len(STAGES),
                    is_public=self.random.random() < 0.5,
                    lead_officer=self.random.choice(officers),
                    created_at=self.when(),
                )
            )
        projects = Project.objects.bulk_create(projects, batch_size=BATCH)
        stages, members, events = [], [], []
        Done, Doing, Waiting = (
            StageRecord.Status.COMPLETED,
            StageRecord.Status.IN_PROGRESS,
            StageRecord.Status.NOT_STARTED,
        )
        for project in projects:
            reached = len(STAGES) if project.is_complete else STAGES.index(project.current_stage)
            for n, stage in enumerate(STAGES):
                status = Done if n < reached else Doing if n == reached else Waiting
                stages.append(
                    StageRecord(
                        project=project,
                        stage=stage,
                        status=status,
                        with_family=status == Done,
                        completed_at=project.created_at + datetime.timedelta(days=30 * (n + 1))
                        if status == Done
                        else None,
                        completed_by=project.lead_officer if status == Done else None,
                    )
                )
            members.append(Member(project=project, user=project.lead_officer, kind=Member.Kind.PROFESSIONAL))
            for user_id in self.random.sample(families, min(3, len(families))):
                members.append(Member(project=project, user_id=user_id, kind=Member.Kind.FAMILY))
            events.append(
                ProjectEvent(project=project, actor=project.lead_officer, what="Project started", at=project.created_at)
            )
        StageRecord.objects.bulk_create(stages, batch_size=BATCH)
        Member.objects.bulk_create(members, batch_size=BATCH)
        ProjectEvent.objects.bulk_create(events, batch_size=BATCH)
        return projects

    def add_kite_marks(self, partnership: Partnership, charter: Charter, projects: list[Project]) -> None:
        """Where the charter sets a kite mark: applications from finished projects, some waiting,
        some awarded by every group the charter names, some declined."""
        rule = KiteMarkRule.objects.filter(charter=charter).first()
        finished = [p for p in projects if p.is_complete]
        if rule is None or not rule.sign_off_by or not finished:
            return
        leads = {}
        for kind in rule.sign_off_by:
            leads[kind] = User.objects.in_partnership(partnership).forum_leads(kind).first()
        if not all(leads.values()):
            return
        applications, outcomes = [], []
        for project in finished:
            outcome = self.pick([("pending", 30), ("awarded", 50), ("declined", 20)])
            applied = project.created_at + datetime.timedelta(days=200)
            applications.append(
                KiteMarkApplication(
                    project=project,
                    status=outcome,
                    applied_by=project.lead_officer,
                    applied_at=applied,
                    required_kinds=list(rule.sign_off_by),
                    awarded_at=applied + datetime.timedelta(days=14) if outcome == "awarded" else None,
                    charter_version=charter.version if outcome == "awarded" else "",
                    decline_reason="Parents were not asked to check the final pages." if outcome == "declined" else "",
                )
            )
            outcomes.append(outcome)
        applications = KiteMarkApplication.objects.bulk_create(applications, batch_size=BATCH)
        sign_offs = []
        for application, outcome in zip(applications, outcomes, strict=True):
            kinds = rule.sign_off_by if outcome == "awarded" else rule.sign_off_by[:1] if outcome == "declined" else []
            for kind in kinds:
                sign_offs.append(
                    SignOff(
                        application=application,
                        kind=kind,
                        lead=leads[kind],
                        decision=SignOff.Decision.DECLINED if outcome == "declined" else SignOff.Decision.SIGNED,
                        reason="Parents were not asked to check the final pages." if outcome == "declined" else "",
                        at=application.applied_at + datetime.timedelta(days=7),
                    )
                )
        SignOff.objects.bulk_create(sign_offs, batch_size=BATCH)
        live = [a.project_id for a, o in zip(applications, outcomes, strict=True) if o in ("pending", "awarded")]
        Project.objects.filter(pk__in=live).update(record_frozen=True)

    def reference(self) -> str:
        while True:
            reference = new_reference()
            if reference not in self.references:
                self.references.add(reference)
                return reference

    def due_on(self, partnership: Partnership, received: datetime.datetime) -> datetime.date:
        day = timezone.localdate(received)
        key = (day, partnership.response_target_days)
        if key not in self.due_dates:
            self.due_dates[key] = add_working_days(day, partnership.response_target_days)
        return self.due_dates[key]

    def add_feedback(self, partnership: Partnership, charter: Charter, count: int) -> None:
        topics = list(Topic.objects.filter(partnership=partnership))
        officers = list(User.objects.in_partnership(partnership).handling_feedback())
        families = list(User.objects.in_partnership(partnership).families().values_list("pk", flat=True))
        projects = list(partnership.projects.values_list("pk", flat=True))
        principles = list(charter.principles.values_list("pk", flat=True))
        for start in range(0, count, BATCH):
            items = [
                self.feedback(partnership, topics, officers, families, projects, principles)
                for _ in range(min(BATCH, count - start))
            ]
            items = Feedback.objects.bulk_create(items)
            FeedbackEvent.objects.bulk_create([event for item in items for event in self.events(item)])

    def feedback(self, partnership, topics, officers, families, projects, principles) -> Feedback:
        topic = self.random.choice(topics)
        text = " ".join(self.random.sample(SAID.get(topic.name, GENERAL), 1) + self.random.sample(GENERAL, 1))
        status = self.pick(STATUS_MIX)
        channel = self.pick([(c, 60 if c == Feedback.Channel.ONLINE else 8) for c in Feedback.Channel.values])
        received = self.when()
        consent_to_publish = self.random.random() < 0.6
        published = consent_to_publish and status in Feedback.PUBLIC_STATUSES and self.random.random() < 0.8
        signed_in = channel == Feedback.Channel.ONLINE and families and self.random.random() < 0.3
        gave_details = self.random.random() < 0.5
        return Feedback(
            partnership=partnership,
            reference=self.reference(),
            channel=channel,
            topic=topic,
            principle_id=self.random.choice(principles) if principles and self.random.random() < 0.2 else None,
            project_id=self.random.choice(projects) if projects and self.random.random() < 0.2 else None,
            text=text,
            who=self.pick([("parent-carer", 70), ("young-person", 15), ("professional", 10), ("other", 5)]),
            name=f"{self.random.choice(FIRST_NAMES)} {self.random.choice(LAST_NAMES)}" if gave_details else "",
            email=f"family{self.random.randint(1, 99999)}@example.com" if gave_details else "",
            consent_to_contact=gave_details,
            consent_to_publish=consent_to_publish,
            submitted_by_id=self.random.choice(families) if signed_in else None,
            logged_by=self.random.choice(officers) if channel != Feedback.Channel.ONLINE else None,
            status=status,
            not_able_reason="There is no money for it this year; we will ask again in April."
            if status == S.NOT_ABLE
            else "",
            assigned_to=self.random.choice(officers) if self.random.random() < 0.7 else None,
            received_at=received,
            due_on=self.due_on(partnership, received),
            # Answered when its status line says (see events), a few days after it arrived.
            answered_at=received + datetime.timedelta(days=3) if status in Feedback.ANSWERED_STATUSES else None,
            you_said=f"Families told us: {text}" if published else "",
            we_did=self.random.choice(WE_DID) if published else "",
            published_at=received + datetime.timedelta(days=self.random.uniform(10, 60)) if published else None,
        )

    def events(self, item: Feedback) -> list[FeedbackEvent]:
        """The timeline entries the services would have written: received, assigned, status, published."""
        Kind = FeedbackEvent.Kind
        how = (
            f"Logged by {item.logged_by.name} ({item.get_channel_display().lower()})"
            if item.logged_by
            else "Received through the online form"
        )
        later = item.received_at + datetime.timedelta(days=3)
        events = [FeedbackEvent(feedback=item, kind=Kind.RECEIVED, actor=item.logged_by, what=how, at=item.received_at)]
        if item.assigned_to:
            events.append(
                FeedbackEvent(
                    feedback=item,
                    kind=Kind.ASSIGNED,
                    actor=item.assigned_to,
                    what=f"Assigned to {item.assigned_to.name}",
                    at=later,
                )
            )
        if item.status != S.RECEIVED:
            what = f"Status changed from “Received” to “{item.get_status_display()}”"
            events.append(FeedbackEvent(feedback=item, kind=Kind.STATUS, actor=item.assigned_to, what=what, at=later))
        if item.published_at:
            events.append(
                FeedbackEvent(
                    feedback=item,
                    kind=Kind.PUBLISHED,
                    actor=item.assigned_to,
                    what="Published on You Said, We Did",
                    at=item.published_at,
                )
            )
        return events


def analyse() -> None:
    """Fresh planner statistics, as a database in use would have."""
    with connection.cursor() as cursor:
        cursor.execute("VACUUM ANALYZE" if connection.vendor == "postgresql" else "ANALYZE")


class Command(BaseCommand):
    help = "Build (or reuse) a generated installation for the benchmark: BENCH_SIZE tiny, 1k or 100k."

    def add_arguments(self, parser) -> None:
        parser.add_argument("--size", choices=sorted(SIZES), default="1k")

    def handle(self, *args, size: str, **options) -> None:
        built = read_marker()
        if built and built["size"] == size:
            self.stdout.write(
                f"Reusing the {size} installation built on {built['built_at']} in {built['seconds']:.0f} s."
            )
            return
        if built:
            raise CommandError(
                f"This database holds the {built['size']} installation. Use another database for {size}."
            )
        if Partnership.objects.exists():
            raise CommandError("This database already holds data the benchmark did not make. Use an empty database.")
        started = time.monotonic()
        with transaction.atomic():
            # The demo's messages and tasks say what they do, a thousand lines that are not news here.
            logging.disable(logging.INFO)
            try:
                call_command("demo", stdout=StringIO())
            finally:
                logging.disable(logging.NOTSET)
            Builder(size).build()
            counts = installation_counts()
            write_marker(size, time.monotonic() - started, counts)
        # Made in bulk, straight into the database: every public page is rendered afresh.
        site_pages_changed()
        if not connection.in_atomic_block:
            analyse()
        seconds = time.monotonic() - started
        self.stdout.write(
            f"Built the {size} installation in {seconds:.0f} s: "
            + ", ".join(f"{v:,} {k.replace('_', ' ')}" for k, v in counts.items())
        )
