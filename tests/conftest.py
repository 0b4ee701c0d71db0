"""Personas and the real-browser harness shared by every test.

Personas, as in healthchecks' alice/bob/charlie: a family member, an officer,
a forum lead, an admin and a professional taking part in projects of
partnership A, and an officer and an admin of partnership B who must never
see A's private pages.
"""

import datetime
import os
import runpy
import secrets
import shutil
from dataclasses import dataclass
from pathlib import Path
from unittest import mock

import pytest
from django.test import Client

from accounts.models import Role
from charters.models import Organisation
from tests.factories import PartnershipFactory, UserFactory, staff

# Playwright's sync API runs an event loop in the test thread; the live
# server's database work happens in its own thread, so this is safe here.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

CHROMIUM = os.environ.get("CHROMIUM_PATH") or shutil.which("chromium") or "/usr/bin/chromium"


@pytest.fixture(autouse=True)
def fast_settings(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    settings.CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
    settings.TASKS = {"default": {"BACKEND": "django.tasks.backends.immediate.ImmediateBackend"}}
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }
    # Rate limits and sign-in failures are counted in the cache: each test starts with none.
    from django.core.cache import cache

    cache.clear()


def wirral():
    return PartnershipFactory(name="Wirral", slug="wirral")


def hounslow():
    return PartnershipFactory(name="Hounslow", slug="hounslow")


# Each persona, made in partnership A (or B for the outsiders).
PEOPLE = {
    "family": lambda a, b: UserFactory(name="Sam Parent", email="sam@example.org", partnership=a),
    "officer": lambda a, b: staff(Role.OFFICER, a, name="Priya Officer", email="priya@example.org"),
    "forum_lead": lambda a, b: staff(
        Role.FORUM_LEAD, a, Organisation.Kind.FORUM, name="Jo Forum", email="jo@example.org"
    ),
    "admin": lambda a, b: staff(Role.ADMIN, a, name="Morgan Admin", email="morgan@example.org"),
    # A school's SENCO with an account for the projects they are invited to.
    "professional": lambda a, b: staff(
        Role.PROFESSIONAL, a, Organisation.Kind.EDUCATION, name="Sue Senco", email="sue@example.org"
    ),
    "outsider_officer": lambda a, b: staff(Role.OFFICER, b, name="Olu Outsider", email="olu@example.org"),
    "outsider_admin": lambda a, b: staff(Role.ADMIN, b, name="Ola Outsider", email="ola@example.org"),
    "superuser": lambda a, b: UserFactory(
        email="root@example.org", name="Site Superuser", partnership=None, is_superuser=True, is_staff=True
    ),
}


def make_personas(a, b) -> dict:
    return {"anonymous": None, **{name: make(a, b) for name, make in PEOPLE.items()}}


@pytest.fixture
def partnership(db):
    return wirral()


@pytest.fixture
def other_partnership(db):
    return hounslow()


@pytest.fixture
def family(partnership):
    return PEOPLE["family"](partnership, None)


@pytest.fixture
def officer(partnership):
    return PEOPLE["officer"](partnership, None)


@pytest.fixture
def forum_lead(partnership):
    return PEOPLE["forum_lead"](partnership, None)


@pytest.fixture
def admin(partnership):
    return PEOPLE["admin"](partnership, None)


@pytest.fixture
def professional(partnership):
    return PEOPLE["professional"](partnership, None)


@pytest.fixture
def outsider_officer(other_partnership):
    return PEOPLE["outsider_officer"](None, other_partnership)


@pytest.fixture
def outsider_admin(other_partnership):
    return PEOPLE["outsider_admin"](None, other_partnership)


@pytest.fixture
def superuser(db):
    return PEOPLE["superuser"](None, None)


@pytest.fixture
def personas(family, officer, forum_lead, admin, professional, outsider_officer, outsider_admin, superuser):
    return {
        "anonymous": None,
        "family": family,
        "officer": officer,
        "forum_lead": forum_lead,
        "admin": admin,
        "professional": professional,
        "outsider_officer": outsider_officer,
        "outsider_admin": outsider_admin,
        "superuser": superuser,
    }


def client_for(user) -> Client:
    client = Client()
    if user is not None:
        client.force_login(user)
    return client


# An S3-compatible object store: moto's server, on a free port in a thread of the test process.

OBJECT_STORE_KEYS = {"AWS_ACCESS_KEY_ID": "test-key-id", "AWS_SECRET_ACCESS_KEY": "test-secret-key"}


def settings_file_under(**env: str) -> dict:
    """What charter_portal/settings.py sets when it is read with these environment variables."""
    with mock.patch.dict(os.environ, env):
        return runpy.run_path(str(Path(__file__).resolve().parent.parent / "charter_portal" / "settings.py"))


@pytest.fixture(scope="session")
def object_store() -> str:
    from moto.server import ThreadedMotoServer

    server = ThreadedMotoServer(ip_address="127.0.0.1", port=0, verbose=False)
    server.start()
    host, port = server.get_host_and_port()
    yield f"http://{host}:{port}"
    server.stop()


