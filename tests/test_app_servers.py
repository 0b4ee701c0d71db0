"""Beyond one machine: two app servers behind one load balancer share everything a person sees.

Two gunicorns (DEBUG off, production settings, HTTPS at the load balancer) on one PostgreSQL database,
one Redis and one S3-compatible object store (moto's server), with tasks queued in the database: a paper
uploaded through one downloads through the other, a sign-in on one holds on the other, the feedback limit
counts sendings to either, and one task worker sends the emails both queued.

Needs PostgreSQL (DATABASE_URL) and the Redis on 127.0.0.1:6379, as CI has; skipped with a message
without them, unless REQUIRE_REDIS=1, which makes a missing Redis a failure.
"""

import datetime
import email
import os
import secrets
import subprocess
import sys
import time
from dataclasses import dataclass, field
from http.cookies import SimpleCookie
from pathlib import Path
from urllib.parse import quote

import pytest
import requests
from django.db import connection
from django.urls import reverse
from django.utils import timezone

from charter_portal.models import Message
from feedback.forms import topics_for
from feedback.models import Feedback
from projects import services
from tests.conftest import new_bucket
from tests.factories import PASSWORD
from tests.test_production import REDIS, free_port, redis_is_there
from tests.test_settings import PRODUCTION

ROOT = Path(__file__).resolve().parent.parent
REDIS_DB = 15
FEEDBACK_RATE_LIMIT = 3
PDF = b"%PDF-1.4\n1 0 obj<</Type/Catalog>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n"

pytestmark = pytest.mark.django_db(transaction=True)


def database_url() -> str:
    """The test database, which the test process has made and the servers must share."""
    db = connection.settings_dict
    user = quote(db["USER"] or "", safe="")
    password = f":{quote(db['PASSWORD'], safe='')}" if db["PASSWORD"] else ""
    return f"postgres://{user}{password}@{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}/{db['NAME']}"


@dataclass
class Installation:
    a: str
    b: str
    bucket: object
    mail: Path
    environment: dict
    # The clients' addresses the load balancer passes on: new ones for each visitor, so the counts in
    # the shared Redis are theirs alone (another test run may share it).
    network: str = field(default_factory=lambda: f"10.{secrets.randbelow(256)}.{secrets.randbelow(256)}.")
    visitors: int = 0

    def visitor(self) -> "Visitor":
        self.visitors += 1
        return Visitor(self.network + str(self.visitors))

    def mails(self) -> list[email.message.Message]:
        """Every email the file backend wrote, each file holding one or more, each ending with a rule."""
        found = []
        for path in sorted(self.mail.glob("*")):
            for chunk in path.read_bytes().split(b"\n" + b"-" * 79 + b"\n"):
                if chunk.strip():
                    found.append(email.message_from_bytes(chunk.strip()))
        return found


def start(port: int, environment: dict, log: Path) -> subprocess.Popen:
    gunicorn = Path(sys.executable).with_name("gunicorn")
    command = [str(gunicorn), "charter_portal.wsgi", "--no-control-socket", "--bind", f"127.0.0.1:{port}"]
    with log.open("w") as out:
        return subprocess.Popen([*command, "--workers", "1"], cwd=ROOT, env=environment, stdout=out, stderr=out)


def wait_until_healthy(base: str, process: subprocess.Popen, log: Path) -> None:
    for _ in range(150):
        if process.poll() is not None:
            break
        try:
            if requests.get(base + "/healthz/", timeout=5).status_code == 200:
                return
        except requests.RequestException:
            pass
        time.sleep(0.1)
    pytest.fail(f"The app server at {base} did not start:\n{log.read_text()[-3000:]}")


