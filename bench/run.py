"""`make bench`: how fast the portal is at a given size, served the way production serves it.

Builds (or reuses) a generated installation (manage.py bench_data), collects the static files and
starts gunicorn with DEBUG off and two workers. Then, signed in as the big area's admin, it times
each key page over BENCH_REPEATS requests (p50 and p95), counts its SQL queries with Django's test
client in this process (gunicorn workers cannot report them), and divides its p50 by a plain page's
(/accessibility/) measured in the same run. Under load (8 client threads, BENCH_SECONDS each) it
measures the board's and the plain page's requests per second and the whole tell-us submission;
last, the CSV export's first byte, total time and the workers' peak memory.

Prints a table and writes bench/results-<size>-<database>.json. When the other size's results exist
for the same database it shows each page's growth and flags what misses issue 15's targets.

    BENCH_SIZE=1k|100k  DATABASE_URL=...  BENCH_REPEATS=20  BENCH_SECONDS=10  python bench/run.py
"""

import datetime
import http.client
import json
import math
import os
import re
import secrets
import socket
import statistics
import subprocess
import sys
import threading
import time
from http.cookies import SimpleCookie
from pathlib import Path
from urllib.parse import urlencode

ROOT = Path(__file__).resolve().parent.parent
SIZE = os.environ.get("BENCH_SIZE", "1k")
DATABASE_URL = os.environ.get("DATABASE_URL") or f"sqlite:///{ROOT / f'bench-{SIZE}.sqlite3'}"
DATABASE = "postgresql" if DATABASE_URL.startswith(("postgres", "pgsql")) else "sqlite"
REPEATS = int(os.environ.get("BENCH_REPEATS", "20"))
SECONDS = float(os.environ.get("BENCH_SECONDS", "10"))
THREADS = 8
RESULTS = ROOT / "bench" / f"results-{SIZE}-{DATABASE}.json"
# Issue 15's targets at 100k.
MAX_GROWTH = 3.0
OFFICER_P50_MS = 150
SEARCH_P95_MS = 100
EXPORT_FIRST_BYTE_S = 1.0


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def redis_is_there() -> bool:
    try:
        with socket.create_connection(("127.0.0.1", 6379), timeout=1):
            return True
    except OSError:
        return False


PORT = free_port()
HOST = f"127.0.0.1:{PORT}"
# Production settings (README "Production"), behind an HTTPS load balancer that sets X-Forwarded-Proto.
SETTINGS = {
    "DEBUG": "off",
    "SECRET_KEY": "bench-" + secrets.token_urlsafe(40),
    "ALLOWED_HOSTS": "127.0.0.1,testserver",
    "SITE_URL": f"https://{HOST}",
    "DATABASE_URL": DATABASE_URL,
    "CACHE_URL": os.environ.get("CACHE_URL") or ("redis://127.0.0.1:6379/12" if redis_is_there() else "locmemcache://"),
    "STATIC_ROOT": str(ROOT / "staticfiles"),
    "TRUST_X_FORWARDED_PROTO": "on",
    "EMAIL_URL": "dummymail://",
    "LOG_LEVEL": "WARNING",
    # One client address sends every submission of the load test.
    "FEEDBACK_RATE_LIMIT": "1000000",
}
os.environ.update(SETTINGS)
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "charter_portal.settings")
sys.path.insert(0, str(ROOT))

import django  # noqa: E402

django.setup()

from django.conf import settings  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402
from django.utils import timezone  # noqa: E402

from accounts.models import User  # noqa: E402
from charter_portal.management.commands import bench_data  # noqa: E402
from charter_portal.models import Message  # noqa: E402
from charter_portal.periods import Period  # noqa: E402
from charters.models import Partnership  # noqa: E402
from feedback.models import Feedback, Topic  # noqa: E402
from projects.models import Project  # noqa: E402
from reviews.models import KiteMarkApplication  # noqa: E402

# The words every benchmark submission carries, so they are removed afterwards.
SUBMISSION = "Benchmark submission " + secrets.token_hex(4) + ": the school bus was late again."


# HTTP, as a browser behind the load balancer: cookies are Secure, so they are kept by hand.


