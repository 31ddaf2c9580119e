"""НМО and work experience in a real browser on a 768×1024 tablet (issue 16, items 1–2): the
demo doctor adds a course with its certificate, sees it on check, a registrar approves it in
the back office and the doctor's cycle progress and forecast change; the doctor adds a work
period overlapping an existing one and the total counts the overlap once. Saves screenshots of
both pages (tablet, phone, desktop) to /tmp/shots-career/."""

from datetime import date
from pathlib import Path

from playwright.sync_api import Page, expect
from sqlmodel import col, select

from gosapp.models.accounts import utcnow
from gosapp.models.career import ExperiencePeriod, NmoActivity
from gosapp.services.common.workdays import local_date
from gosapp.services.demo.accounts import demo_account
from gosapp.services.demo.career import PERIODS
from gosapp.services.frmr.experience_rules import Span, total
from tests.e2e.account.test_start_pages import expect_at, sign_in_here
from tests.e2e.frmr.test_workplace import sign_in_doctor
from tests.services.frmr.portfolio_setup import a_pdf

SHOTS = Path("/tmp/shots-career")
COURSE = "Е2Е: Кардиология для терапевтов"
SIZES = {"tablet": (768, 1024), "phone": (390, 844), "desktop": (1366, 768)}
NEW_PERIOD = (date(2002, 9, 1), date(2003, 12, 31))  # overlaps the first main job by 5 months


def add_course(tab: Page, tmp_path: Path) -> None:
    tab.locator("#nmo-add").click()
    tab.locator("#nmo-name").fill(COURSE)
    tab.locator("#nmo-provider").fill("РМАНПО")
    tab.select_option("#nmo-kind", "course")
    today = local_date(utcnow())
    tab.locator("#nmo-started-on").fill(f"{today:%d.%m.%Y}")
    tab.locator("#nmo-finished-on").fill(f"{today:%d.%m.%Y}")
    tab.locator("#nmo-hours").fill("36")
    tab.locator("#nmo-points").fill("36")
    path = tmp_path / "сертификат.pdf"
    path.write_bytes(a_pdf("Сертификат НМО"))
    tab.locator("#nmo-file").set_input_files(str(path))
    expect(tab.locator("#upload-nmo-list")).to_contain_text("сертификат.pdf")
    tab.locator("#nmo-submit").click()
    expect(tab.locator("#nmo-notice")).to_contain_text("на проверку")


def approve_in_back_office(browser, live_server, request_id: int) -> None:
    context = browser.new_context(base_url=live_server.url, locale="ru-RU")
    staff = context.new_page()
    registrar = demo_account("registrar@demo.gosapp.ru")
    assert registrar is not None
    staff.goto("/login")
    sign_in_here(staff, live_server, registrar.login, registrar.password, registrar.totp_secret)
    expect_at(staff, live_server, "/staff")
    staff.goto(f"/staff/requests/{request_id}")
    expect(staff.locator("#staff-payload")).to_contain_text(COURSE)
    staff.locator("#staff-action-claim").click()
    expect(staff.locator("#staff-request-status")).to_contain_text("В обработке")
    staff.locator("#staff-action-approve").click()
    staff.locator("#staff-dialog-confirm").click()
    expect(staff.locator("#staff-request-status")).to_contain_text("Одобрено")
    context.close()