@pytest.fixture(scope="module")
def installation(django_db_setup, request, tmp_path_factory):
    if connection.vendor != "postgresql":
        pytest.skip("Two app servers share one PostgreSQL database: set DATABASE_URL=postgres://… to run this.")
    if not redis_is_there():
        message = f"Two app servers share the Redis on {REDIS[0]}:{REDIS[1]}, and there is none."
        if os.environ.get("REQUIRE_REDIS") == "1":
            pytest.fail(message + " REQUIRE_REDIS=1 is set, so this is a failure.")
        pytest.skip(message)
    import redis

    shared_cache = redis.Redis(*REDIS, db=REDIS_DB)
    folder = tmp_path_factory.mktemp("app-servers")
    bucket = new_bucket(request.getfixturevalue("object_store"))
    leave_out = {"DJANGO_ALLOW_ASYNC_UNSAFE", "DJANGO_SETTINGS_MODULE"}
    environment = {
        **{k: v for k, v in os.environ.items() if k not in leave_out},
        # One SECRET_KEY for every server, so each reads the sessions and links the others sign.
        **PRODUCTION,
        **bucket.environment,
        "ALLOWED_HOSTS": "127.0.0.1",
        "SITE_URL": "https://127.0.0.1",
        "DATABASE_URL": database_url(),
        "CACHE_URL": f"redis://{REDIS[0]}:{REDIS[1]}/{REDIS_DB}",
        "TASKS_BACKEND": "django_tasks_db.DatabaseBackend",
        "EMAIL_URL": f"filemail:///{folder / 'mail'}",
        "STATIC_ROOT": str(folder / "static"),
        "MEDIA_ROOT": str(folder / "media"),
        "TRUST_X_FORWARDED_PROTO": "on",
        "TRUSTED_PROXIES": "1",
        "FEEDBACK_RATE_LIMIT": str(FEEDBACK_RATE_LIMIT),
        "LOG_LEVEL": "WARNING",
    }
    subprocess.run(
        [sys.executable, "manage.py", "collectstatic", "--noinput"],
        cwd=ROOT,
        env=environment,
        check=True,
        capture_output=True,
    )
    ports = {"a": free_port(), "b": free_port()}
    bases = {name: f"http://127.0.0.1:{port}" for name, port in ports.items()}
    installation = Installation(bases["a"], bases["b"], bucket, folder / "mail", environment)
    logs = {name: folder / f"gunicorn-{name}.log" for name in ports}
    processes = {name: start(port, environment, logs[name]) for name, port in ports.items()}
    try:
        for name, base in bases.items():
            wait_until_healthy(base, processes[name], logs[name])
        yield installation
    finally:
        for process in processes.values():
            process.terminate()
        for process in processes.values():
            process.wait(timeout=10)
        for key in shared_cache.scan_iter(match=f"*{installation.network}*"):
            shared_cache.delete(key)


class Visitor:
    """One browser at one address behind the HTTPS load balancer, which sends its requests to either
    server. Its cookies are Secure, so they are kept by hand."""

    def __init__(self, address: str):
        self.address, self.cookies = address, SimpleCookie()

    def request(self, server: str, method: str, path: str, data=None, files=None) -> requests.Response:
        host = server.removeprefix("http://")
        headers = {"X-Forwarded-Proto": "https", "X-Forwarded-For": self.address, "Referer": f"https://{host}{path}"}
        if self.cookies:
            headers["Cookie"] = "; ".join(f"{k}={v.value}" for k, v in self.cookies.items())
        if method == "POST":
            data = {**(data or {}), "csrfmiddlewaretoken": self.cookies["csrftoken"].value}
        response = requests.request(
            method, server + path, data=data, files=files, headers=headers, allow_redirects=False, timeout=20
        )
        for header in response.raw.headers.getlist("Set-Cookie"):
            self.cookies.load(header)
        return response

    def get(self, server: str, path: str) -> requests.Response:
        return self.request(server, "GET", path)

    def post(self, server: str, path: str, data=None, files=None) -> requests.Response:
        return self.request(server, "POST", path, data, files)

    def sign_in(self, server: str, user) -> None:
        self.get(server, "/sign-in/")
        response = self.post(server, "/sign-in/", {"username": user.email, "password": PASSWORD})
        assert response.status_code == 302, response.text[:500]

    def send_feedback(self, server: str, partnership, **answers) -> requests.Response:
        """Tell us, check the answers and press Send: the last press's response."""
        self.get(server, f"/{partnership.slug}/tell-us/")
        topic = topics_for(partnership).get(name="Health")
        answers = {"topic": topic.pk, "text": "The clinic lost the health passport.", "who": "parent-carer", **answers}
        assert self.post(server, f"/{partnership.slug}/tell-us/", answers).status_code == 302
        check = self.get(server, f"/{partnership.slug}/tell-us/check/")
        token = check.text.split('name="submission_token" value="', 1)[1].split('"', 1)[0]
        return self.post(server, f"/{partnership.slug}/tell-us/check/", {"submission_token": token})