def request(method: str, path: str, cookies: SimpleCookie | None = None, form: dict | None = None):
    """One request on a new connection (gunicorn's sync workers close each one): status, body, seconds."""
    headers = {"Host": HOST, "X-Forwarded-Proto": "https", "Referer": f"https://{HOST}{path}"}
    if cookies:
        headers["Cookie"] = "; ".join(f"{k}={v.value}" for k, v in cookies.items())
    body = None
    if form is not None:
        body = urlencode(form).encode()
        headers["Content-Type"] = "application/x-www-form-urlencoded"
    started = time.perf_counter()
    conn = http.client.HTTPConnection("127.0.0.1", PORT, timeout=120)
    try:
        conn.request(method, path, body=body, headers=headers)
        response = conn.getresponse()
        content = response.read()
    finally:
        conn.close()
    seconds = time.perf_counter() - started
    if cookies is not None:
        for header in response.headers.get_all("Set-Cookie") or []:
            cookies.load(header)
    return response.status, content, seconds


# The installation and the server.


def build() -> dict:
    call_command("migrate", interactive=False, verbosity=0)
    before = bench_data.read_marker()
    started = time.monotonic()
    call_command("bench_data", size=SIZE)
    if DATABASE == "postgresql":
        # As a database kept by autovacuum would be, after a migration too: statistics for the planner,
        # and a visibility map so lists are read from their indexes alone.
        with connection.cursor() as cursor:
            cursor.execute("VACUUM ANALYZE")
    marker = bench_data.read_marker()
    call_command("collectstatic", interactive=False, verbosity=0)
    return {
        "reused": before is not None,
        "build_seconds": round(marker["seconds"], 1),
        "this_run_seconds": round(time.monotonic() - started, 1),
        "counts": marker["counts"],
    }


def start_server() -> subprocess.Popen:
    gunicorn = Path(sys.executable).with_name("gunicorn")
    command = [str(gunicorn), "charter_portal.wsgi", "--no-control-socket", "--bind", HOST, "--workers", "2"]
    log = (ROOT / "bench" / "gunicorn.log").open("w")
    server = subprocess.Popen(command, cwd=ROOT, env=os.environ.copy(), stdout=log, stderr=log)
    for _ in range(150):
        try:
            if request("GET", "/accessibility/")[0] == 200:
                return server
        except OSError:
            pass
        time.sleep(0.2)
    server.terminate()
    raise SystemExit("gunicorn did not start: see bench/gunicorn.log.")


def workers(server: subprocess.Popen) -> list[int]:
    children = Path(f"/proc/{server.pid}/task/{server.pid}/children")
    return [int(pid) for pid in children.read_text().split()] if children.exists() else []


def memory_kb(pid: int, field: str) -> int:
    """VmRSS (now) or VmHWM (the peak so far) of a process, from /proc."""
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith(field + ":"):
                return int(line.split()[1])
    except OSError:
        pass
    return 0


# What is measured.


def key_pages() -> list[tuple[str, str, str]]:
    """(name, path, kind): kind is plain, public, family, officer or search."""
    big = Partnership.objects.get(slug=bench_data.BIG_AREA)
    slug = big.slug
    project = Project.objects.for_partnership(big).public().order_by("pk").last()
    award = KiteMarkApplication.objects.filter(project__partnership=big, status="awarded").order_by("pk").first()
    item = Feedback.objects.for_partnership(big).order_by("pk").last()
    # The whole of the generated feedback's two years.
    today = timezone.localdate()
    two_years = urlencode(Period(today - datetime.timedelta(days=730), today).query())
    topic = Topic.objects.get(partnership=big, name="Transport")
    board_last = math.ceil(Feedback.objects.for_partnership(big).published().count() / 10)
    queue_last = math.ceil(Feedback.objects.for_partnership(big).count() / 25)
    return [
        ("plain page", "/accessibility/", "plain"),
        ("home", "/", "public"),
        ("area page", f"/{slug}/", "public"),
        ("charter page", f"/{slug}/charter/", "public"),
        ("board", f"/{slug}/you-said-we-did/", "public"),
        ("board ?status=done", f"/{slug}/you-said-we-did/?status=done", "public"),
        (f"board ?page={board_last}", f"/{slug}/you-said-we-did/?page={board_last}", "public"),
        ("public project page", f"/{slug}/projects/{project.pk}/public/", "public"),
        ("verification page", f"/kite-mark/{award.code}/", "public"),
        ("tell-us form", f"/{slug}/tell-us/", "family"),
        ("officer queue", f"/{slug}/feedback/", "officer"),
        ("queue ?q=transport", f"/{slug}/feedback/?q=transport", "search"),
        ("queue ?q=zebra", f"/{slug}/feedback/?q=zebra", "search"),
        ("queue ?assigned=nobody", f"/{slug}/feedback/?assigned=nobody", "officer"),
        (f"queue ?topic={topic.pk}", f"/{slug}/feedback/?topic={topic.pk}", "officer"),
        (f"queue ?page={queue_last}", f"/{slug}/feedback/?page={queue_last}", "officer"),
        ("item page", f"/{slug}/feedback/{item.reference}/", "officer"),
        ("topics admin", f"/{slug}/feedback/topics/", "officer"),
        ("kite-mark dashboard", f"/{slug}/kite-marks/", "officer"),
        ("projects list", f"/{slug}/projects/", "officer"),
        ("insights (this quarter)", f"/{slug}/insights/", "officer"),
        ("insights (two years)", f"/{slug}/insights/?{two_years}", "officer"),
        ("public insights (two years)", f"/{slug}/insights/?{two_years}", "public"),
    ]


