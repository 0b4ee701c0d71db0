"""Fixtures shared by the project tests."""

import datetime

import pytest
from django.utils import timezone

from projects import services


@pytest.fixture
def meeting(project, officer):
    return services.schedule_meeting(
        project.stages.get(stage="need"),
        officer,
        title="First meeting",
        date=timezone.localdate() + datetime.timedelta(days=30),
        start=datetime.time(10),
        end=datetime.time(12),
    )
