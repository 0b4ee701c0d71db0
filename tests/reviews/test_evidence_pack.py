"""The inspection evidence pack: what the ZIP holds and how its files are named, each part's content,
progress as it is made, a failure told in plain words, making it twice, the file store, and who may
ask for, see and download a pack."""

import csv
import datetime
import io
import zipfile

import pytest
from django.conf import settings
from django.core import mail
from django.urls import reverse

from charter_portal.models import Message
from charter_portal.periods import Period, this_quarter
from reviews import kite_mark, pack
from reviews.models import CaseStudy, EvidencePack, KiteMarkApplication
from tests.conftest import client_for, make_charter, make_ready_pack

START, END = this_quarter().start, this_quarter().end
PERIOD = Period(START, END)


@pytest.fixture
def no_pdfs(monkeypatch):
    """Most tests read the HTML copies: without PDFs they run in a fraction of the time."""
    monkeypatch.setattr(pack, "pdf_available", lambda: False)


@pytest.fixture
def kite_marked(ready_project, officer, forum_lead, youth_lead):
    """Health Passports, kite-marked by both groups, with its case study published."""
    application = kite_mark.apply(ready_project, officer)
    kite_mark.sign_off(application, forum_lead, "signed")
    kite_mark.sign_off(application, youth_lead, "signed")
    CaseStudy.objects.create(
        project=ready_project, summary="Families rewrote the passport together.", published_at=application.applied_at
    )
    return KiteMarkApplication.objects.get(pk=application.pk)


def make_pack(capture, partnership, who, period=PERIOD) -> EvidencePack:
    with capture(execute=True):
        made = pack.request_pack(partnership, period, who)
    made.refresh_from_db()
    return made


def contents(made: EvidencePack) -> dict[str, bytes]:
    with made.file.open("rb") as stored, zipfile.ZipFile(io.BytesIO(stored.read())) as archive:
        return {info.filename: archive.read(info) for info in archive.infolist()}


def rows(data: bytes) -> list[dict]:
    return list(csv.DictReader(io.StringIO(data.decode("utf-8-sig"))))


def test_the_zip_opens_with_an_index_of_every_file_each_named_with_its_period(
    no_pdfs, django_capture_on_commit_callbacks, charter, admin, kite_marked
):
    made = make_pack(django_capture_on_commit_callbacks, charter.partnership, admin)
    assert made.status == "ready"
    assert made.filename == f"evidence-pack-wirral-{PERIOD.slug}.zip"
    files = contents(made)
    names = list(files)
    assert names[0] == "index.html"
    assert f"insights-{PERIOD.slug}.html" in names and f"you-said-we-did-{PERIOD.slug}.html" in names
    assert f"data/feedback-by-channel-{PERIOD.slug}.csv" in names
    own = [name for name in names[1:] if not name.startswith(("insights-", "you-said-we-did-", "data/"))]
    assert own == [
        f"charter-2023-in-force-{END:%Y-%m-%d}.html",
        f"charter-history-to-{END:%Y-%m-%d}.html",
        f"charter-history-to-{END:%Y-%m-%d}.csv",
        f"case-study-health-passports-{PERIOD.slug}.html",
        f"kite-marks-awarded-{PERIOD.slug}.csv",
        f"kite-mark-history-{PERIOD.slug}.csv",
    ]
    index = files["index.html"].decode()
    assert f"for {PERIOD.label}, made on" in index
    for name in names[1:]:
        assert f'<a href="{name}">{name}</a>' in index
    assert "History of the charter (table)" in index
    assert "PDF copies could not be made on the server this time" in index
    assert made.files_done == made.files_total == len(names)
    assert made.size == made.file.size > 0
    with made.file.open("rb") as stored, zipfile.ZipFile(stored) as archive:
        assert {info.compress_type for info in archive.infolist()} == {zipfile.ZIP_DEFLATED}