def count_queries(client: Client, path: str) -> int:
    client.get(path, secure=True)
    with CaptureQueriesContext(connection) as queries:
        response = client.get(path, secure=True)
        if response.streaming:
            b"".join(response.streaming_content)
    return len(queries)


def percentile(times: list[float], share: float) -> float:
    ordered = sorted(times)
    return ordered[min(len(ordered) - 1, math.ceil(share * len(ordered)) - 1)]


def time_pages(pages: list[tuple[str, str, str]], cookies: SimpleCookie) -> list[dict]:
    """Each page REPEATS times, taking the pages in turn, so a busy moment on the machine slows
    every page a little rather than one page a lot."""
    signed_in = {path: cookies if kind in ("officer", "search") else None for _name, path, kind in pages}
    for _ in range(2):
        for path, jar in signed_in.items():
            request("GET", path, jar)
    times = {path: [] for path in signed_in}
    statuses = {path: set() for path in signed_in}
    sizes = {}
    for n in range(REPEATS):
        print(f"Timing the pages, round {n + 1} of {REPEATS}...", end="\r", flush=True)
        for path, jar in signed_in.items():
            status, content, seconds = request("GET", path, jar)
            times[path].append(seconds * 1000)
            statuses[path].add(status)
            sizes[path] = len(content)
    print()
    measured = []
    for name, path, kind in pages:
        # The kind of path, without its numbers and codes, names the page across sizes.
        path_kind = re.sub(r"\d+", "N", re.sub(r"/kite-mark/[^/]+/|/feedback/[A-Z0-9]{8}/", "/X/", path))
        measured.append(
            {
                "name": name,
                "path": path,
                "kind": kind,
                "path_kind": path_kind,
                "status": sorted(statuses[path]),
                "p50_ms": round(statistics.median(times[path]), 1),
                "p95_ms": round(percentile(times[path], 0.95), 1),
                "kb": round(sizes[path] / 1024),
            }
        )
    return measured


def under_load(one, seconds: float = SECONDS) -> dict:
    """Call `one()` from THREADS threads for `seconds`; it returns True when what it did worked."""
    done, failed = [0] * THREADS, [0] * THREADS
    deadline = time.perf_counter() + seconds

    def loop(n: int) -> None:
        while time.perf_counter() < deadline:
            try:
                ok = one()
            except OSError:
                ok = False
            if ok:
                done[n] += 1
            else:
                failed[n] += 1

    threads = [threading.Thread(target=loop, args=(n,)) for n in range(THREADS)]
    started = time.perf_counter()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    elapsed = time.perf_counter() - started
    return {"per_second": round(sum(done) / elapsed, 1), "done": sum(done), "failed": sum(failed)}