@dataclass
class Bucket:
    name: str
    endpoint: str
    client: object

    @property
    def environment(self) -> dict[str, str]:
        """The settings that keep the portal's files in this bucket."""
        return {"MEDIA_BUCKET": self.name, "MEDIA_ENDPOINT_URL": self.endpoint, **OBJECT_STORE_KEYS}

    def keys(self) -> list[str]:
        return [item["Key"] for item in self.client.list_objects_v2(Bucket=self.name).get("Contents", [])]

    def read(self, key: str) -> bytes:
        return self.client.get_object(Bucket=self.name, Key=key)["Body"].read()


def new_bucket(endpoint: str) -> Bucket:
    """A new, empty bucket in the object store at `endpoint`."""
    import boto3

    client = boto3.client(
        "s3",
        endpoint_url=endpoint,
        region_name="us-east-1",
        aws_access_key_id=OBJECT_STORE_KEYS["AWS_ACCESS_KEY_ID"],
        aws_secret_access_key=OBJECT_STORE_KEYS["AWS_SECRET_ACCESS_KEY"],
    )
    name = f"papers-{secrets.token_hex(6)}"
    client.create_bucket(Bucket=name)
    return Bucket(name, endpoint, client)


@pytest.fixture
def bucket(object_store) -> Bucket:
    return new_bucket(object_store)


@pytest.fixture
def files_in_bucket(bucket, settings, monkeypatch) -> Bucket:
    """The portal keeps its files in the bucket, with the storage its settings make for MEDIA_BUCKET."""
    for name, value in OBJECT_STORE_KEYS.items():
        monkeypatch.setenv(name, value)
    in_bucket = settings_file_under(**bucket.environment)["STORAGES"]["default"]
    settings.STORAGES = {**settings.STORAGES, "default": in_bucket}
    return bucket


# PDFs.


@pytest.fixture
def pdf_text():
    """Reads a PDF's text back, page by page joined. Skips (fails under REQUIRE_PDF=1) where
    WeasyPrint cannot run because the system's Pango is missing."""
    from charter_portal.pdf import pdf_available

    if not pdf_available():
        message = "PDF tests need Pango (apt-get install libpango-1.0-0 libpangoft2-1.0-0)."
        if os.environ.get("REQUIRE_PDF") == "1":
            pytest.fail(message + " REQUIRE_PDF=1 is set, so this is a failure.")
        pytest.skip(message)
    import io

    from pypdf import PdfReader

    def read(data: bytes) -> str:
        assert data.startswith(b"%PDF-"), data[:40]
        return "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(data)).pages)

    return read


# The real-browser harness.


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args):
    if not os.path.exists(CHROMIUM):
        message = f"Browser tests need Chromium at {CHROMIUM} (apt-get install chromium)."
        if os.environ.get("REQUIRE_BROWSER") == "1":
            pytest.fail(message + " REQUIRE_BROWSER=1 is set, so this is a failure.")
        pytest.skip(message)
    return {
        **browser_type_launch_args,
        "executable_path": CHROMIUM,
        "headless": True,
        "args": [
            "--no-sandbox",
            "--disable-gpu",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            "--no-first-run",
            "--disable-quic",
        ],
    }


SMALL_CHARTER = """\
format: charter/1
partnership: {name: Wirral, slug: wirral}
charter:
  title: Wirral SEND Co-production Charter
  version: "2023"
  review_due_on: 2030-02-01
themes:
  - {key: communicate, name: Communicate, statements: [Use clear language]}
principles:
  - title: Working Together
    themes: [communicate]
    commitments:
      - Communicate well
      - {text: By listening first, kind: how}
  - title: Inclusive
    commitments: [Create a welcoming environment]
meeting_standard: {earliest_start: "10:00", latest_end: "14:00", max_minutes: 120}
signatories:
  - organisation: Wirral Council
    kind: council
    name: A Leader
    role: Chief Executive
    signed_on: 2023-02-01
kite_mark:
  sign_off_by: [forum, young-people]
  min_family_reviews: 2
"""


def make_charter(partnership, version: str = "2023", publish: bool = True, text: str = SMALL_CHARTER):
    from charters import charter_file
    from charters.services import import_charter

    data = charter_file.read(text)
    data["charter"]["version"] = version
    return import_charter(data, partnership=partnership, publish_it=publish)


@pytest.fixture
def charter(partnership):
    return make_charter(partnership)


@pytest.fixture
def draft(charter):
    return make_charter(charter.partnership, version="2024", publish=False)


def make_feedback(partnership):
    """A family's feedback to partnership A, with contact details, agreed to be contacted and published."""
    from feedback import services
    from feedback.forms import topics_for

    return services.submit(
        partnership,
        topic=topics_for(partnership).get(name="Health"),
        who="parent-carer",
        text="My son's health passport was lost at the clinic and nobody could tell me where it went.",
        name="Dana Private",
        email="dana.private@example.org",
        phone="07700 900999",
        consent_to_contact=True,
        consent_to_publish=True,
    )


