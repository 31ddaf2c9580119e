"""Laboratory API keys: shown once, stored only as a keyed hash, found by prefix, rotated and
revoked; the ``gosapp lab-key`` commands; the demo laboratory's public key (demo mode only)."""

import pytest
from sqlmodel import select

from gosapp import cli
from gosapp.models.audit import AuditEvent
from gosapp.models.labs import Laboratory
from gosapp.services.common.audit import Actor
from gosapp.services.common.errors import Invalid, NotFound
from gosapp.services.demo.lab_key import DEMO_LAB_KEY, DEMO_LAB_NAME, seed_demo_laboratory
from gosapp.services.medical import lab_keys

ACTOR = Actor(role="cli", user_agent="tests")


def test_a_key_is_returned_once_and_only_its_hash_is_stored(session):
    lab, key = lab_keys.create(session=session, name="  Лаборатория   «Гемотест» ", actor=ACTOR)
    assert lab.name == "Лаборатория «Гемотест»"
    assert key.startswith(f"lab_{lab.key_prefix}_") and len(key) > 50
    assert key not in lab.key_hash and lab.key_hash != key
    assert lab_keys.authenticate(session=session, key=key).id == lab.id
    assert lab_keys.authenticate(session=session, key=key + "x") is None
    assert lab_keys.authenticate(session=session, key=key.upper()) is None
    actions = session.exec(select(AuditEvent.action, AuditEvent.details)).all()
    assert actions == [("lab_key.create", "")]


def test_keys_differ_and_a_name_is_taken_once(session):
    _a, key_a = lab_keys.create(session=session, name="А", actor=ACTOR)
    _b, key_b = lab_keys.create(session=session, name="Б", actor=ACTOR)
    assert key_a != key_b
    with pytest.raises(Invalid, match="уже есть"):
        lab_keys.create(session=session, name="А", actor=ACTOR)
    with pytest.raises(Invalid):
        lab_keys.create(session=session, name="   ", actor=ACTOR)


@pytest.mark.parametrize(
    "key",
    ["", "lab", "lab__x", "lab_zzzzzzzz_x", "lab_0123456_x", "xyz_01234567_x", "lab_01234567_"],
)
def test_malformed_keys_look_nothing_up(key):
    assert lab_keys.prefix_of(key) is None


def test_rotate_replaces_the_key_and_revives_a_revoked_lab(session):
    lab, old = lab_keys.create(session=session, name="Лаборатория", actor=ACTOR)
    assert lab_keys.revoke(session=session, name="Лаборатория", actor=ACTOR) is True
    assert lab_keys.revoke(session=session, name="Лаборатория", actor=ACTOR) is False
    assert lab_keys.authenticate(session=session, key=old) is None
    new = lab_keys.rotate(session=session, name="Лаборатория", actor=ACTOR)
    assert lab_keys.authenticate(session=session, key=old) is None
    assert lab_keys.authenticate(session=session, key=new).id == lab.id
    (listed,) = lab_keys.list_labs(session=session)
    assert (listed.name, listed.key_prefix, listed.active) == ("Лаборатория", new[4:12], True)
    with pytest.raises(NotFound):
        lab_keys.revoke(session=session, name="Нет такой", actor=ACTOR)


def test_the_demo_laboratory_has_the_fixed_key(session):
    assert seed_demo_laboratory(session=session) == 1
    assert seed_demo_laboratory(session=session) == 0
    assert lab_keys.authenticate(session=session, key=DEMO_LAB_KEY).name == DEMO_LAB_NAME


@pytest.fixture
def cli_db(engine, monkeypatch):
    """``gosapp`` commands in this process, on the test's database."""
    monkeypatch.setattr("gosapp.db.get_engine", lambda: engine)
    return engine


def test_the_cli_adds_lists_rotates_and_revokes(cli_db, session, capsys):
    assert cli.main(["lab-key", "add", "Лаборатория «Гемотест»"]) == 0
    printed = capsys.readouterr().out
    key = printed.strip().splitlines()[-1]
    assert "ОДИН раз" in printed and key.startswith("lab_")
    assert lab_keys.authenticate(session=session, key=key) is not None
    assert cli.main(["lab-key", "add", "Лаборатория «Гемотест»"]) == 1
    assert "уже есть" in capsys.readouterr().err
    assert cli.main(["lab-key", "list"]) == 0
    listed = capsys.readouterr().out
    assert f"lab_{key[4:12]}_…" in listed and "действует" in listed and key not in listed
    assert cli.main(["lab-key", "revoke", "Лаборатория «Гемотест»"]) == 0
    assert "отозван" in capsys.readouterr().out
    session.rollback()
    assert lab_keys.authenticate(session=session, key=key) is None
    assert cli.main(["lab-key", "rotate", "Лаборатория «Гемотест»"]) == 0
    new = capsys.readouterr().out.strip().splitlines()[-1]
    session.rollback()
    assert lab_keys.authenticate(session=session, key=new) is not None
    assert cli.main(["lab-key", "revoke", "Нет такой"]) == 1
    assert cli.main(["lab-key", "revoke"]) == 2
    events = session.exec(select(AuditEvent.action, AuditEvent.role)).all()
    assert ("lab_key.revoke", "cli") in events
    assert session.exec(select(Laboratory)).one().revoked_at is None


def test_demo_accounts_prints_the_demo_key_but_json_stays_the_same(cli_db, capsys):
    assert cli.main(["demo-accounts"]) == 0
    assert DEMO_LAB_KEY in capsys.readouterr().out
    assert cli.main(["demo-accounts", "--json"]) == 0
    assert DEMO_LAB_KEY not in capsys.readouterr().out
