"""Deployment settings: the PADDOCK_* readers, the database URL and Django's deploy checks."""

import os
import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest
from django.core.exceptions import ImproperlyConfigured

from paddock.env import env_bool, env_int, env_list, env_str
from paddock.settings import _database_from_url

pytestmark = pytest.mark.unit

ROOT = Path(__file__).resolve().parent.parent


def run_paddock(
    *args: str, env: dict[str, str], tmp_path: Path, timeout: float = 120
) -> subprocess.CompletedProcess:
    """`python -m paddock ...` in a fresh interpreter, with only the given PADDOCK_* values."""
    clean = {key: value for key, value in os.environ.items() if not key.startswith("PADDOCK_")}
    clean |= {"PADDOCK_DATA_DIR": str(tmp_path / "var"), **env}
    return subprocess.run(  # noqa: S603 (our own interpreter and module, fixed arguments)
        [sys.executable, "-m", "paddock", *args],
        capture_output=True,
        text=True,
        env=clean,
        cwd=ROOT,
        timeout=timeout,
        check=False,
    )


@pytest.mark.parametrize(
    ("raw", "expected"),
    [("1", True), ("yes", True), ("On", True), ("0", False), ("false", False), ("", False)],
)
def test_env_bool_reads_common_spellings(monkeypatch, raw, expected):
    monkeypatch.setenv("PADDOCK_FLAG", raw)

    assert env_bool("PADDOCK_FLAG", not expected) is expected


def test_env_bool_refuses_a_bad_value_naming_the_variable(monkeypatch):
    monkeypatch.setenv("PADDOCK_FLAG", "maybe")

    with pytest.raises(ImproperlyConfigured) as raised:
        env_bool("PADDOCK_FLAG", False)

    assert str(raised.value) == "PADDOCK_FLAG must be true or false, not 'maybe'"


def test_env_int_refuses_a_bad_value_naming_the_variable(monkeypatch):
    monkeypatch.setenv("PADDOCK_PORT", "25a")

    with pytest.raises(ImproperlyConfigured) as raised:
        env_int("PADDOCK_PORT", 25)

    assert str(raised.value) == "PADDOCK_PORT must be a whole number, not '25a'"


def test_env_helpers_fall_back_to_defaults_when_unset(monkeypatch):
    for name in ("PADDOCK_UNSET", "PADDOCK_UNSET_FILE"):
        monkeypatch.delenv(name, raising=False)

    values = (
        env_str("PADDOCK_UNSET", "a"),
        env_bool("PADDOCK_UNSET", True),
        env_int("PADDOCK_UNSET", 7),
        env_list("PADDOCK_UNSET", ["x"]),
    )

    assert values == ("a", True, 7, ["x"])


def test_env_list_splits_on_commas_and_drops_blanks(monkeypatch):
    monkeypatch.setenv("PADDOCK_HOSTS", " a.example.org, ,b.example.org ")

    assert env_list("PADDOCK_HOSTS", []) == ["a.example.org", "b.example.org"]


def test_file_variant_reads_the_secret_from_a_file(monkeypatch, tmp_path):
    secret = tmp_path / "secret"
    secret.write_text("s3cret-from-file\n", encoding="utf-8")
    monkeypatch.setenv("PADDOCK_SECRET", "from-the-environment")
    monkeypatch.setenv("PADDOCK_SECRET_FILE", str(secret))

    assert env_str("PADDOCK_SECRET", "") == "s3cret-from-file"


def test_file_variant_names_the_variable_when_the_file_is_missing(monkeypatch, tmp_path):
    monkeypatch.setenv("PADDOCK_SECRET_FILE", str(tmp_path / "missing"))

    with pytest.raises(ImproperlyConfigured) as raised:
        env_str("PADDOCK_SECRET", "")

    assert str(raised.value).startswith(f"PADDOCK_SECRET_FILE: cannot read {tmp_path}/missing")


def test_database_url_for_postgresql_decodes_every_part():
    url = "postgres://paddock:p%40ss%2Fword@db.example.org:5433/paddock_prod"

    assert _database_from_url(url) == {
        "ENGINE": "django.db.backends.postgresql",
        "NAME": "paddock_prod",
        "USER": "paddock",
        "PASSWORD": "p@ss/word",
        "HOST": "db.example.org",
        "PORT": "5433",
        "CONN_MAX_AGE": 60,
    }


def test_database_url_for_postgresql_without_port_or_password():
    assert _database_from_url("postgresql://paddock@localhost/paddock") == {
        "ENGINE": "django.db.backends.postgresql",
        "NAME": "paddock",
        "USER": "paddock",
        "PASSWORD": "",
        "HOST": "localhost",
        "PORT": "",
        "CONN_MAX_AGE": 60,
    }


def test_database_url_for_sqlite_keeps_the_absolute_path():
    url = "sqlite:///srv/paddock/paddock.sqlite3"

    assert _database_from_url(url) == {
        "ENGINE": "django.db.backends.sqlite3",
        "NAME": "/srv/paddock/paddock.sqlite3",
    }


