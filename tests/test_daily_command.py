"""The daily command also clears expired sign-in sessions, so the sessions table does not grow for ever."""

import datetime
import io

import pytest
from django.contrib.sessions.models import Session
from django.core.management import call_command
from django.utils import timezone

pytestmark = pytest.mark.django_db


def test_the_daily_command_clears_expired_sessions_and_keeps_live_ones():
    now = timezone.now()
    Session.objects.create(session_key="expired", session_data="", expire_date=now - datetime.timedelta(days=1))
    Session.objects.create(session_key="live", session_data="", expire_date=now + datetime.timedelta(days=1))
    output = io.StringIO()
    call_command("send_due_notifications", stdout=output)
    assert list(Session.objects.values_list("session_key", flat=True)) == ["live"]
    assert "Cleared expired sessions" in output.getvalue()
