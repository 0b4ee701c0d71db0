"""Meeting papers kept in an S3-compatible object store (MEDIA_BUCKET), as every app server shares them:
uploaded through the page, they land in the bucket, never on this machine's disk, and come back only
through the portal's own download, to those who may read them."""

import pytest
from django.urls import reverse

from tests.conftest import client_for
from tests.projects import test_papers as papers
from tests.projects.test_papers import PDF


def upload(user, meeting, name: str, content: bytes):
    return papers.upload(client_for(user), meeting.project, meeting, name, content)


def download_url(paper) -> str:
    return reverse("projects:paper", args=["wirral", paper.meeting.project_id, paper.meeting_id, paper.pk])


def test_a_paper_uploaded_through_the_page_is_kept_in_the_bucket(files_in_bucket, officer, meeting, settings):
    assert upload(officer, meeting, "agenda.pdf", PDF).status_code == 302
    paper = meeting.papers.get()
    key = f"papers/{meeting.project_id}/{meeting.pk}/agenda.pdf"
    assert paper.file.name == key
    assert files_in_bucket.keys() == [key]
    assert files_in_bucket.read(key) == PDF
    assert not (settings.MEDIA_ROOT / "papers").exists()


def test_a_member_downloads_the_same_bytes_from_the_bucket(files_in_bucket, officer, family, meeting):
    upload(officer, meeting, "agenda.pdf", PDF)
    response = client_for(family).get(download_url(meeting.papers.get()))
    assert response.status_code == 200
    assert response["Content-Disposition"] == 'attachment; filename="agenda.pdf"'
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Length"] == str(len(PDF))
    assert b"".join(response.streaming_content) == PDF


@pytest.mark.parametrize(("who", "status"), [("forum_lead", 403), ("outsider_officer", 404), ("anonymous", 302)])
def test_people_who_may_not_read_the_papers_are_still_refused(files_in_bucket, personas, meeting, who, status):
    upload(personas["officer"], meeting, "agenda.pdf", PDF)
    response = client_for(personas[who]).get(download_url(meeting.papers.get()))
    assert response.status_code == status
    assert PDF not in response.content


def test_two_papers_of_one_name_are_two_objects(files_in_bucket, officer, family, meeting):
    first, second = PDF, PDF.replace(b"Catalog", b"Catalogue")
    upload(officer, meeting, "agenda.pdf", first)
    upload(officer, meeting, "agenda.pdf", second)
    papers = list(meeting.papers.order_by("pk"))
    assert len(set(files_in_bucket.keys())) == 2
    assert [b"".join(client_for(family).get(download_url(p)).streaming_content) for p in papers] == [first, second]


def test_nothing_in_the_bucket_has_a_public_address(files_in_bucket, officer, meeting):
    upload(officer, meeting, "agenda.pdf", PDF)
    paper = meeting.papers.get()
    grants = files_in_bucket.client.get_object_acl(Bucket=files_in_bucket.name, Key=paper.file.name)["Grants"]
    assert [grant["Grantee"].get("URI") for grant in grants] == [None]
    # The object's address is never signed, so only the portal's download hands the paper out.
    assert "Signature" not in paper.file.url
    assert "X-Amz" not in paper.file.url
