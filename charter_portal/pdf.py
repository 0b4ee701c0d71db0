"""PDF copies of the portal's printable pages, made on the server by WeasyPrint.

WeasyPrint draws the same HTML and print stylesheet the browser prints, and tags the PDF (PDF/UA-1)
so screen readers can follow its headings and tables. It needs the Pango text library of the
operating system (Debian: libpango-1.0-0 and libpangoft2-1.0-0); where that is missing, the portal
says a PDF cannot be made here and offers the printable page instead.
"""

from functools import cache
from pathlib import Path
from urllib.parse import unquote, urlsplit

from django.conf import settings
from django.contrib.staticfiles import finders
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render


@cache
def _weasyprint():
    """The WeasyPrint module, or None when the system's text libraries are missing."""
    try:
        import weasyprint
    except OSError:
        return None
    return weasyprint


def _static_file(url: str) -> Path | None:
    """The file on disk behind one of the portal's static addresses, or None."""
    path = unquote(urlsplit(url).path)
    prefix = "/" + settings.STATIC_URL.strip("/") + "/"
    if not path.startswith(prefix):
        return None
    name = path.removeprefix(prefix)
    # Collected (with their hashed names, as the page gives them) in production; found in the
    # apps' and project's static folders in development and tests.
    collected = Path(settings.STATIC_ROOT) / name
    found = str(collected) if ".." not in name and collected.is_file() else finders.find(name)
    return Path(found) if found else None


def _fetcher(weasyprint):
    """Reads the portal's own stylesheets and images from disk, and nothing else: a PDF never
    makes the server fetch an address (its own pages included, which would wait on a worker)."""

    class StaticOnly(weasyprint.URLFetcher):
        def fetch(self, url, headers=None):
            found = _static_file(url)
            if found is None:
                raise ValueError(f"Only the portal's static files are read into a PDF, not {url}")
            return weasyprint.urls.URLFetcherResponse(url, found.read_bytes(), {"Content-Type": _type(found)})

    return StaticOnly()


def _type(path: Path) -> str:
    return {".css": "text/css", ".svg": "image/svg+xml", ".png": "image/png"}.get(
        path.suffix, "application/octet-stream"
    )


def pdf_available() -> bool:
    return _weasyprint() is not None


def html_to_pdf(html: str, base_url: str, title: str) -> bytes:
    """The page as a tagged PDF. `base_url` is where its stylesheet and images are found: the
    absolute address of the page, so static files are read the way a browser reads them."""
    weasyprint = _weasyprint()
    if weasyprint is None:
        raise RuntimeError("WeasyPrint cannot run here: the Pango library is missing.")
    document = weasyprint.HTML(string=html, base_url=base_url, url_fetcher=_fetcher(weasyprint))
    return document.write_pdf(pdf_variant="pdf/ua-1", pdf_identifier=None, custom_metadata=False) or b""


def pdf_response(request: HttpRequest, html: str, filename: str, title: str, printable: str) -> HttpResponse:
    """The PDF as a download, or, where it cannot be made, a page that says so and links to the
    printable page (`printable`), which the browser can save as a PDF itself."""
    if not pdf_available():
        context = {"title": "A PDF cannot be made on this server", "printable": printable}
        return render(request, "pdf_unavailable.html", context, status=503)
    response = HttpResponse(html_to_pdf(html, request.build_absolute_uri(), title), content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response