def make_project(charter, officer, family):
    """A co-production project of partnership A, with a parent carer as a member."""
    from projects import services

    made = services.create_project(
        actor=officer,
        partnership=charter.partnership,
        charter=charter,
        level=charter.levels.get(name="Co-production"),
        title="Health Passports",
        summary="Improve the health passport with families.",
        level_reason="families raised the problem",
        improvement_priority="Integrated Health Systems",
    )
    services.add_member(made, family, officer)
    return made


@pytest.fixture
def feedback_item(partnership):
    return make_feedback(partnership)


@pytest.fixture
def project(charter, officer, family):
    return make_project(charter, officer, family)


@pytest.fixture
def project_in_evaluation(project, officer, family):
    """The project moved on to its Evaluation stage, where members review it. The parent took part in every stage."""
    from projects import services

    parent = project.members.get(user=family)
    for record in project.stages.all()[:5]:
        services.contribute(record, parent, "comment", f"My view on {record.get_stage_display()}")
        services.complete_stage(record, officer)
    project.refresh_from_db()
    return project


def make_ready_pack(partnership, requested_by, start=datetime.date(2026, 7, 1), end=datetime.date(2026, 9, 30)):
    """An evidence pack already made, with a small ZIP in the file store (without running the parts)."""
    from django.core.files.base import ContentFile

    from reviews.models import EvidencePack

    pack = EvidencePack.objects.create(
        partnership=partnership, period_start=start, period_end=end, requested_by=requested_by
    )
    pack.file.save(pack.filename, ContentFile(b"PK\x05\x06" + b"\x00" * 18), save=False)
    pack.status, pack.size, pack.files_done, pack.files_total = EvidencePack.Status.READY, 22, 1, 1
    pack.save()
    return pack


def make_ready_copy(subject, requested_by=None):
    """A copy of someone's information already made, with a small ZIP in the file store."""
    from django.core.files.base import ContentFile
    from django.utils import timezone

    from accounts.models import DataRequest

    copy = DataRequest.objects.create(
        partnership=subject.partnership,
        kind=DataRequest.Kind.EXPORT,
        subject=subject,
        requested_by=requested_by or subject,
    )
    copy.file.save("your-information.zip", ContentFile(b"PK\x05\x06" + b"\x00" * 18), save=False)
    copy.status, copy.size, copy.finished_at = DataRequest.Status.READY, 22, timezone.now()
    copy.expires_at = timezone.now() + datetime.timedelta(days=7)
    copy.save()
    return copy


@pytest.fixture
def youth_lead(partnership):
    return staff(
        Role.FORUM_LEAD, partnership, Organisation.Kind.YOUNG_PEOPLE, name="Kai Voice", email="kai@example.org"
    )


def review_answers(project, answer: str = "yes", comment: str = "", words: str = "Everyone had a say") -> dict:
    """An answer to every review question: `answer` to the yes/no ones, `words` to the open ones."""
    return {q: ("", words) if q.in_words else (answer, comment) for q in project.charter.review_questions.all()}


@pytest.fixture
def ready_project(project_in_evaluation, officer, family, partnership):
    """A co-production project meeting every automatic kite-mark criterion, reached the way people
    reach it: the parent takes part in every stage before it is completed, a second family joins,
    the officer assesses each principle, and both families answer the review."""
    from projects import services as project_services
    from reviews import services
    from tests.factories import UserFactory

    project = project_in_evaluation
    parent = project.members.get(user=family)
    evaluation = project.stages.get(stage="evaluation")
    project_services.contribute(evaluation, parent, "comment", "It went well")
    project_services.complete_stage(evaluation, officer)
    for principle in project.charter.principles.all():
        services.assess(project, principle, officer, "met", "Families shaped it")
    services.answer_review(project, parent, review_answers(project), may_quote=True)
    other = project_services.add_member(project, UserFactory(partnership=partnership), officer)
    services.answer_review(project, other, review_answers(project), may_quote=False)
    project.refresh_from_db()
    return project


def award_kite_mark(project, officer, forum_lead, youth_lead):
    """The project's kite mark applied for and signed off by both groups' leads: awarded."""
    from reviews import kite_mark

    application = kite_mark.apply(project, officer)
    kite_mark.sign_off(application, forum_lead, "signed")
    kite_mark.sign_off(application, youth_lead, "signed")
    application.refresh_from_db()
    return application


def make_paper(project, officer, name="plan.pdf", content=b"%PDF-1.4 plan"):
    """A paper uploaded to a first meeting booked for the project's Need stage."""
    from django.core.files.uploadedfile import SimpleUploadedFile

    from projects import services
    from projects.models import Stage

    meeting = services.schedule_meeting(
        project.stages.get(stage=Stage.NEED),
        officer,
        title="First meeting",
        date=datetime.date(2030, 1, 10),
        start=datetime.time(10),
        end=datetime.time(12),
    )
    return services.add_paper(meeting, SimpleUploadedFile("upload.pdf", content), name, officer)