@pytest.fixture
def can_sign_in(settings):
    """Passwords hashed as production hashes them (the tests' own hasher is not one production reads)."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.PBKDF2PasswordHasher"]

    def give_password(*users):
        for user in users:
            user.set_password(PASSWORD)
            user.save(update_fields=["password"])

    return give_password


def test_a_paper_uploaded_through_one_server_downloads_through_the_other(
    installation, project, officer, family, can_sign_in
):
    can_sign_in(officer, family)
    meeting = services.schedule_meeting(
        project.stages.get(stage="need"),
        officer,
        title="First meeting",
        date=timezone.localdate() + datetime.timedelta(days=30),
        start=datetime.time(10),
        end=datetime.time(12),
    )
    officer_browser = installation.visitor()
    officer_browser.sign_in(installation.b, officer)
    add = reverse("projects:add_paper", args=["wirral", project.pk, meeting.pk])
    sent = officer_browser.post(installation.a, add, files={"file": ("agenda.pdf", PDF, "application/pdf")})
    assert sent.status_code == 302, sent.text[:500]
    paper = meeting.papers.get()
    assert installation.bucket.keys() == [paper.file.name]
    assert installation.bucket.read(paper.file.name) == PDF

    download = reverse("projects:paper", args=["wirral", project.pk, meeting.pk, paper.pk])
    parent = installation.visitor()
    parent.sign_in(installation.a, family)
    response = parent.get(installation.b, download)
    assert response.status_code == 200
    assert response.headers["Content-Disposition"] == 'attachment; filename="agenda.pdf"'
    assert response.content == PDF
    # Not signed in, through either server: the sign-in page, never the paper.
    for server in (installation.a, installation.b):
        refused = installation.visitor().get(server, download)
        assert refused.status_code == 302 and "/sign-in/" in refused.headers["Location"]


def test_a_sign_in_on_one_server_holds_on_the_other(installation, family, can_sign_in):
    can_sign_in(family)
    browser = installation.visitor()
    browser.sign_in(installation.a, family)
    account = browser.get(installation.b, "/account/")
    assert account.status_code == 200
    assert "Sam Parent" in account.text
    # Signing out on B ends the session A knows too: it is kept in the database.
    assert browser.post(installation.b, "/sign-out/").status_code == 302
    after = browser.get(installation.a, "/account/")
    assert after.status_code == 302 and "/sign-in/" in after.headers["Location"]


def test_the_feedback_limit_counts_sendings_to_either_server(installation, partnership):
    browser = installation.visitor()
    # The load balancer sends one family's sendings to either server in turn: A, B, A.
    for server in ([installation.a, installation.b] * FEEDBACK_RATE_LIMIT)[:FEEDBACK_RATE_LIMIT]:
        assert browser.send_feedback(server, partnership).status_code == 302
    for server in (installation.b, installation.a):
        held = browser.send_feedback(server, partnership)
        assert held.status_code == 429
        assert "Please wait a few minutes" in held.text
    assert Feedback.objects.for_partnership(partnership).count() == FEEDBACK_RATE_LIMIT


def test_one_task_worker_sends_the_emails_both_servers_queued(installation, partnership):
    families = {installation.a: "ada@example.org", installation.b: "ben@example.org"}
    for server, address in families.items():
        sent = installation.visitor().send_feedback(server, partnership, email=address, consent_to_contact="on")
        assert sent.status_code == 302, sent.text[:500]
    confirmations = Message.objects.filter(name="feedback_received")
    # Queued in the database, not sent by the app servers.
    assert sorted(confirmations.filter(status=Message.Status.QUEUED).values_list("to", flat=True)) == sorted(
        families.values()
    )
    assert not installation.mails()

    worker = subprocess.run(
        [sys.executable, "manage.py", "db_worker", "--batch", "--no-startup-delay"],
        cwd=ROOT,
        env=installation.environment,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert worker.returncode == 0, worker.stderr[-3000:]
    delivered = installation.mails()
    assert sorted(mail["To"] for mail in delivered) == sorted(families.values())
    mails = {mail["To"]: mail.get_payload(decode=True).decode() for mail in delivered}
    for feedback in Feedback.objects.for_partnership(partnership):
        assert f"Your reference is {feedback.display_reference}" in mails[feedback.email]
    assert set(confirmations.values_list("status", flat=True)) == {Message.Status.SENT}
