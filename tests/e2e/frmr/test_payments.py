"""The medical worker's payments in a real browser on a 768×1024 tablet (issue 16 item 5): the
demo doctor opens «Выплаты» from the cabinet, picks three months, sees the payments and the
totals of just those months, reloads and keeps them, and downloads the CSV of the period.
Saves screenshots (tablet, phone, desktop) to /tmp/shots-fpay/ and checks nothing scrolls
sideways."""

from pathlib import Path
from urllib.parse import parse_qs, urlsplit

from playwright.sync_api import Page, expect
from sqlmodel import select

from gosapp.models.accounts import User, utcnow
from gosapp.models.frmr_payments import WorkerPayment, WorkerPaymentStatus
from gosapp.services.common.money import rubles
from gosapp.services.common.months import first_of, month_key, shift
from gosapp.services.common.workdays import local_date
from tests.e2e.frmr.test_workplace import DOCTOR, sign_in_doctor

SHOTS = Path("/tmp/shots-fpay")
SIZES = {"tablet": (768, 1024), "phone": (390, 844), "desktop": (1366, 768)}


def demo_months(live_server, start, end) -> tuple[int, int, int]:
    """The demo doctor's rows in the months, and the sums of those not cancelled / paid."""
    with live_server.db() as db:
        doctor = db.exec(select(User).where(User.email == DOCTOR.login)).one()
        rows = db.exec(
            select(WorkerPayment).where(
                WorkerPayment.worker_id == doctor.id,
                WorkerPayment.period >= start,
                WorkerPayment.period <= end,
            )
        ).all()
    counted = [r for r in rows if r.status != WorkerPaymentStatus.CANCELLED]
    paid = [r for r in counted if r.status == WorkerPaymentStatus.PAID]
    return len(rows), sum(r.amount for r in counted), sum(r.amount for r in paid)


def pick(tab: Page, prefix: str, month) -> None:
    tab.select_option(f"#fpay-{prefix}-month", f"{month.month:02d}")
    tab.select_option(f"#fpay-{prefix}-year", str(month.year))


def test_pick_a_period_see_totals_download_csv(tablet, live_server):
    sign_in_doctor(tablet, live_server)
    tablet.get_by_role("link", name="Выплаты: зарплата, стимулирующие, дежурства, ОМС").click()
    expect(tablet.locator("#fpay-table")).to_be_visible()  # the last twelve months
    this_month = first_of(local_date(utcnow()))
    start, end = shift(this_month, -2), this_month  # paid, then accrued
    count, accrued, paid = demo_months(live_server, start, end)
    assert count >= 6 and accrued > paid > 0  # salary and ОМС monthly, duties, a bonus

    pick(tablet, "from", start)
    pick(tablet, "to", end)
    tablet.locator("#fpay-show").click()
    expect(tablet.locator("#fpay-table tbody tr")).to_have_count(count)
    expect(tablet.locator("#fpay-total-accrued")).to_have_text(rubles(accrued))
    expect(tablet.locator("#fpay-total-paid")).to_have_text(rubles(paid))
    expect(tablet.locator("#fpay-by-month tbody tr")).to_have_count(3)
    query = parse_qs(urlsplit(tablet.url).query)
    assert query == {"from": [month_key(start)], "to": [month_key(end)]}

    tablet.reload(wait_until="networkidle")  # the months are in the address
    expect(tablet.locator("#fpay-total-accrued")).to_have_text(rubles(accrued))
    expect(tablet.locator("#fpay-from-month")).to_have_value(f"{start.month:02d}")
    expect(tablet.locator("#fpay-to-year")).to_have_value(str(end.year))

    with tablet.expect_download() as download:
        tablet.locator("#fpay-export-csv").click()
    body = Path(download.value.path()).read_bytes()
    assert body.startswith(b"\xef\xbb\xbf")
    assert len(body.decode("utf-8-sig").strip().split("\r\n")) == 1 + count

    pick(tablet, "from", end)
    pick(tablet, "to", start)
    tablet.locator("#fpay-show").click()
    expect(tablet.locator("#fpay-error")).to_contain_text("раньше")
    screenshots(tablet)


def screenshots(tab: Page) -> None:
    """The page at three sizes (looked at by a person); nothing scrolls sideways."""
    SHOTS.mkdir(parents=True, exist_ok=True)
    for name, (width, height) in SIZES.items():
        tab.set_viewport_size({"width": width, "height": height})
        tab.goto("/frmr/payments")
        expect(tab.locator("#fpay-table")).to_be_visible()
        tab.screenshot(path=str(SHOTS / f"payments-{name}.png"), full_page=True)
        used = tab.evaluate("document.documentElement.scrollWidth")
        assert used <= width, f"{name}: the page scrolls sideways ({used}px)"
    tab.set_viewport_size({"width": 768, "height": 1024})