def test_the_charter_in_force_is_there_in_full_with_its_history(
    no_pdfs, django_capture_on_commit_callbacks, charter, admin
):
    newer = make_charter(charter.partnership, version="2026", publish=False)
    newer.published_on = END + datetime.timedelta(days=1)
    newer.save()
    from charters.services import publish

    publish(newer, admin)
    files = contents(make_pack(django_capture_on_commit_callbacks, charter.partnership, admin))
    # Version 2026 is published after the period ends: the pack holds 2023, the version in force then.
    document = files[f"charter-2023-in-force-{END:%Y-%m-%d}.html"].decode()
    assert "<h1>Wirral SEND Co-production Charter</h1>" in document
    assert "Working Together" in document and "By listening first" in document
    assert "Wirral Council" in document and "a later version has replaced it since" in document
    history = files[f"charter-history-to-{END:%Y-%m-%d}.html"].decode()
    assert "Version 2023" in history and "Version 2026" not in history
    table = rows(files[f"charter-history-to-{END:%Y-%m-%d}.csv"])
    assert {row["Version"] for row in table} == {"2023"}


def test_each_kite_marked_project_has_its_case_study_and_verification_link(
    no_pdfs, django_capture_on_commit_callbacks, charter, admin, kite_marked
):
    files = contents(make_pack(django_capture_on_commit_callbacks, charter.partnership, admin))
    link = f"{settings.SITE_URL}/kite-mark/{kite_marked.code}/"
    assert reverse("reviews:verify", args=[kite_marked.code]) == f"/kite-mark/{kite_marked.code}/"
    study = files[f"case-study-health-passports-{PERIOD.slug}.html"].decode()
    assert "<h1>Health Passports</h1>" in study
    assert "Families rewrote the passport together." in study
    assert f'<a href="{link}">{link}</a>' in study
    assert "Parents and carers (2)" in study
    [award] = rows(files[f"kite-marks-awarded-{PERIOD.slug}.csv"])
    assert award["Project"] == "Health Passports"
    assert award["Check it at"] == link
    assert award["Case study"] == f"case-study-health-passports-{PERIOD.slug}.html"


def test_a_revoked_kite_mark_and_one_awarded_after_the_period_are_left_out(
    no_pdfs, django_capture_on_commit_callbacks, charter, admin, kite_marked
):
    before = Period(START - datetime.timedelta(days=400), START - datetime.timedelta(days=1))
    files = contents(make_pack(django_capture_on_commit_callbacks, charter.partnership, admin, before))
    assert rows(files[f"kite-marks-awarded-{before.slug}.csv"]) == []
    assert not any(name.startswith("case-study-") for name in files)
    kite_mark.revoke(kite_marked, admin, "families were not asked at the end")
    files = contents(make_pack(django_capture_on_commit_callbacks, charter.partnership, admin))
    assert rows(files[f"kite-marks-awarded-{PERIOD.slug}.csv"]) == []


def test_the_kite_mark_history_has_each_step_in_the_period_with_its_reasons(
    no_pdfs, django_capture_on_commit_callbacks, charter, admin, kite_marked
):
    kite_mark.revoke(kite_marked, admin, "families were not asked at the end")
    files = contents(make_pack(django_capture_on_commit_callbacks, charter.partnership, admin))
    history = rows(files[f"kite-mark-history-{PERIOD.slug}.csv"])
    assert [row["What happened"] for row in history] == [
        "Applied",
        "Signed off by the parent carer forum",
        "Signed off by the young people's group",
        "Awarded under charter version 2023",
        "Kite mark revoked",
    ]
    assert history[-1]["Reason"] == "families were not asked at the end"
    assert history[-1]["By"] == "Morgan Admin"
    assert {row["Project"] for row in history} == {"Health Passports"}


def test_a_decline_and_its_reason_are_in_the_history(
    no_pdfs, django_capture_on_commit_callbacks, charter, admin, ready_project, officer, forum_lead
):
    application = kite_mark.apply(ready_project, officer)
    kite_mark.sign_off(application, forum_lead, "declined", "Young people were missing at Aim")
    files = contents(make_pack(django_capture_on_commit_callbacks, charter.partnership, admin))
    declined = rows(files[f"kite-mark-history-{PERIOD.slug}.csv"])[-1]
    assert declined["What happened"] == "Declined by the parent carer forum"
    assert declined["Reason"] == "Young people were missing at Aim"
    # Last year's pack has none of it.
    last_year = Period(START.replace(year=START.year - 1), END.replace(year=END.year - 1))
    files = contents(make_pack(django_capture_on_commit_callbacks, charter.partnership, admin, last_year))
    assert rows(files[f"kite-mark-history-{last_year.slug}.csv"]) == []


