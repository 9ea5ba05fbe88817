"""Production settings, checked in a fresh process as the app server would load them."""

import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]

PRODUCTION_ENV = {
    "DJANGO_SETTINGS_MODULE": "cms.settings.production",
    "DJANGO_SECRET_KEY": "k7#p2!xq9v$Lm4@zR8wT1nB6yC3fH0jD5sG-aE_uKoQiXe2Zr%W8tY^vN0bM4cL",
    "ALLOWED_HOSTS": "bolig.fjordvik.example",
    "DATABASE_URL": "sqlite:///:memory:",
    "EMAIL_URL": "smtp+tls://mailer:secret@smtp.fjordvik.example:587",
    "WAGTAILADMIN_BASE_URL": "https://bolig.fjordvik.example",
    "FORMS_EXT_IDENTITY_HASH_KEY": "another-long-random-value-kept-apart-from-the-secret-key",
}


def manage(*args: str, **env_changes: str | None) -> subprocess.CompletedProcess:
    env = {key: value for key, value in os.environ.items() if not key.startswith("DJANGO_")}
    env.pop("DATABASE_URL", None)
    env.update(PRODUCTION_ENV)
    for key, value in env_changes.items():
        if value is None:
            env.pop(key, None)
        else:
            env[key] = value
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_deploy_check_passes_without_warnings():
    result = manage("check", "--deploy", "--fail-level", "WARNING")
    assert result.returncode == 0, result.stderr + result.stdout
    assert "WARNING" not in result.stderr + result.stdout
    assert "System check identified no issues" in result.stdout


@pytest.mark.parametrize(
    "missing",
    [
        "DJANGO_SECRET_KEY",
        "ALLOWED_HOSTS",
        "DATABASE_URL",
        "EMAIL_URL",
        "FORMS_EXT_IDENTITY_HASH_KEY",
    ],
)
def test_missing_required_variable_stops_with_its_name(missing):
    result = manage("check", **{missing: None})
    assert result.returncode != 0
    assert f"Set the environment variable {missing}" in result.stderr


def test_production_refuses_demo_content():
    result = manage("seed_demo")
    assert result.returncode != 0
    assert "Demo content and demo logins are refused" in result.stderr


def test_rq_tasks_without_redis_are_refused():
    result = manage("check", TASKS_BACKEND="rq", REDIS_URL=None)
    assert result.returncode != 0
    assert "TASKS_BACKEND=rq needs REDIS_URL" in result.stderr
