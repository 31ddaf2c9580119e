"""The demo laboratory and its fixed, public API key (demo mode only: ``gosapp seed-demo``).

``gosapp demo-accounts`` prints the key so that the ingestion API can be tried with curl.
"""

from __future__ import annotations

from sqlmodel import Session

from gosapp.services.medical import lab_keys

DEMO_LAB_NAME = "Демо-лаборатория «Гемотест»"
DEMO_LAB_KEY = "lab_dede0001_demo-key-public-do-not-use-in-production"


def seed_demo_laboratory(*, session: Session) -> int:
    """The demo laboratory with the demo key (1 when it was added)."""
    before = {lab.name for lab in lab_keys.list_labs(session=session)}
    lab_keys.install(session=session, name=DEMO_LAB_NAME, key=DEMO_LAB_KEY)
    return int(DEMO_LAB_NAME not in before)
