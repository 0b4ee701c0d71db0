"""Meeting papers: what a file claims to be is checked against what it is, and sending them is a fact."""

import datetime
import io
import tracemalloc
import zipfile

import pytest
from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from charters.models import MeetingStandard
from projects import services
from projects.forms import paper_name
from projects.models import Meeting

PDF = b"%PDF-1.4\n1 0 obj<</Type/Catalog>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n"
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 32
GIF = b"GIF89a" + b"\x00" * 32
JPEG = b"\xff\xd8\xff\xe0\x00\x10JFIF\x00" + b"\x00" * 32
SVG = b'<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>'
EXE = b"MZ\x90\x00" + b"\x00" * 64


def zipped(*entries: tuple[str, bytes]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name, content in entries:
            archive.writestr(zipfile.ZipInfo(name), content)
    return buffer.getvalue()


DOCX = zipped(("[Content_Types].xml", b"<Types/>"), ("_rels/.rels", b""), ("word/document.xml", b"<w:document/>"))
ODT = zipped(("mimetype", b"application/vnd.oasis.opendocument.text"), ("content.xml", b"<office:document/>"))
SPREADSHEET = zipped(("[Content_Types].xml", b"<Types/>"), ("xl/workbook.xml", b"<workbook/>"))
PLAIN_ZIP = zipped(("notes.txt", b"hello"))


@pytest.fixture
def officer_client(client, officer):
    client.force_login(officer)
    return client


def upload(client, project, meeting, name: str, content: bytes):
    url = reverse("projects:add_paper", args=["wirral", project.pk, meeting.pk])
    return client.post(url, {"file": SimpleUploadedFile(name, content)})


@pytest.mark.parametrize(
    ("name", "content"),
    [
        ("agenda.pdf", PDF),
        ("minutes.docx", DOCX),
        ("minutes.odt", ODT),
        ("photo.png", PNG),
        ("photo.JPG", JPEG),
        ("photo.jpeg", JPEG),
        ("map.gif", GIF),
    ],
)
def test_real_papers_are_kept(officer_client, project, meeting, name, content):
    response = upload(officer_client, project, meeting, name, content)
    assert response.status_code == 302
    paper = meeting.papers.get()
    assert paper.name == name[: name.rindex(".")] + name[name.rindex(".") :].lower()
    download = reverse("projects:paper", args=["wirral", project.pk, meeting.pk, paper.pk])
    assert b"".join(officer_client.get(download).streaming_content) == content


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("virus.exe", EXE, "The file must be a PDF, a Word or OpenDocument text file"),
        ("agenda.pdf", EXE, "name says it is a PDF, but its contents are something else"),
        ("photo.png", SVG, "name says it is a PNG image, but its contents"),
        ("photo.gif", PNG, "name says it is a GIF image, but its contents"),
        ("minutes.docx", PLAIN_ZIP, "name says it is a Word document, but it is not one inside"),
        ("minutes.docx", SPREADSHEET, "name says it is a Word document, but its contents"),
        ("minutes.odt", DOCX, "name says it is an OpenDocument text document, but its contents"),
        ("minutes.odt", PLAIN_ZIP, "name says it is an OpenDocument text document, but it is not one inside"),
        ("minutes.docx", PDF, "name says it is a Word document, but its contents"),
        ("drawing.svg", SVG, "The file must be a PDF"),
        ("empty.pdf", b"", "The file is empty"),
        (".pdf", PDF, "The file must be a PDF"),
        ("no-extension", PDF, "The file must be a PDF"),
    ],
)
def test_papers_that_are_not_what_they_claim_are_refused(officer_client, project, meeting, name, content, message):
    response = upload(officer_client, project, meeting, name, content)
    assert response.status_code == 400
    assert message in response.text
    assert not meeting.papers.exists()


def test_a_document_that_unpacks_to_gigabytes_is_refused_without_unpacking_it(officer_client, project, meeting):
    """A zip bomb: an .odt whose mimetype entry unpacks to 200 MB from a few hundred kilobytes."""
    buffer = io.BytesIO()
    with (
        zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED) as archive,
        archive.open("mimetype", "w") as entry,
    ):
        for _ in range(200):
            entry.write(b"a" * (1024 * 1024))
    tracemalloc.start()
    try:
        response = upload(officer_client, project, meeting, "minutes.odt", buffer.getvalue())
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert response.status_code == 400
    assert "it is not one inside" in response.text
    assert peak < 50 * 1024 * 1024


def test_a_paper_too_big_is_refused(officer_client, project, meeting):
    response = upload(officer_client, project, meeting, "big.pdf", PDF + b"0" * (10 * 1024 * 1024))
    assert "smaller than 10 MB" in response.text


@pytest.mark.parametrize(
    ("given", "kept"),
    [
        ("a" * 300 + ".pdf", "a" * 80 + ".pdf"),
        ("C:\\Users\\sam\\Documents\\agenda.PDF", "agenda.pdf"),
        ("../../etc/agenda.pdf", "agenda.pdf"),
        ("agenda\x00\x07.pdf", "agenda.pdf"),
        ("  spaced name  .pdf", "spaced name.pdf"),
    ],
)
def test_file_names_are_shortened_and_cleaned_keeping_the_extension(given, kept):
    assert paper_name(given) == kept


