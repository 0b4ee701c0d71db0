import os
import subprocess
import sys
from pathlib import Path

from django.urls import reverse

ROOT = Path(__file__).resolve().parent.parent
PRODUCTION = {
    "DEBUG": "off",
    "SECRET_KEY": "x7#kq9!vT2mW$pL4zR8nB1cY6hJ0dF3sG5aE-uQwXoZiNtVbMrKy",
    "ALLOWED_HOSTS": "charter.example.org",
    "DATABASE_URL": "sqlite:////tmp/charter-portal-deploy-check.sqlite3",
    "EMAIL_URL": "smtp+tls://portal:secret@mail.example.org:587",
    "SITE_URL": "https://charter.example.org",
    "CACHE_URL": "redis://127.0.0.1:6379/1",
}


def manage(*args, **env):
    # The test run's own DJANGO_ALLOW_ASYNC_UNSAFE is not a production setting.
    leave_out = {*PRODUCTION, "DJANGO_ALLOW_ASYNC_UNSAFE"}
    environment = {k: v for k, v in os.environ.items() if k not in leave_out}
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env={**environment, **env},
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_deploy_check_is_clean_under_production_settings():
    result = manage("check", "--deploy", "--fail-level", "WARNING", **PRODUCTION)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


def test_production_refuses_to_start_without_a_secret_key():
    env = {k: v for k, v in PRODUCTION.items() if k != "SECRET_KEY"}
    result = manage("check", **env)
    assert result.returncode != 0
    assert "Set SECRET_KEY when DEBUG is off" in result.stderr


def test_production_refuses_to_start_without_its_address():
    env = {k: v for k, v in PRODUCTION.items() if k != "SITE_URL"}
    result = manage("check", **env)
    assert result.returncode != 0
    assert "Set SITE_URL" in result.stderr


def test_pages_carry_an_enforcing_content_security_policy(client, db):
    response = client.get(reverse("home"))
    policy = response["Content-Security-Policy"]
    assert "default-src 'self'" in policy
    assert "script-src 'self'" in policy
    assert "unsafe-inline" not in policy
    assert "<script>" not in response.text
    assert " style=" not in response.text


def test_security_headers(client, db):
    response = client.get(reverse("home"))
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Referrer-Policy"] == "same-origin"
    assert response["Cross-Origin-Opener-Policy"] == "same-origin"
    assert response["X-Frame-Options"] == "DENY"


def test_static_files_collect_for_production(tmp_path):
    # The manifest storage fails on any file a stylesheet or script refers to
    # that is not shipped (such as GOV.UK's crest, which is left out on purpose).
    result = manage("collectstatic", "--noinput", **PRODUCTION, STATIC_ROOT=str(tmp_path))
    assert result.returncode == 0, result.stdout + result.stderr
    assert list(tmp_path.glob("portal/portal.*.css"))
    assert not list(tmp_path.rglob("*.woff2"))


def _setting(expression: str, **env) -> str:
    result = manage("shell", "-c", f"from django.conf import settings; print({expression})", **env)
    assert result.returncode == 0, result.stderr
    return result.stdout.strip().splitlines()[-1]


def test_production_keeps_database_connections_and_checks_them_before_reuse():
    database = 'settings.DATABASES["default"]'
    assert _setting(f'{database}["CONN_MAX_AGE"], {database}["CONN_HEALTH_CHECKS"]', **PRODUCTION) == "60 True"
    assert _setting(f'{database}["CONN_MAX_AGE"]', **PRODUCTION, CONN_MAX_AGE="0") == "0"
    # Development's server opens a thread per request: a kept connection would only pile up.
    assert _setting(f'{database}["CONN_MAX_AGE"]') == "0"


def test_emails_can_be_kept_as_files_in_a_folder(tmp_path):
    from tests.conftest import settings_file_under

    mailer = settings_file_under(EMAIL_URL=f"filemail:///{tmp_path}")["MAILERS"]["default"]
    assert mailer == {
        "BACKEND": "django.core.mail.backends.filebased.EmailBackend",
        "OPTIONS": {"file_path": str(tmp_path)},
    }
