"""Tables of figures and rows as files: CSV and ODS downloads, and the files of an evidence pack.

A `Table` is what a report shows as an HTML table and what it gives as a spreadsheet, so the two
can never disagree. Text that starts like a formula ("=", "+", "-", "@") is written to CSV so
spreadsheets show it rather than run it (defusedcsv); ODS cells are typed as text or numbers, so
nothing in them runs.
"""

import io
import tempfile
import zipfile
from dataclasses import dataclass, field

import tablib
from defusedcsv import csv
from django.core.files import File
from django.http import HttpResponse
from django.utils import timezone


@dataclass
class Table:
    """A titled table: `headers`, then `rows` of the same length (text, numbers, or None)."""

    title: str
    headers: list[str]
    rows: list[list] = field(default_factory=list)
    # For a file name: "feedback-by-channel".
    name: str = ""

    def as_csv(self) -> bytes:
        out = io.StringIO()
        writer = csv.writer(out)
        writer.writerow(self.headers)
        for row in self.rows:
            writer.writerow(["" if value is None else value for value in row])
        # The byte-order mark makes Excel read accents and curly quotes.
        return ("\ufeff" + out.getvalue()).encode("utf-8")

    def as_dataset(self) -> tablib.Dataset:
        # A sheet's name is at most 31 characters and cannot hold some characters.
        sheet = "".join(ch for ch in self.title if ch not in "[]:*?/\\")[:31] or "Sheet"
        dataset = tablib.Dataset(headers=self.headers, title=sheet)
        for row in self.rows:
            dataset.append(["" if value is None else value for value in row])
        return dataset


def as_ods(*tables: Table) -> bytes:
    """The tables as one OpenDocument spreadsheet, a sheet each."""
    book = tablib.Databook()
    titles: set[str] = set()
    for number, table in enumerate(tables, start=1):
        dataset = table.as_dataset()
        if dataset.title in titles:
            dataset.title = f"{dataset.title[:27]} {number}"
        titles.add(dataset.title)
        book.add_sheet(dataset)
    return book.export("ods")


def download(content: bytes, filename: str, content_type: str) -> HttpResponse:
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


CSV = "text/csv; charset=utf-8"
ODS = "application/vnd.oasis.opendocument.spreadsheet"
PDF = "application/pdf"
HTML = "text/html; charset=utf-8"


@dataclass
class PackFile:
    """One file of a ZIP the portal makes (an evidence pack, a copy of someone's information): its
    name in the ZIP, a title and description for the pack's index page, and its content."""

    name: str
    title: str
    content: bytes
    description: str = ""


def write_zip(files: list[PackFile], out) -> None:
    """The files as a ZIP in `out`, in their order, each dated now; `out` is left at its start to be read."""
    stamp = timezone.localtime().timetuple()[:6]
    with zipfile.ZipFile(out, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        for file in files:
            info = zipfile.ZipInfo(file.name, date_time=stamp)
            info.compress_type = zipfile.ZIP_DEFLATED
            archive.writestr(info, file.content)
    out.seek(0)


def save_zip(file_field, name: str, files: list[PackFile]) -> None:
    """The files as a ZIP saved into a file field (its row is saved by the caller). A large ZIP goes to
    a file on disk past 32 MB, not all in memory."""
    with tempfile.SpooledTemporaryFile(max_size=32 * 1024 * 1024) as content:
        write_zip(files, content)
        file_field.save(name, File(content, name=name), save=False)