def test_progress_is_counted_as_each_part_makes_its_files(
    monkeypatch, django_capture_on_commit_callbacks, partnership, admin
):
    seen = []

    def two_files(partnership, period, made_on):
        return [pack.PackFile("a.csv", "A", b"a"), pack.PackFile("b.csv", "B", b"b")]

    two_files.count = lambda partnership, period: 2

    def looks_at_progress(partnership, period, made_on):
        stored = EvidencePack.objects.get()
        seen.append((stored.status, stored.files_done, stored.files_total))
        return [pack.PackFile("c.csv", "C", b"c"), pack.PackFile("a.csv", "A again", b"a")]

    monkeypatch.setattr(pack, "PARTS", [two_files, looks_at_progress])
    made = make_pack(django_capture_on_commit_callbacks, partnership, admin)
    # After the first part: 2 files made, and 2 + 1 (a part that cannot say) + the index to go.
    assert seen == [("building", 2, 4)]
    assert (made.files_done, made.files_total) == (5, 5)
    assert list(contents(made)) == ["index.html", "a.csv", "b.csv", "c.csv", "a-2.csv"]


def test_the_progress_page_says_how_far_it_has_got_with_a_refresh_link(client, partnership, admin):
    made = EvidencePack.objects.create(
        partnership=partnership, period_start=START, period_end=END, requested_by=admin, status="building"
    )
    EvidencePack.objects.filter(pk=made.pk).update(files_done=3, files_total=9)
    client.force_login(admin)
    page = client.get(reverse("reviews:evidence_pack", args=["wirral", made.pk])).content.decode()
    assert "Making your pack: 3 of 9 files" in page
    assert f'href="{reverse("reviews:evidence_pack", args=["wirral", made.pk])}">Refresh</a>' in page
    assert "http-equiv" not in page and "Download" not in page


def test_when_ready_the_person_is_told_and_the_page_offers_the_download(
    no_pdfs, client, django_capture_on_commit_callbacks, charter, admin
):
    made = make_pack(django_capture_on_commit_callbacks, charter.partnership, admin)
    message = Message.objects.get(name="evidence_pack_ready")
    assert (message.user, message.to, message.area) == (admin, admin.email, "wirral")
    assert f"{settings.SITE_URL}/wirral/evidence-pack/{made.pk}/" in message.body
    assert mail.outbox[-1].subject == f"Your evidence pack is ready: {PERIOD.label}"
    client.force_login(admin)
    page = client.get(reverse("reviews:evidence_pack", args=["wirral", made.pk])).content.decode()
    assert "Your pack is ready" in page
    assert f"Download {made.filename}</a> (ZIP, " in page
    assert [e.what for e in made.events.order_by("at", "pk")] == [
        f"Asked for the evidence pack for {PERIOD.label}",
        "Started making the pack",
        f"The pack is ready: {len(contents(made))} files, {pack.filesizeformat(made.size)}",
    ]


def test_a_failure_is_told_in_plain_words_and_can_be_tried_again(
    no_pdfs, monkeypatch, client, django_capture_on_commit_callbacks, charter, admin
):
    def breaks(partnership, period, made_on):
        raise ValueError("column 'secret_internal_name' does not exist")

    monkeypatch.setattr(pack, "PARTS", [*pack.PARTS, breaks])
    made = make_pack(django_capture_on_commit_callbacks, charter.partnership, admin)
    assert made.status == "failed" and not made.file
    assert made.error == pack.FAILED_MESSAGE
    assert Message.objects.filter(name="evidence_pack_failed", user=admin).exists()
    client.force_login(admin)
    url = reverse("reviews:evidence_pack", args=["wirral", made.pk])
    page = client.get(url).content.decode()
    assert "Your pack could not be made" in page and "secret_internal_name" not in page
    assert "Try again</button>" in page
    assert made.events.first().what == "The pack could not be made"

    monkeypatch.setattr(pack, "PARTS", pack.PARTS[:-1])
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("reviews:try_again", args=["wirral", made.pk]))
    assert response["Location"] == url
    made.refresh_from_db()
    assert made.status == "ready" and made.error == ""
    assert "Asked to try again" in [e.what for e in made.events.all()]


