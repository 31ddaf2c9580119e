from gosapp.db import make_engine
from gosapp.services.common.health import health_report


def test_health_report_is_ok_with_a_working_database(engine):
    report = health_report(engine)
    assert report["status"] == "ok"
    assert report["checks"] == {"database": "ok"}
    assert report["version"]


def test_health_report_flags_an_unreachable_database(tmp_path):
    broken = make_engine(f"sqlite:///{tmp_path / 'missing-dir' / 'x.db'}")
    report = health_report(broken)
    assert report["status"] == "error"
    assert report["checks"] == {"database": "unavailable"}