def send_feedback(slug: str) -> bool:
    """A family's whole submission: the form, their answers, check your answers, send."""
    cookies = SimpleCookie()
    status, page, _ = request("GET", f"/{slug}/tell-us/", cookies)
    topic = re.search(rb'name="topic"[^>]*?value="(\d+)"', page, re.DOTALL)
    if status != 200 or topic is None:
        return False
    csrf = cookies["csrftoken"].value
    answers = {"csrfmiddlewaretoken": csrf, "topic": topic.group(1).decode(), "text": SUBMISSION}
    answers["who"] = "parent-carer"
    if request("POST", f"/{slug}/tell-us/", cookies, answers)[0] != 302:
        return False
    status, check, _ = request("GET", f"/{slug}/tell-us/check/", cookies)
    token = re.search(rb'name="submission_token" value="([^"]+)"', check)
    if status != 200 or token is None:
        return False
    sending = {"csrfmiddlewaretoken": csrf, "submission_token": token.group(1).decode()}
    return request("POST", f"/{slug}/tell-us/check/", cookies, sending)[0] == 302


def remove_submissions() -> None:
    """The installation stays as it was built: the load test's submissions go."""
    sent = Feedback.objects.filter(text=SUBMISSION)
    Message.objects.filter(about__in=[f"feedback:{r}" for r in sent.values_list("reference", flat=True)]).delete()
    sent.delete()
    connection.close()


def time_export(server: subprocess.Popen, path: str, cookies: SimpleCookie) -> dict:
    """The CSV export: first byte, total, size, and the workers' memory while it streams."""
    pids = workers(server)
    before = max(memory_kb(pid, "VmHWM") for pid in pids)
    peak = [0]
    streaming = threading.Event()

    def watch() -> None:
        while not streaming.is_set():
            peak[0] = max([peak[0], *(memory_kb(pid, "VmRSS") for pid in pids)])
            time.sleep(0.02)

    watcher = threading.Thread(target=watch)
    watcher.start()
    headers = {"Host": HOST, "X-Forwarded-Proto": "https"}
    headers["Cookie"] = "; ".join(f"{k}={v.value}" for k, v in cookies.items())
    started = time.perf_counter()
    conn = http.client.HTTPConnection("127.0.0.1", PORT, timeout=600)
    conn.request("GET", path, headers=headers)
    response = conn.getresponse()
    first = response.read(1)
    first_byte = time.perf_counter() - started
    content = first + response.read()
    total = time.perf_counter() - started
    conn.close()
    streaming.set()
    watcher.join()
    return {
        "status": response.status,
        "first_byte_s": round(first_byte, 2),
        "total_s": round(total, 2),
        "mb": round(len(content) / 1024 / 1024, 1),
        "rows": content.count(b"\n") - 1,
        "worker_peak_rss_mb": round(peak[0] / 1024),
        "worker_hwm_before_mb": round(before / 1024),
        "worker_hwm_after_mb": round(max(memory_kb(pid, "VmHWM") for pid in pids) / 1024),
    }


# Comparing and reporting.


def other_results() -> dict | None:
    other = {"1k": "100k", "100k": "1k"}.get(SIZE)
    path = ROOT / "bench" / f"results-{other}-{DATABASE}.json"
    return json.loads(path.read_text()) if other and path.exists() else None


def flag(results: dict, other: dict | None) -> None:
    """Growth from the smaller size, and issue 15's targets at 100k: flagged, never failed."""
    small = other if SIZE == "100k" else None
    before = {page["kind"] + page["path_kind"]: page for page in small["pages"]} if small else {}
    for page in results["pages"]:
        flags = []
        earlier = before.get(page["kind"] + page["path_kind"])
        if earlier and earlier["p50_ms"]:
            page["growth"] = round(page["p50_ms"] / earlier["p50_ms"], 1)
            if page["growth"] > MAX_GROWTH:
                flags.append(f"grew ×{page['growth']} from 1k")
        if SIZE == "100k":
            if page["kind"] in ("officer", "search") and page["p50_ms"] > OFFICER_P50_MS:
                flags.append(f"officer page over {OFFICER_P50_MS} ms p50")
            if page["kind"] == "search" and page["p95_ms"] > SEARCH_P95_MS:
                flags.append(f"search over {SEARCH_P95_MS} ms p95")
        if page["status"] != [200]:
            flags.append(f"status {page['status']}")
        page["flags"] = flags
    load = results["load"]
    load["flags"] = []
    if load["board"]["per_second"] < load["plain page"]["per_second"] / 2:
        load["flags"].append("board serves under half the plain page's requests per second")
    export = results["export"]
    export["flags"] = []
    if export["first_byte_s"] > EXPORT_FIRST_BYTE_S:
        export["flags"].append(f"first byte after {EXPORT_FIRST_BYTE_S:.0f} s")