def test_making_a_ready_pack_again_does_nothing(no_pdfs, django_capture_on_commit_callbacks, charter, admin):
    made = make_pack(django_capture_on_commit_callbacks, charter.partnership, admin)
    events, name = made.events.count(), made.file.name
    assert pack.build_evidence_pack.call(made.pk) == "ready"
    made.refresh_from_db()
    assert (made.events.count(), made.file.name) == (events, name)
    assert Message.objects.filter(name="evidence_pack_ready").count() == 1


def test_a_double_click_asks_for_one_pack(django_capture_on_commit_callbacks, partnership, admin):
    with django_capture_on_commit_callbacks(execute=False):
        first = pack.request_pack(partnership, PERIOD, admin)
        second = pack.request_pack(partnership, PERIOD, admin)
    assert first == second and EvidencePack.objects.count() == 1


def test_the_pack_is_kept_in_the_bucket_and_downloaded_from_it(
    no_pdfs, files_in_bucket, client, django_capture_on_commit_callbacks, charter, admin
):
    made = make_pack(django_capture_on_commit_callbacks, charter.partnership, admin)
    assert files_in_bucket.keys() == [made.file.name]
    assert made.file.name.startswith(f"evidence-packs/{charter.partnership.pk}/{made.pk}/evidence-pack-wirral-")
    client.force_login(admin)
    response = client.get(reverse("reviews:download_evidence_pack", args=["wirral", made.pk]))
    assert response["Content-Type"] == "application/zip"
    assert response["Content-Disposition"] == f'attachment; filename="{made.filename}"'
    assert b"".join(response.streaming_content) == files_in_bucket.read(made.file.name)
    grants = files_in_bucket.client.get_object_acl(Bucket=files_in_bucket.name, Key=made.file.name)["Grants"]
    assert not any("AllUsers" in str(grant.get("Grantee")) for grant in grants)


def test_a_download_is_recorded_with_who(client, partnership, forum_lead, admin):
    made = make_ready_pack(partnership, admin)
    client.force_login(forum_lead)
    response = client.get(reverse("reviews:download_evidence_pack", args=["wirral", made.pk]))
    assert response.status_code == 200
    event = made.events.first()
    assert (event.what, event.actor) == ("Downloaded the pack", forum_lead)


def test_a_pack_not_ready_cannot_be_downloaded(client, partnership, admin):
    made = EvidencePack.objects.create(partnership=partnership, period_start=START, period_end=END)
    client.force_login(admin)
    assert client.get(reverse("reviews:download_evidence_pack", args=["wirral", made.pk])).status_code == 404


@pytest.mark.parametrize(
    ("who", "status"),
    [("anonymous", 302), ("family", 403), ("officer", 403), ("professional", 403), ("forum_lead", 200), ("admin", 200)],
)
def test_only_admins_and_forum_leads_see_and_download_packs(personas, partnership, who, status):
    made = make_ready_pack(partnership, personas["admin"])
    client = client_for(personas[who])
    for url in [
        reverse("reviews:evidence_packs", args=["wirral"]),
        reverse("reviews:evidence_pack", args=["wirral", made.pk]),
        reverse("reviews:download_evidence_pack", args=["wirral", made.pk]),
    ]:
        response = client.get(url)
        assert response.status_code == status, url
        if status == 302:
            assert response["Location"].startswith(reverse("accounts:login"))


def test_another_partnership_cannot_see_or_download_a_pack(partnership, other_partnership, admin, outsider_admin):
    made = make_ready_pack(partnership, admin)
    client = client_for(outsider_admin)
    # Through its own address, the pack of another partnership does not exist.
    for name in ["reviews:evidence_pack", "reviews:download_evidence_pack"]:
        assert client.get(reverse(name, args=["hounslow", made.pk])).status_code == 404
        assert client.get(reverse(name, args=["wirral", made.pk])).status_code == 403
    assert client.post(reverse("reviews:try_again", args=["hounslow", made.pk])).status_code == 404
    assert made.events.count() == 0
    # Their own list shows none of it.
    page = client.get(reverse("reviews:evidence_packs", args=["hounslow"])).content.decode()
    assert "No packs have been made yet" in page


