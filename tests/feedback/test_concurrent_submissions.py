"""Families sending feedback at the same moment, against the live server on PostgreSQL.

Two hundred sendings from twenty families at once are each stored once, with their own references;
and twenty families each pressing Send twice at the same instant (the same one-time token in two
requests at once) make twenty items, not forty: the token's unique constraint decides."""

import re
import threading
import time
from concurrent.futures import ThreadPoolExecutor

import pytest
import requests
from django.core.servers.basehttp import ThreadedWSGIServer
from django.db import connection
from django.test.testcases import LiveServerThread, _StaticFilesHandler

from feedback import services
from feedback.forms import topics_for
from feedback.models import Feedback

CLIENTS = 20
EACH = 10  # sendings per client: 200 in all
TIMEOUT = 30

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture(autouse=True)
def on_postgresql(settings):
    if connection.vendor != "postgresql":
        pytest.skip("Concurrent writers are tested on PostgreSQL (set DATABASE_URL); SQLite writes one at a time.")
    # Every family here writes from one address.
    settings.FEEDBACK_RATE_LIMIT = CLIENTS * EACH * 2


class RoomyServer(ThreadedWSGIServer):
    # Forty presses arrive in the same instant: Django's test server queues only ten connections
    # and the kernel resets the rest, which would test the machine, not the portal.
    request_queue_size = 128


class RoomyServerThread(LiveServerThread):
    server_class = RoomyServer


@pytest.fixture
def roomy_server(on_postgresql, settings):
    """The live server, on its own thread pool, for this test only (the data it sees is committed)."""
    settings.ALLOWED_HOSTS = [*settings.ALLOWED_HOSTS, "127.0.0.1"]
    thread = RoomyServerThread("127.0.0.1", _StaticFilesHandler)
    thread.daemon = True
    thread.start()
    thread.is_ready.wait()
    if thread.error:
        raise thread.error
    thread.url = f"http://127.0.0.1:{thread.port}"
    yield thread
    thread.terminate()


class Family:
    """One browser: its own cookies, the answers it types, the Send it presses."""

    def __init__(self, base: str, slug: str, topic_id: int):
        self.session = requests.Session()
        self.form_url = f"{base}/{slug}/tell-us/"
        self.check_url = f"{base}/{slug}/tell-us/check/"
        self.sent_url = f"{base}/{slug}/tell-us/sent/"
        self.topic_id = topic_id
        page = self.session.get(self.form_url, timeout=TIMEOUT)
        self.csrf = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page.text).group(1)

    def answer(self, text: str) -> str:
        """Fill in the form and reach check your answers: the page's one-time token."""
        answers = {
            "csrfmiddlewaretoken": self.csrf,
            "topic": self.topic_id,
            "text": text,
            "who": "parent-carer",
            "website": "",
        }
        answered = self.session.post(
            self.form_url, data=answers, headers={"Referer": self.form_url}, allow_redirects=False, timeout=TIMEOUT
        )
        assert answered.status_code == 302, answered.text[:300]
        check = self.session.get(self.check_url, timeout=TIMEOUT)
        return re.search(r'name="submission_token" value="([^"]+)"', check.text).group(1)

    def press_send(self, token: str) -> requests.Response:
        """One press of Send. Not through the Session, so two presses can run at once from one browser."""
        return requests.post(
            self.check_url,
            data={"csrfmiddlewaretoken": self.csrf, "submission_token": token},
            cookies=self.session.cookies.get_dict(),
            headers={"Referer": self.check_url},
            allow_redirects=False,
            timeout=TIMEOUT,
        )

    def reference_shown(self) -> str | None:
        page = self.session.get(self.sent_url, timeout=TIMEOUT).text
        found = re.search(r'class="app-reference">([A-Z0-9]{4})-([A-Z0-9]{4})<', page)
        return "".join(found.groups()) if found else None


def text_of(client: int, n: int) -> str:
    return f"Family number {client}, letter {n}: the transport letters come too late."


def test_two_hundred_sendings_from_twenty_families_at_once_are_each_stored_once(roomy_server, partnership):
    topic_id = topics_for(partnership).first().pk

    def one_family(client: int) -> list[str]:
        problems = []
        try:
            family = Family(roomy_server.url, "wirral", topic_id)
            for n in range(EACH):
                response = family.press_send(family.answer(text_of(client, n)))
                if response.status_code != 302 or not response.headers["Location"].endswith("/tell-us/sent/"):
                    problems.append(f"{client}/{n}: {response.status_code}")
        except Exception as error:  # every failure is counted, none hidden
            problems.append(f"{client}: {error!r}")
        return problems

    with ThreadPoolExecutor(max_workers=CLIENTS) as pool:
        problems = [p for found in pool.map(one_family, range(CLIENTS)) for p in found]
    assert problems == []
    assert Feedback.objects.count() == CLIENTS * EACH
    assert Feedback.objects.values("reference").distinct().count() == CLIENTS * EACH
    assert Feedback.objects.values("submission_token").distinct().count() == CLIENTS * EACH
    assert {f.text for f in Feedback.objects.all()} == {text_of(c, n) for c in range(CLIENTS) for n in range(EACH)}


def test_twenty_families_pressing_send_twice_at_the_same_moment_make_twenty_items(
    roomy_server, partnership, monkeypatch
):
    topic_id = topics_for(partnership).first().pk
    families = [Family(roomy_server.url, "wirral", topic_id) for _ in range(CLIENTS)]
    tokens = [family.answer(text_of(n, 0)) for n, family in enumerate(families)]

    # Hold each first press inside its transaction a moment, so the second press of the same Send
    # certainly reaches the database before the first is stored, and the constraint has to decide.
    record = services.record

    def slow_record(*args, **kwargs):
        time.sleep(0.3)
        return record(*args, **kwargs)

    monkeypatch.setattr(services, "record", slow_record)
    found_stored = []
    sent_with = services.sent_with

    def counted_sent_with(*args):
        found = sent_with(*args)
        found_stored.append(found)
        return found

    monkeypatch.setattr(services, "sent_with", counted_sent_with)

    barrier = threading.Barrier(CLIENTS * 2, timeout=TIMEOUT)

    def press(n: int) -> tuple[int, int]:
        family, token = families[n // 2], tokens[n // 2]
        barrier.wait()
        return n // 2, family.press_send(token).status_code

    with ThreadPoolExecutor(max_workers=CLIENTS * 2) as pool:
        presses = list(pool.map(press, range(CLIENTS * 2)))

    assert [status for _family, status in presses] == [302] * (CLIENTS * 2)
    assert Feedback.objects.count() == CLIENTS
    # Pairs collided in the database, and each second press was given the first's item. (A press the
    # machine held back until its twin had finished finds the reference in the session instead.)
    assert found_stored and all(found_stored), found_stored
    print(f"{len(found_stored)} of {CLIENTS} pairs met at the unique constraint")
    for family, token in zip(families, tokens, strict=True):
        feedback = Feedback.objects.get(submission_token=token)
        assert family.reference_shown() == feedback.reference
        assert feedback.events.filter(kind="received").count() == 1
        # A third press later (a retried request): the same reference again, still one item.
        again = family.press_send(token)
        assert again.status_code == 302
        assert family.reference_shown() == feedback.reference
    assert Feedback.objects.count() == CLIENTS
