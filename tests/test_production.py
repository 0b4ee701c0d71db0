"""Production as the README describes it, end to end: gunicorn with DEBUG off, HTTPS-only cookies,
Redis as the shared cache. A family sends feedback, someone signs in, and the limits hold.

Needs the Redis that CI has on 127.0.0.1:6379; skipped with a message where there is none,
unless REQUIRE_REDIS=1.
"""

import os
import random
import re
import secrets
import socket
import subprocess
import sys
import time
from http.cookies import SimpleCookie
from pathlib import Path

import pytest
import requests

from tests.test_settings import PRODUCTION

ROOT = Path(__file__).resolve().parent.parent
REDIS = ("127.0.0.1", 6379)
REDIS_DB = 14
# Redis is shared with other runs (another test worker, an earlier run): this run's account and
# addresses are its own, so no run sees another's sign-in or feedback counts.
RUN = secrets.token_hex(4)
EMAIL = f"sam-{RUN}@example.org"


def redis_is_there() -> bool:
    try:
        with socket.create_connection(REDIS, timeout=1):
            return True
    except OSError:
        return False


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


SETUP = """
from accounts.models import User
from charters.models import Partnership
from feedback.forms import topics_for
p = Partnership.objects.create(name="Wirral", slug="wirral")
topics_for(p)
User.objects.create_user(EMAIL, "a-long-test-password", name="Sam Parent", partnership=p)
"""


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    if not redis_is_there():
        message = f"The production test needs Redis on {REDIS[0]}:{REDIS[1]}."
        if os.environ.get("REQUIRE_REDIS") == "1":
            pytest.fail(message + " REQUIRE_REDIS=1 is set, so this is a failure.")
        pytest.skip(message)
    folder = tmp_path_factory.mktemp("production")
    port = free_port()
    leave_out = {"DJANGO_ALLOW_ASYNC_UNSAFE", "DATABASE_URL", "DJANGO_SETTINGS_MODULE"}
    env = {
        **{k: v for k, v in os.environ.items() if k not in leave_out},
        **PRODUCTION,
        "ALLOWED_HOSTS": "127.0.0.1",
        "SITE_URL": f"https://127.0.0.1:{port}",
        "DATABASE_URL": f"sqlite:///{folder / 'db.sqlite3'}",
        "CACHE_URL": f"redis://{REDIS[0]}:{REDIS[1]}/{REDIS_DB}",
        "CACHE_KEY_PREFIX": f"production-test-{RUN}",
        "STATIC_ROOT": str(folder / "static"),
        "MEDIA_ROOT": str(folder / "media"),
        "TRUST_X_FORWARDED_PROTO": "on",
        "TRUSTED_PROXIES": "1",
        "FEEDBACK_RATE_LIMIT": "2",
        "EMAIL_URL": "dummymail://",
    }

    def manage(*args):
        subprocess.run([sys.executable, "manage.py", *args], cwd=ROOT, env=env, check=True, capture_output=True)

    manage("migrate", "--noinput")
    manage("collectstatic", "--noinput")
    manage("shell", "-c", f"EMAIL = {EMAIL!r}\n" + SETUP)
    gunicorn = Path(sys.executable).with_name("gunicorn")
    process = subprocess.Popen(
        [str(gunicorn), "charter_portal.wsgi", "--no-control-socket", "--bind", f"127.0.0.1:{port}", "--workers", "2"],
        cwd=ROOT,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )
    base = f"http://127.0.0.1:{port}"
    for _ in range(100):
        try:
            requests.get(base + "/accessibility/", headers={"X-Forwarded-Proto": "https"}, timeout=5)
            break
        except requests.RequestException:
            time.sleep(0.2)
    yield base
    process.terminate()
    process.wait(timeout=10)


class Browser:
    """Requests behind an HTTPS load balancer: the cookies are Secure, so they are kept by hand."""

    def __init__(self, base: str):
        self.base, self.cookies = base, SimpleCookie()
        # Each browser comes from an address of its own, as the load balancer reports it.
        self.address = f"10.{random.randrange(256)}.{random.randrange(256)}.{random.randrange(1, 255)}"

    def request(self, method: str, path: str, data: dict | None = None) -> requests.Response:
        headers = {
            "X-Forwarded-Proto": "https",
            "X-Forwarded-For": self.address,
            "Referer": self.base.replace("http://", "https://") + path,
        }
        if self.cookies:
            headers["Cookie"] = "; ".join(f"{k}={v.value}" for k, v in self.cookies.items())
        if data is not None:
            data = {**data, "csrfmiddlewaretoken": self.cookies["csrftoken"].value}
        response = requests.request(
            method, self.base + path, data=data, headers=headers, allow_redirects=False, timeout=10
        )
        for header in response.raw.headers.getlist("Set-Cookie"):
            self.cookies.load(header)
        return response

    def get(self, path):
        return self.request("GET", path)

    def post(self, path, data):
        return self.request("POST", path, data)


def test_a_family_sends_feedback_and_the_limit_holds(server):
    browser = Browser(server)
    form = browser.get("/wirral/tell-us/")
    assert form.status_code == 200
    topic = re.search(r'name="topic"[^>]*?value="(\d+)"', form.text, re.DOTALL).group(1)
    answers = {"topic": topic, "text": "The bus is late every day.", "who": "parent-carer"}

    def press_send():
        check = browser.get("/wirral/tell-us/check/")
        token = re.search(r'name="submission_token" value="([^"]+)"', check.text).group(1)
        return browser.post("/wirral/tell-us/check/", {"submission_token": token})

    for _ in range(2):
        assert browser.post("/wirral/tell-us/", answers).status_code == 302
        sent = press_send()
        assert sent.status_code == 302, sent.text[:500]
        page = browser.get("/wirral/tell-us/sent/")
        assert re.search(r"[A-Z0-9]{4}-[A-Z0-9]{4}", page.text)
    browser.post("/wirral/tell-us/", answers)
    held = press_send()
    assert held.status_code == 429 and "Please wait a few minutes" in held.text


def test_sign_in_works_and_is_throttled_across_workers(server):
    browser = Browser(server)
    browser.get("/sign-in/")
    for _ in range(5):
        assert browser.post("/sign-in/", {"username": EMAIL, "password": "guess"}).status_code in (200, 429)
    paused = browser.post("/sign-in/", {"username": EMAIL, "password": "a-long-test-password"})
    assert paused.status_code == 429 and "Sign-in is paused" in paused.text
    other = Browser(server)
    other.get("/sign-in/")
    # The lock is on the account (and the address), held in Redis for every worker.
    assert other.post("/sign-in/", {"username": EMAIL, "password": "a-long-test-password"}).status_code == 429


def test_public_pages_are_kept_in_redis_for_every_worker(server):
    import redis

    first = Browser(server).get("/wirral/you-said-we-did/")
    assert first.status_code == 200 and "Set-Cookie" not in first.headers
    assert redis.Redis(*REDIS, db=REDIS_DB).keys(f"production-test-{RUN}:*public-pages:page:*")
    # Whichever worker answers, a new visitor gets the kept page, with the headers every page has.
    for _ in range(4):
        again = Browser(server).get("/wirral/you-said-we-did/")
        assert again.text == first.text
        assert "default-src 'self'" in again.headers["Content-Security-Policy"]