def test_database_url_with_another_scheme_is_refused():
    with pytest.raises(ImproperlyConfigured) as raised:
        _database_from_url("mysql://paddock@localhost/paddock")

    assert str(raised.value) == (
        "PADDOCK_DATABASE_URL must start with postgres:// or sqlite://, "
        "not 'mysql://paddock@localhost/paddock'"
    )


@pytest.mark.parametrize(
    ("name", "value", "message"),
    [
        ("PADDOCK_DEBUG", "maybe", "PADDOCK_DEBUG must be true or false, not 'maybe'"),
        ("PADDOCK_EMAIL_PORT", "25a", "PADDOCK_EMAIL_PORT must be a whole number, not '25a'"),
        (
            "PADDOCK_LOGIN_FAILURE_LIMIT",
            "0",
            "PADDOCK_LOGIN_FAILURE_LIMIT must be at least 1, not 0",
        ),
        (
            "PADDOCK_PASSWORD_RESET_RATE_PER_EMAIL",
            "3 an hour",
            "PADDOCK_PASSWORD_RESET_RATE_PER_EMAIL must look like 3/h or 10/15m, not '3 an hour'",
        ),
        (
            "PADDOCK_DATABASE_STATEMENT_TIMEOUT",
            "-1",
            "PADDOCK_DATABASE_STATEMENT_TIMEOUT must be 0 (no limit) or more, not -1",
        ),
    ],
)
def test_bad_setting_stops_start_up_with_the_variable_named(tmp_path, name, value, message):
    result = run_paddock("check", env={name: value}, tmp_path=tmp_path)

    assert (result.returncode, result.stderr.strip().splitlines()[-1]) == (
        1,
        f"django.core.exceptions.ImproperlyConfigured: {message}",
    )


PRODUCTION = {
    "PADDOCK_DEBUG": "0",
    "PADDOCK_SECRET_KEY": "k7#Qv9!pZ2@mX4$wL8^nR3&tY6*bH1(cJ5)eF0-gD2+sA9=uV7_" * 2,
    "PADDOCK_ALLOWED_HOSTS": "paddock.example.org",
    "PADDOCK_SSL_REDIRECT": "1",
    "PADDOCK_HSTS_SECONDS": "31536000",
    "PADDOCK_TASKS_BACKEND": "django_tasks_db.DatabaseBackend",
    "PADDOCK_SITE_URL": "https://paddock.example.org",
}


def test_deploy_checks_pass_with_production_settings(tmp_path):
    result = run_paddock(
        "check", "--deploy", "--fail-level", "WARNING", env=PRODUCTION, tmp_path=tmp_path
    )

    assert (result.returncode, result.stdout) == (
        0,
        "System check identified no issues (1 silenced).\n",
    )


def test_deploy_checks_refuse_the_development_secret_key(tmp_path):
    forgotten_key = {key: value for key, value in PRODUCTION.items() if key != "PADDOCK_SECRET_KEY"}

    result = run_paddock(
        "check", "--deploy", "--fail-level", "WARNING", env=forgotten_key, tmp_path=tmp_path
    )

    assert (result.returncode, "(security.W009)" in result.stderr) == (1, True)


def test_deploy_checks_refuse_inline_tasks_without_debug(tmp_path):
    inline = {key: value for key, value in PRODUCTION.items() if key != "PADDOCK_TASKS_BACKEND"}

    result = run_paddock(
        "check", "--deploy", "--fail-level", "WARNING", env=inline, tmp_path=tmp_path
    )

    assert (result.returncode, result.stderr) == (
        1,
        "SystemCheckError: System check identified some issues:\n\n"
        "ERRORS:\n"
        "?: (paddock.E001) Tasks run inside web requests (ImmediateBackend) while DEBUG is off.\n"
        "\tHINT: Set PADDOCK_TASKS_BACKEND=django_tasks_db.DatabaseBackend and run "
        "`python -m paddock db_worker`.\n\n"
        "System check identified 1 issue (1 silenced).\n",
    )


def test_deploy_checks_refuse_production_without_the_site_url(tmp_path):
    unset = {key: value for key, value in PRODUCTION.items() if key != "PADDOCK_SITE_URL"}

    result = run_paddock(
        "check", "--deploy", "--fail-level", "WARNING", env=unset, tmp_path=tmp_path
    )

    assert (result.returncode, result.stderr) == (
        1,
        "SystemCheckError: System check identified some issues:\n\n"
        "ERRORS:\n"
        "?: (paddock.E002) PADDOCK_SITE_URL is not set: links in emails would point at "
        "http://127.0.0.1:8000.\n"
        "\tHINT: Set PADDOCK_SITE_URL to the public address, e.g. https://paddock.example.org.\n\n"
        "System check identified 1 issue (1 silenced).\n",
    )