def test_a_very_long_name_is_stored_without_error(officer_client, project, meeting):
    response = upload(officer_client, project, meeting, "é" * 250 + ".pdf", PDF)
    assert response.status_code == 302
    paper = meeting.papers.get()
    assert paper.name.endswith(".pdf") and len(paper.name) <= 84
    assert len(paper.file.name) <= 300


def test_sending_the_papers_tells_members_and_is_the_date_the_standard_checks(
    officer_client, project, meeting, family, charter, django_capture_on_commit_callbacks
):
    MeetingStandard.objects.filter(charter=charter).update(papers_notice_days=7)
    send = reverse("projects:send_papers", args=["wirral", project.pk, meeting.pk])
    officer_client.post(send)
    meeting.refresh_from_db()
    assert meeting.papers_sent_at is None  # nothing to send yet
    upload(officer_client, project, meeting, "agenda.pdf", PDF)
    with django_capture_on_commit_callbacks(execute=True):
        officer_client.post(send)
    meeting.refresh_from_db()
    assert meeting.papers_sent_at is not None and meeting.keeps_standard
    to_family = [m for m in mail.outbox if m.to == [family.email]]
    assert to_family and "agenda.pdf" in to_family[0].body
    assert project.events.first().what == "Sent the papers for First meeting to the members, 30 days before it"


def test_papers_sent_late_break_the_standard(project, officer, meeting, charter):
    MeetingStandard.objects.filter(charter=charter).update(papers_notice_days=7)
    Meeting.objects.filter(pk=meeting.pk).update(date=timezone.localdate() + datetime.timedelta(days=3))
    meeting.refresh_from_db()
    services.add_paper(meeting, SimpleUploadedFile("agenda.pdf", PDF), "agenda.pdf", officer)
    services.send_papers(meeting, officer)
    meeting.refresh_from_db()
    assert meeting.standard_breaches == ["The papers were sent less than 7 days before."]
    assert "(later than the meeting standard asks)" in project.events.first().what


def test_papers_not_sent_inside_the_notice_window_warn_on_the_project_page(officer_client, project, meeting, charter):
    MeetingStandard.objects.filter(charter=charter).update(papers_notice_days=7)
    page = officer_client.get(reverse("projects:detail", args=["wirral", project.pk])).text
    assert "Papers not sent for" not in page
    Meeting.objects.filter(pk=meeting.pk).update(date=timezone.localdate() + datetime.timedelta(days=5))
    page = officer_client.get(reverse("projects:detail", args=["wirral", project.pk])).text
    assert "Papers not sent for" in page and "the charter asks for them 7 days before" in page
    meeting_page = officer_client.get(reverse("projects:meeting", args=["wirral", project.pk, meeting.pk])).text
    assert "Papers not sent: the charter asks for them by" in meeting_page


def test_papers_are_served_only_to_members_and_officers(
    client, project, officer, meeting, forum_lead, outsider_officer
):
    paper = services.add_paper(meeting, SimpleUploadedFile("agenda.pdf", PDF), "agenda.pdf", officer)
    download = reverse("projects:paper", args=["wirral", project.pk, meeting.pk, paper.pk])
    client.force_login(forum_lead)
    assert client.get(download).status_code == 403
    page = client.get(reverse("projects:meeting", args=["wirral", project.pk, meeting.pk])).text
    assert download not in page and "1 paper" in page
    client.force_login(outsider_officer)
    assert client.get(download).status_code == 404


def test_changing_a_meeting_keeps_the_late_papers_it_broke_the_standard_with(project, officer, meeting, charter):
    MeetingStandard.objects.filter(charter=charter).update(papers_notice_days=7)
    Meeting.objects.filter(pk=meeting.pk).update(date=timezone.localdate() + datetime.timedelta(days=3))
    meeting.refresh_from_db()
    services.add_paper(meeting, SimpleUploadedFile("agenda.pdf", PDF), "agenda.pdf", officer)
    services.send_papers(meeting, officer)
    services.change_meeting(meeting, officer, place="The library", standard_breaches=[], override_reason="")
    meeting.refresh_from_db()
    assert meeting.place == "The library"
    assert meeting.standard_breaches == ["The papers were sent less than 7 days before."]


def test_papers_cannot_be_added_once_the_meeting_has_started(project, officer, meeting):
    Meeting.objects.filter(pk=meeting.pk).update(date=timezone.localdate() - datetime.timedelta(days=1))
    meeting.refresh_from_db()
    with pytest.raises(services.ProjectError, match="only before the meeting starts"):
        services.add_paper(meeting, SimpleUploadedFile("agenda.pdf", PDF), "agenda.pdf", officer)


def test_the_same_long_name_uploaded_twice_is_kept_twice(officer_client, project, meeting):
    name = "minutes of the meeting " * 12 + ".pdf"
    for _ in range(2):
        assert upload(officer_client, project, meeting, name, PDF).status_code == 302
    papers = list(meeting.papers.all())
    assert len(papers) == 2 and papers[0].file.name != papers[1].file.name
    assert all(len(p.file.name) <= 300 for p in papers)
