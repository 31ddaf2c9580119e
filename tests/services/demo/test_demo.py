from sqlmodel import select

from gosapp.db import make_engine
from gosapp.migrate import upgrade
from gosapp.models.registry import Clinic, InstitutionKind, Specialty
from gosapp.services.demo.accounts import SPECIALTIES, seed_demo
from gosapp.services.registry.clinics import list_clinics, list_specialties


def test_second_seed_changes_nothing(session):
    first = seed_demo(session=session)
    session.commit()
    assert first["specialties"] == len(SPECIALTIES)
    assert first["institutions"] > 0
    assert seed_demo(session=session) == {"specialties": 0, "institutions": 0, "accounts": 0}


def test_demo_data_is_deterministic(tmp_path):
    snapshots = []
    for name in ("a", "b"):
        engine = make_engine(f"sqlite:///{tmp_path / name}.db")
        upgrade(engine)
        from sqlmodel import Session

        with Session(engine) as s:
            seed_demo(session=s)
            snapshots.append([(c.code, c.address, c.phone) for c in s.exec(select(Clinic))])
    assert snapshots[0] == snapshots[1]


def test_demo_data_is_russian_and_split_by_kind(session):
    seed_demo(session=session)
    clinics = list_clinics(session=session)
    offices = list_clinics(session=session, kind=InstitutionKind.SZN_OFFICE)
    assert clinics and offices
    assert all("ФМБА" in c.name for c in clinics)
    assert all(c.phone.startswith("+7") and len(c.phone) == 12 for c in clinics + offices)
    names = [s.name for s in list_specialties(session=session)]
    assert names == sorted(names)
    assert "Терапевт" in names
    assert session.exec(select(Specialty)).first() is not None


def test_demo_accounts_never_share_a_login_phone_or_secret():
    from gosapp.services.demo.accounts import DEMO_ACCOUNTS

    for attribute in ("login", "phone", "totp_secret"):
        values = [getattr(a, attribute) for a in DEMO_ACCOUNTS]
        assert len(values) == len(set(values)), attribute