def dates(start: tuple, end: tuple) -> dict:
    return {f"{name}_{i}": value for name, parts in (("start", start), ("end", end)) for i, value in enumerate(parts)}


TOMORROW = datetime.date.today() + datetime.timedelta(days=2)


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({}, "Enter the first day of the period"),
        (dates(("1", "10", "2026"), ("", "", "")), "Enter the last day of the period"),
        (dates(("31", "2", "2026"), ("1", "3", "2026")), "Enter a real date"),
        (dates(("1", "10", "2026"), ("30", "9", "2026")), "The last day must be the same as or after the first day"),
        (dates(("1", "1", "1999"), ("1", "3", "2026")), "The period must start on or after 1 January 2000"),
        (dates(("1", "1", "2015"), ("1", "3", "2026")), "The period must be 5 years or shorter"),
        (
            dates((str(TOMORROW.day), str(TOMORROW.month), str(TOMORROW.year)), ("1", "1", str(TOMORROW.year + 1))),
            "The period must start today or earlier",
        ),
        (dates(("1", "10", "99999"), ("1", "11", "2026")), "Enter a real date"),
    ],
)
def test_a_bad_period_is_explained_and_no_pack_is_made(client, partnership, admin, data, message):
    client.force_login(admin)
    response = client.post(reverse("reviews:evidence_packs", args=["wirral"]), data)
    assert response.status_code == 400
    summary = response.content.decode().split('class="govuk-error-summary"')[1].split("</ul>")[0]
    assert message in summary
    assert not EvidencePack.objects.exists()


def test_asking_for_a_pack_from_the_page_confirms_and_goes_to_its_progress(
    client, django_capture_on_commit_callbacks, partnership, forum_lead
):
    client.force_login(forum_lead)
    with django_capture_on_commit_callbacks(execute=False) as queued:
        response = client.post(
            reverse("reviews:evidence_packs", args=["wirral"]), dates(("1", "7", "2026"), ("30", "9", "2026"))
        )
    made = EvidencePack.objects.get()
    assert (made.period_start, made.period_end, made.requested_by) == (
        datetime.date(2026, 7, 1),
        datetime.date(2026, 9, 30),
        forum_lead,
    )
    assert made.status == "queued" and len(queued) == 1
    assert response["Location"] == reverse("reviews:evidence_pack", args=["wirral", made.pk])
    page = client.get(response["Location"]).content.decode()
    assert "We are making your pack" in page and "Your pack is waiting to be made" in page


def test_a_quick_period_fills_in_the_form(client, partnership, admin):
    from charter_portal.periods import financial_year

    client.force_login(admin)
    year = financial_year()
    page = client.get(reverse("reviews:evidence_packs", args=["wirral"]), {"period": year.slug}).content.decode()
    assert f'name="start_2" type="text" value="{year.start.year}"' in page or f'value="{year.start.year}"' in page


def test_the_list_pages_with_the_same_queries_at_two_sizes(client, partnership, admin, django_assert_max_num_queries):
    client.force_login(admin)
    url = reverse("reviews:evidence_packs", args=["wirral"])

    def add(n):
        EvidencePack.objects.bulk_create(
            EvidencePack(partnership=partnership, period_start=START, period_end=END, requested_by=admin)
            for _ in range(n)
        )

    add(2)
    with django_assert_max_num_queries(12) as small:
        assert client.get(url).status_code == 200
    add(40)
    with django_assert_max_num_queries(len(small.captured_queries)):
        page = client.get(url).content.decode()
    assert page.count('class="govuk-tag') == 20
    assert 'aria-label="Page 3"' in page


def test_the_pdfs_open_and_read_as_the_documents(
    pdf_text, django_capture_on_commit_callbacks, charter, admin, kite_marked
):
    files = contents(make_pack(django_capture_on_commit_callbacks, charter.partnership, admin))
    charter_pdf = pdf_text(files[f"charter-2023-in-force-{END:%Y-%m-%d}.pdf"])
    assert "Wirral SEND Co-production Charter" in charter_pdf and "Working Together" in charter_pdf
    study = pdf_text(files[f"case-study-health-passports-{PERIOD.slug}.pdf"])
    assert "Health Passports" in study and f"kite-mark/{kite_marked.code}/" in study.replace("\n", "")
    assert "PDF copies could not be made" not in files["index.html"].decode()
