"""`gosapp oidc-client add|list|revoke` and the demo client of `gosapp demo-accounts`, run as an
operator would (a subprocess on its own data folder)."""

import json

import pytest
from sqlmodel import Session, select

from gosapp.db import make_engine
from gosapp.models.oidc import OidcClient
from gosapp.services.demo.oidc_client import DEMO_CLIENT
from gosapp.services.identity.tokens import matches
from tests.test_cli import run_gosapp


@pytest.fixture
def data_dir(tmp_path):
    assert run_gosapp(tmp_path, "migrate").returncode == 0
    return tmp_path


def rows(data_dir) -> list[OidcClient]:
    engine = make_engine(f"sqlite:///{data_dir / 'gosapp.db'}")
    try:
        with Session(engine) as db:
            return list(db.exec(select(OidcClient)))
    finally:
        engine.dispose()


def test_add_prints_the_secret_once_and_stores_only_its_hash(data_dir):
    added = run_gosapp(
        data_dir,
        "oidc-client",
        "add",
        "--name",
        "Сервис записи",
        "--redirect-uri",
        "https://rp.example/cb",
        "--scopes",
        "openid",
        "contacts",
    )
    assert added.returncode == 0, added.stderr
    pairs = [line.split(":", 1) for line in added.stdout.splitlines() if "client_" in line]
    values = {name.strip(): value.strip() for name, value in pairs}
    (row,) = rows(data_dir)
    assert row.client_id == values["client_id"] and row.scopes == "openid contacts"
    assert values["client_secret"] not in row.secret_hash
    assert matches(values["client_secret"], row.secret_hash)

    listed = run_gosapp(data_dir, "oidc-client", "list")
    assert row.client_id in listed.stdout and "действует" in listed.stdout
    assert values["client_secret"] not in listed.stdout

    revoked = run_gosapp(data_dir, "oidc-client", "revoke", "--client-id", row.client_id)
    assert revoked.returncode == 0, revoked.stderr
    assert rows(data_dir)[0].revoked_at is not None
    assert "отключено" in run_gosapp(data_dir, "oidc-client", "list").stdout


@pytest.mark.parametrize(
    "uri", ["http://rp.example/cb", "https://rp.example/cb#frag", "javascript:alert(1)", "/cb"]
)
def test_add_refuses_an_unsafe_redirect_uri(data_dir, uri):
    result = run_gosapp(data_dir, "oidc-client", "add", "--name", "X", "--redirect-uri", uri)
    assert result.returncode == 1 and "Недопустимый адрес возврата" in result.stderr
    assert rows(data_dir) == []


def test_revoking_an_unknown_client_fails(data_dir):
    result = run_gosapp(data_dir, "oidc-client", "revoke", "--client-id", "nope")
    assert result.returncode == 1 and "не найдено" in result.stderr


def test_demo_client_is_seeded_once_and_printed_outside_the_json(data_dir):
    assert run_gosapp(data_dir, "seed-demo").returncode == 0
    assert run_gosapp(data_dir, "seed-demo").returncode == 0
    (row,) = rows(data_dir)
    assert row.client_id == DEMO_CLIENT.client_id
    assert matches(DEMO_CLIENT.client_secret, row.secret_hash)

    human = run_gosapp(data_dir, "demo-accounts").stdout
    assert DEMO_CLIENT.client_secret in human and DEMO_CLIENT.redirect_uri in human
    listed = json.loads(run_gosapp(data_dir, "demo-accounts", "--json").stdout)
    assert all(set(r) == {"login", "password", "role", "totp_secret"} for r in listed)


def test_no_demo_client_outside_demo_mode(data_dir):
    env = {"GOSAPP_DEMO": "0"}
    assert run_gosapp(data_dir, "seed-demo", env=env).returncode == 0
    assert rows(data_dir) == []