SHOW_CSP_HEADERS = (
    "from django.test import Client; "
    "response = Client().get('/i18n/setlang/', HTTP_HOST='localhost'); "
    "print(sorted(name for name in response.headers if 'Content-Security' in name))"
)


@pytest.mark.parametrize(
    ("debug", "header"),
    [("0", "Content-Security-Policy"), ("1", "Content-Security-Policy-Report-Only")],
)
def test_csp_blocks_in_production_and_only_reports_while_debugging(tmp_path, debug, header):
    result = run_paddock(
        "shell",
        "--no-imports",
        "-c",
        SHOW_CSP_HEADERS,
        env={"PADDOCK_DEBUG": debug},
        tmp_path=tmp_path,
    )

    assert (result.returncode, result.stdout) == (0, f"['{header}']\n")


def test_file_email_backend_writes_into_the_folder_given(tmp_path):
    folder = tmp_path / "mail"
    file_backend = {
        "PADDOCK_EMAIL_BACKEND": "django.core.mail.backends.filebased.EmailBackend",
        "PADDOCK_EMAIL_FILE_PATH": str(folder),
    }

    result = run_paddock(
        "sendtestemail", "someone@example.org", env=file_backend, tmp_path=tmp_path
    )

    written = [path.read_text() for path in sorted(folder.glob("*.log"))] if folder.exists() else []
    recipients = [line for text in written for line in text.splitlines() if line.startswith("To:")]
    assert (result.returncode, len(written), recipients) == (0, 1, ["To: someone@example.org"])


def test_a_mail_server_that_never_answers_fails_the_mail_after_the_timeout(tmp_path):
    """Without a timeout Django's SMTP backend waits for the server's greeting for ever, and
    so does the page that sends the mail."""
    with socket.socket() as silent:  # takes connections (the kernel's backlog), says nothing
        silent.bind(("127.0.0.1", 0))
        silent.listen()
        smtp = {
            "PADDOCK_EMAIL_BACKEND": "django.core.mail.backends.smtp.EmailBackend",
            "PADDOCK_EMAIL_HOST": "127.0.0.1",
            "PADDOCK_EMAIL_PORT": str(silent.getsockname()[1]),
            "PADDOCK_EMAIL_TIMEOUT": "1",
        }
        started = time.monotonic()
        try:
            result = run_paddock(
                "sendtestemail", "someone@example.org", env=smtp, tmp_path=tmp_path, timeout=30
            )
        except subprocess.TimeoutExpired:
            pytest.fail("the mail was still waiting for the server after 30 s")

    assert result.returncode != 0
    assert "timed out" in result.stderr
    assert time.monotonic() - started < 30


@pytest.mark.skipif(
    not os.environ.get("PADDOCK_DATABASE_URL", "").startswith("postgres"),
    reason="a PostgreSQL setting",
)
@pytest.mark.parametrize(("limit", "cut"), [("1", True), ("0", False)])
def test_statement_timeout_cuts_a_query_running_past_it_on_postgresql(tmp_path, limit, cut):
    """A query left running after gunicorn killed its worker would hold a core for minutes."""
    query = "from django.db import connection; connection.cursor().execute('SELECT pg_sleep(2)')"
    env = {
        "PADDOCK_DATABASE_URL": os.environ["PADDOCK_DATABASE_URL"],
        "PADDOCK_DATABASE_STATEMENT_TIMEOUT": limit,
    }
    result = run_paddock("shell", "-c", query, env=env, tmp_path=tmp_path)

    assert (
        result.returncode != 0,
        "canceling statement due to statement timeout" in result.stderr,
    ) == (cut, cut)


@pytest.mark.skipif(
    not os.environ.get("PADDOCK_DATABASE_URL", "").startswith("postgres"),
    reason="a PostgreSQL setting",
)
@pytest.mark.parametrize(("setting", "prepared"), [("1", 1), ("0", 0)])
def test_a_query_run_again_and_again_is_planned_once_on_postgresql(tmp_path, setting, prepared):
    """Under load, planning took 1-18 ms of some pages' queries: psycopg prepares a query run
    five times on a connection when its parameters are sent apart."""
    script = (
        "from django.db import connection\n"
        "with connection.cursor() as cursor:\n"
        "    for n in range(7): cursor.execute('SELECT %s::integer + 41', [n])\n"
        '    cursor.execute("SELECT count(*) FROM pg_prepared_statements '
        "WHERE statement LIKE '%%+ 41%%'\")\n"
        "    print(cursor.fetchone()[0])\n"
    )
    env = {
        "PADDOCK_DATABASE_URL": os.environ["PADDOCK_DATABASE_URL"],
        "PADDOCK_DATABASE_PREPARED_STATEMENTS": setting,
    }
    result = run_paddock("shell", "--no-imports", "-c", script, env=env, tmp_path=tmp_path)

    assert (result.returncode, result.stdout.strip()) == (0, str(prepared))
