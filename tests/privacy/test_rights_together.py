"""The rights together, as a data protection officer would check them: a family with feedback, a
project membership, contributions, a meeting and messages gets a copy of their information, then
has their account erased; afterwards nothing in the database, the file store or any copy holds what
identified them, while the project's kite mark and their published You said, we did still show."""

import datetime
import html
import io
import zipfile
from pathlib import Path

import pytest
from django.urls import reverse

from accounts.models import DataRequest
from charter_portal.models import Message
from charter_portal.privacy import erasure
from feedback import services as feedback_services
from projects import services as project_services
from tests.conftest import award_kite_mark
from tests.privacy.people import feedback_from, identified
from tests.privacy.test_erasure import found_anywhere

NAME = "Orlaith Brackenbury"
EMAIL = "orlaith.brackenbury@example.org"
PHONE = "07700 956781"
STREET = "22 Thistlewick Road"
NEEDS = "A hearing loop in every meeting room"
TEXT = "Our son's short breaks at Thistlewick stopped and we found out from another parent."
VALUES = [NAME, EMAIL, PHONE, STREET, NEEDS, TEXT]
SAID, DID = "Short breaks stopped without a word", "Families now hear first, a month ahead"


def stored_texts(root: Path) -> dict[str, str]:
    """Every stored file's text, and each file inside a stored ZIP, by its path."""
    texts = {}
    for path in root.rglob("*"):
        if not path.is_file():
            continue
        content = path.read_bytes()
        if zipfile.is_zipfile(io.BytesIO(content)):
            with zipfile.ZipFile(io.BytesIO(content)) as archive:
                for name in archive.namelist():
                    texts[f"{path.name}/{name}"] = html.unescape(archive.read(name).decode(errors="replace"))
        else:
            texts[path.name] = html.unescape(content.decode(errors="replace"))
    return texts


def mentions(texts: dict[str, str]) -> list[str]:
    return [f"{where}: {value}" for where, text in texts.items() for value in VALUES if value in text]


@pytest.fixture
def history(family, partnership, project_in_evaluation, officer):
    """The family's whole history: account details, feedback answered and published, a membership of
    a project with a contribution and a meeting they attended, and messages sent to them. Asked for
    before ready_project, which then completes the project's last stage."""
    identified(family, NAME, EMAIL, PHONE, f"{STREET}\nBirkenhead", NEEDS)
    item = feedback_from(family, "Health", TEXT, consent_to_publish=True)
    feedback_services.add_note(item, officer, f"Rang {NAME} on {PHONE}")
    for status in ("considering", "doing", "done"):
        feedback_services.change_status(item, status, officer)
    feedback_services.publish(item, officer, SAID, DID)
    member = project_in_evaluation.members.get(user=family)
    stage = project_in_evaluation.stages.get(stage="evaluation")
    project_services.contribute(stage, member, "comment", f"As {NAME} said at the forum, tell families first.")
    project_services.record_past_meeting(
        stage,
        officer,
        [member],
        f"{NAME} asked for the loop to be fixed",
        title="Short breaks review",
        date=datetime.date(2026, 1, 5),
        start=datetime.time(10),
        end=datetime.time(11),
    )
    Message.objects.create(user=family, to=EMAIL, subject=f"Thank you {NAME}", body=f"Dear {NAME}")
    return family


def test_a_copy_then_erasure_leaves_nothing_that_identified_them_and_the_public_record_true(
    client,
    history,
    partnership,
    ready_project,
    officer,
    forum_lead,
    youth_lead,
    admin,
    settings,
    tmp_path,
    django_capture_on_commit_callbacks,
):
    settings.MEDIA_ROOT = tmp_path
    application = award_kite_mark(ready_project, officer, forum_lead, youth_lead)

    # The family downloads their copy, and an admin makes one for them as if asked by phone.
    client.force_login(history)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("privacy:ask_copy"))
    theirs = DataRequest.objects.get(subject=history, requested_by=history)
    download = client.get(reverse("privacy:download_copy", args=[theirs.pk]))
    with zipfile.ZipFile(io.BytesIO(b"".join(download.streaming_content))) as archive:
        summary = html.unescape(archive.read("summary.html").decode())
    assert all(value in summary for value in VALUES), "the copy holds what identified them"
    client.force_login(admin)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("privacy:copy_person", args=[history.pk]))
    assert DataRequest.objects.filter(subject=history, status=DataRequest.Status.READY).count() == 2
    assert mentions(stored_texts(tmp_path)) and found_anywhere(VALUES)

    # They ask for erasure and the admin confirms.
    client.force_login(history)
    client.post(reverse("privacy:ask_erasure"), {"action": "ask"})
    client.force_login(admin)
    with django_capture_on_commit_callbacks(execute=True):
        assert client.post(reverse("privacy:erase_person", args=[history.pk])).status_code == 302

    assert found_anywhere(VALUES) == []
    assert mentions(stored_texts(tmp_path)) == []
    assert not DataRequest.objects.filter(subject=history, status=DataRequest.Status.READY).exists()
    # Nothing more can be found under them: no copy of the erased account, nothing under their address.
    assert client.post(reverse("privacy:copy_person", args=[history.pk])).status_code == 404
    found = client.post(reverse("privacy:data_requests", args=[partnership.slug]), {"found_by": EMAIL})
    assert "We hold no feedback given with that email address" in found.text

    # The public record stays true.
    client.logout()
    board = client.get(reverse("feedback:board", args=[partnership.slug])).text
    assert SAID in board and DID in board
    verify = client.get(reverse("reviews:verify", args=[application.code]))
    assert verify.status_code == 200 and "This is a valid co-production kite mark" in verify.text
    assert ready_project.members.get(user=history).contributions.exists()
    assert history.events.filter(what__contains="erased").exists()
    assert erasure.description(history) == "A parent carer"