def test_course_and_overlapping_period(tablet, browser, live_server, tmp_path):
    sign_in_doctor(tablet, live_server)
    expect(tablet.locator("#nmo-indicator")).to_contain_text("Цикл: 12 из 250")
    tablet.locator("#nmo-indicator a").click()
    expect(tablet.locator("#nmo-chart")).to_be_visible()
    expect(tablet.locator("#nmo-cycle-value")).to_have_text("12 из 250")
    expect(tablet.locator("#nmo-cycle-note")).to_have_text("На проверке: 18")
    forecast_before = tablet.locator("#nmo-forecast").inner_text()
    assert "не хватает" in forecast_before

    add_course(tablet, tmp_path)
    expect(tablet.locator("#nmo-cycle-note")).to_have_text("На проверке: 54")
    expect(tablet.locator("#nmo-cycle-value")).to_have_text("12 из 250")  # not yet verified
    with live_server.db() as db:
        row = db.exec(select(NmoActivity).where(NmoActivity.name == COURSE)).one()
    expect(tablet.locator(f"#nmo-activity-{row.id}")).to_contain_text("на проверке")

    approve_in_back_office(browser, live_server, row.request_id)
    tablet.reload()
    expect(tablet.locator("#nmo-cycle-value")).to_have_text("48 из 250")
    expect(tablet.locator("#nmo-cycle-note")).to_have_text("На проверке: 18")
    expect(tablet.locator(f"#nmo-activity-{row.id}")).to_contain_text("подтверждён")
    expect(tablet.locator("#nmo-forecast")).not_to_have_text(forecast_before)
    expect(tablet.locator("#nmo-chart .recharts-bar-rectangle").first).to_be_visible()
    expect(tablet.locator("#nmo-chart .recharts-reference-line")).to_have_count(1)

    # An experience period overlapping the first main job: counted once.
    today = local_date(utcnow())
    spans = [Span(p[4], p[5]) for p in PERIODS if p[8] in ("approve", "")]
    before = total(spans, today).text()
    after = total([*spans, Span(*NEW_PERIOD)], today).text()
    assert after != before
    tablet.goto("/frmr/experience")
    expect(tablet.locator("#exp-with-pending")).to_have_text(before)
    tablet.locator("#exp-add").click()
    tablet.locator("#exp-organisation").fill("ГБУЗ «Больница № 7»")
    tablet.locator("#exp-inn").fill("7707083893")
    tablet.locator("#exp-position").fill("Врач-стажёр")
    tablet.locator("#exp-started-on").fill(f"{NEW_PERIOD[0]:%d.%m.%Y}")
    tablet.locator("#exp-ended-on").fill(f"{NEW_PERIOD[1]:%d.%m.%Y}")
    tablet.locator("#exp-leaving-reason").fill("Перевод")
    path = tmp_path / "трудовая.pdf"
    path.write_bytes(a_pdf("Трудовая книжка"))
    tablet.locator("#exp-file").set_input_files(str(path))
    expect(tablet.locator("#upload-experience-list")).to_contain_text("трудовая.pdf")
    tablet.locator("#exp-submit").click()
    expect(tablet.locator("#exp-notice")).to_contain_text("на проверку")
    expect(tablet.locator("#exp-with-pending")).to_have_text(after)
    # 01.09.2002–31.07.2003 is new; the five overlapping months are not counted twice
    assert total([Span(NEW_PERIOD[0], date(2003, 7, 31))], today).text() == "11 мес."
    with live_server.db() as db:
        period = db.exec(select(ExperiencePeriod).order_by(col(ExperiencePeriod.id).desc())).first()
        assert period is not None
    expect(tablet.locator(f"#exp-bar-{period.id}")).to_be_visible()
    screenshots(tablet)


def screenshots(tab: Page) -> None:
    """Both pages at the three sizes (looked at by a person); no sideways scroll."""
    SHOTS.mkdir(parents=True, exist_ok=True)
    for name, (width, height) in SIZES.items():
        tab.set_viewport_size({"width": width, "height": height})
        for page_name, marker in (("education", "#nmo-chart"), ("experience", "#exp-timeline")):
            tab.goto(f"/frmr/{page_name}")
            expect(tab.locator(marker)).to_be_visible()
            tab.wait_for_timeout(700)  # the chart animates in
            tab.screenshot(path=str(SHOTS / f"{page_name}-{name}.png"), full_page=True)
            used = tab.evaluate("document.documentElement.scrollWidth")
            assert used <= width, f"{page_name} {name}: scrolls sideways ({used}px)"
