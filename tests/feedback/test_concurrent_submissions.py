"""Fifty families sending feedback at the same moment, against the live server
on PostgreSQL: every one is stored once, each with its own reference."""

import re
from concurrent.futures import ThreadPoolExecutor

import pytest
import requests
from django.db import connection

from feedback.forms import topics_for
from feedback.models import Feedback

SENDERS = 50


def send_one(base: str, slug: str, topic_id: int, n: int) -> int:
    session = requests.Session()
    form_url = f"{base}/{slug}/tell-us/"
    page = session.get(form_url, timeout=30)
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page.text).group(1)
    answers = {
        "csrfmiddlewaretoken": token,
        "topic": topic_id,
        "text": f"Family number {n} says the transport letters come too late.",
        "who": "parent-carer",
        "website": "",
    }
    session.post(form_url, data=answers, headers={"Referer": form_url}, timeout=30)
    check_url = f"{base}/{slug}/tell-us/check/"
    response = session.post(check_url, data={"csrfmiddlewaretoken": token}, headers={"Referer": check_url}, timeout=30)
    return response.status_code


@pytest.mark.django_db(transaction=True)
def test_fifty_concurrent_submissions_store_fifty_items_with_distinct_references(live_server, partnership, settings):
    if connection.vendor != "postgresql":
        pytest.skip("Concurrent writers are tested on PostgreSQL (set DATABASE_URL); SQLite writes one at a time.")
    settings.FEEDBACK_RATE_LIMIT = SENDERS * 2
    topic_id = topics_for(partnership).first().pk
    with ThreadPoolExecutor(max_workers=SENDERS) as pool:
        statuses = list(pool.map(lambda n: send_one(live_server.url, "wirral", topic_id, n), range(SENDERS)))
    assert statuses == [200] * SENDERS
    assert Feedback.objects.count() == SENDERS
    assert Feedback.objects.values("reference").distinct().count() == SENDERS
    assert {f.text for f in Feedback.objects.all()} == {
        f"Family number {n} says the transport letters come too late." for n in range(SENDERS)
    }