def print_table(results: dict) -> None:
    build = results["installation"]
    how = "reused" if build["reused"] else "built"
    print(f"\nCharter Portal benchmark: {SIZE} on {DATABASE} ({how}; the build took {build['build_seconds']:.0f} s)")
    print(", ".join(f"{v:,} {k.replace('_', ' ')}" for k, v in build["counts"].items()))
    print(f"{REPEATS} requests a page, gunicorn with 2 workers, DEBUG off\n")
    line = "{:<26} {:>7} {:>8} {:>8} {:>8} {:>7} {:>6} {:>7}  {}"
    print(line.format("page", "status", "p50 ms", "p95 ms", "× plain", "queries", "KB", "growth", "flags"))
    for page in results["pages"]:
        growth = f"×{page['growth']}" if "growth" in page else ""
        status = ",".join(map(str, page["status"]))
        print(
            line.format(
                page["name"],
                status,
                page["p50_ms"],
                page["p95_ms"],
                f"×{page['ratio']}",
                page["queries"],
                page["kb"],
                growth,
                "; ".join(page["flags"]),
            )
        )
    load = results["load"]
    print(f"\nUnder load ({THREADS} client threads, {SECONDS:.0f} s each)")
    for name in ("plain page", "board", "tell-us submission"):
        unit = "sends/s" if name == "tell-us submission" else "requests/s"
        print(f"  {name:<22} {load[name]['per_second']:>8} {unit}  ({load[name]['failed']} failed)")
    for note in load["flags"]:
        print(f"  FLAG: {note}")
    export = results["export"]
    print(
        f"\nCSV export ({export['rows']:,} rows, {export['mb']} MB, status {export['status']}): first byte "
        f"{export['first_byte_s']} s, total {export['total_s']} s; worker peak {export['worker_peak_rss_mb']} MB "
        f"(VmHWM {export['worker_hwm_before_mb']} → {export['worker_hwm_after_mb']} MB), {export['queries']} queries"
    )
    for note in export["flags"]:
        print(f"  FLAG: {note}")
    print(f"\nResults: {RESULTS.relative_to(ROOT)}")


def main() -> None:
    installation = build()
    pages = key_pages()
    admin = User.objects.get(email=f"admin@{bench_data.BIG_AREA}.example.org")
    client = Client()
    client.force_login(admin)
    queries = {path: count_queries(client, path) for _name, path, _kind in pages}
    export_path = f"/{bench_data.BIG_AREA}/feedback/export.csv"
    export_queries = count_queries(client, export_path)
    cookies = SimpleCookie()
    cookies[settings.SESSION_COOKIE_NAME] = client.cookies[settings.SESSION_COOKIE_NAME].value
    connection.close()

    server = start_server()
    try:
        measured = time_pages(pages, cookies)
        for page in measured:
            page["queries"] = queries[page["path"]]
        plain = measured[0]["p50_ms"]
        for page in measured:
            page["ratio"] = round(page["p50_ms"] / plain, 1)
        print("Under load...", flush=True)
        board = next(path for name, path, _kind in pages if name == "board")
        load = {
            "plain page": under_load(lambda: request("GET", "/accessibility/")[0] == 200),
            "board": under_load(lambda: request("GET", board)[0] == 200),
            "tell-us submission": under_load(lambda: send_feedback(bench_data.BIG_AREA)),
        }
        remove_submissions()
        print("Exporting...", flush=True)
        # Fresh workers, so their peak memory (VmHWM) is the export's, not the pages' before it.
        server.terminate()
        server.wait(timeout=30)
        server = start_server()
        export = {**time_export(server, export_path, cookies), "queries": export_queries}
    finally:
        server.terminate()
        server.wait(timeout=30)
        remove_submissions()

    results = {
        "size": SIZE,
        "database": DATABASE,
        "repeats": REPEATS,
        "installation": installation,
        "pages": measured,
        "load": load,
        "export": export,
    }
    flag(results, other_results())
    RESULTS.write_text(json.dumps(results, indent=2) + "\n")
    print_table(results)


if __name__ == "__main__":
    main()
