"""The whole demo data set (``gosapp seed-demo``), built step by step in dependency order.

Each step runs in its own transaction and is idempotent, so a second run adds nothing. A step
that publishes a fixed secret (the demo laboratory's API key) runs only in demo mode.
"""

from __future__ import annotations

from collections.abc import Callable

from gosapp.db import transaction
from gosapp.services.demo.accounts import seed_demo
from gosapp.services.demo.attestation import seed_attestation
from gosapp.services.demo.benefits import seed_benefits
from gosapp.services.demo.career import seed_career
from gosapp.services.demo.frmr import seed_frmr
from gosapp.services.demo.lab_key import seed_demo_laboratory
from gosapp.services.demo.labs import seed_labs
from gosapp.services.demo.oidc_client import seed_demo_client
from gosapp.services.demo.portfolio import seed_portfolios
from gosapp.services.demo.record import seed_records
from gosapp.services.demo.requests import seed_requests
from gosapp.services.demo.scheduling import seed_schedules
from gosapp.services.demo.social import seed_szn
from gosapp.services.demo.szn_offices import seed_office_services
from gosapp.services.demo.training import seed_training
from gosapp.services.demo.visit_stats import seed_visit_stats
from gosapp.services.demo.worker_payments import seed_worker_payments
from gosapp.settings import get_settings

Step = Callable[..., int]

# (name in the summary, seeder, demo mode only); the accounts come first, always.
STEPS: tuple[tuple[str, Step, bool], ...] = (
    ("requests", seed_requests, False),  # the accounts' requests in every status
    ("schedules", seed_schedules, False),  # clinics, doctors, templates, visits
    ("office_windows", seed_office_services, False),  # after the schedules: their windows
    ("laboratories", seed_demo_laboratory, True),  # its API key is public
    ("oidc_clients", seed_demo_client, False),
    ("records", seed_records, False),  # after the schedules: notes on the doctor's visits
    ("portfolios", seed_portfolios, False),  # after the requests: they stop once any exists
    ("benefits", seed_benefits, False),  # likewise
    ("frmr", seed_frmr, False),  # after the schedules: doctors are linked to resources
    ("lab_results", seed_labs, False),
    ("career", seed_career, False),  # the demo doctor's НМО history and experience periods
    ("worker_payments", seed_worker_payments, False),  # the demo doctor's year of payments
    ("attestation", seed_attestation, False),  # after the career: its check must pass
    ("training", seed_training, False),  # after frmr: programmes, enrolments, a finished one
    ("szn", seed_szn, False),  # the family citizen's payments and applications
    ("visit_stats", seed_visit_stats, False),  # after the schedules: the doctor's past year
)


def seed_everything() -> dict[str, int]:
    """Build every missing piece of the demo data; how many rows each step added."""
    with transaction() as session:
        added = seed_demo(session=session)
    demo = get_settings().demo
    for name, step, demo_only in STEPS:
        if demo_only and not demo:
            continue
        with transaction() as session:
            added[name] = step(session=session)
    return added
