"""«Результаты анализов» in a real browser, served with ``REFLEX_PERF_MODE=raise`` and
``REFLEX_STATE_SIZE_LIMIT=64`` (a state over 64 KB would fail the event): the demo patient
filters by test and by date (the filters stay in the URL through a reload and the back button),
pages forward and back, types a wrong date and sees the Russian message beside it, and opens a
result: the detail and its trend chart render. The dashboard links to the page.

Saves screenshots of /labs and of the detail at 390×844, 768×1024 and 1366×768 to
/tmp/shots-labs/ (not in git).
"""

import re
from collections.abc import Iterator
from datetime import timedelta
from pathlib import Path

import pytest
from playwright.sync_api import Page, expect
from sqlmodel import col, select

from gosapp import routes
from gosapp.models.accounts import User, utcnow
from gosapp.services.demo.accounts import demo_account
from gosapp.settings import get_settings
from tests.e2e.account.test_start_pages import sign_in_here
from tests.e2e.conftest import LiveServer, _settle_page_loads, serve_demo

SHOTS = Path("/tmp/shots-labs")
_PATIENT = demo_account("patient@demo.gosapp.ru")
assert _PATIENT is not None
PATIENT = _PATIENT
SIZES = {"phone": (390, 844), "tablet": (768, 1024), "desktop": (1366, 768)}


@pytest.fixture(scope="module")
def labs_server(tmp_path_factory) -> Iterator[LiveServer]:
    """The production build with Reflex's performance checks raising."""
    with serve_demo(
        tmp_path_factory.mktemp("e2e-labs"),
        "e2e-labs",
        GOSAPP_SECRET_KEY=get_settings().secret(),
        REFLEX_PERF_MODE="raise",
        REFLEX_STATE_SIZE_LIMIT="64",
    ) as server:
        yield server


@pytest.fixture
def tab(browser, labs_server) -> Iterator[Page]:
    context = browser.new_context(
        base_url=labs_server.url, locale="ru-RU", viewport={"width": 1280, "height": 900}
    )
    page = context.new_page()
    _settle_page_loads(page)
    yield page
    context.close()


def shoot(page: Page, name: str) -> None:
    SHOTS.mkdir(exist_ok=True)
    for size, (width, height) in SIZES.items():
        page.set_viewport_size({"width": width, "height": height})
        page.evaluate("window.scrollTo(0, 0)")  # a sticky header would be drawn mid-page
        page.wait_for_timeout(300)
        page.screenshot(path=str(SHOTS / f"{name}-{size}.png"), full_page=True)
    page.set_viewport_size({"width": 1280, "height": 900})


def rows(page: Page):
    return page.locator("#labs-table tr.lab-row")


def test_the_patient_filters_pages_and_opens_a_trend(tab: Page, labs_server):
    tab.goto("/labs")
    sign_in_here(tab, labs_server, PATIENT.login, PATIENT.password, PATIENT.totp_secret)
    expect(tab.get_by_role("heading", name="Результаты анализов")).to_be_visible()
    expect(rows(tab)).to_have_count(50)
    shoot(tab, "labs")

    first = rows(tab).first.get_attribute("id")
    tab.locator("#labs-next").click()
    expect(tab.locator("#labs-page")).to_have_text("Страница 2")
    expect(rows(tab).first).not_to_have_attribute("id", first or "")
    tab.locator("#labs-prev").click()
    expect(tab.locator("#labs-page")).to_have_text("Страница 1")
    expect(rows(tab).first).to_have_attribute("id", first or "")

    tab.locator("#labs-filter-test").click()
    tab.get_by_role("option", name="Липидный профиль").click()
    expect(tab).to_have_url(re.compile(r"panel=lipids"))
    expect(rows(tab)).to_have_count(36)  # 4 analytes × 9 draws
    expect(tab.locator("#labs-table")).not_to_contain_text("Глюкоза")

    # a filter is shown by its own event and pushed into the history: back and forward work
    abnormal = tab.locator("#labs-filter-abnormal")
    abnormal.click()
    expect(tab).to_have_url(re.compile(r"panel=lipids&abnormal=1$"))
    expect(rows(tab)).not_to_have_count(36)
    flagged = rows(tab).count()
    assert 0 < flagged == tab.locator("#labs-table tr.lab-row .lab-flag").count()
    expect(rows(tab).locator(".lab-flag").first).to_have_text(
        re.compile(r"^[↑↓] (выше|ниже) нормы$")
    )
    tab.go_back()
    expect(tab).to_have_url(re.compile(r"/labs/?\?panel=lipids$"))
    expect(rows(tab)).to_have_count(36)
    expect(abnormal).to_have_attribute("data-state", "unchecked")
    tab.go_forward()
    expect(rows(tab)).to_have_count(flagged)
    expect(abnormal).to_have_attribute("data-state", "checked")
    abnormal.click()
    expect(tab).to_have_url(re.compile(r"/labs/?\?panel=lipids$"))
    expect(rows(tab)).to_have_count(36)

    tab.locator("#labs-filter-from").fill("31.02.2026")
    tab.locator("#labs-apply").click()
    expect(tab.locator("#labs-filter-from-error")).to_be_visible()
    since = (utcnow() - timedelta(days=200)).date()
    tab.locator("#labs-filter-from").fill(since.strftime("%d.%m.%Y"))
    tab.locator("#labs-apply").click()
    expect(tab).to_have_url(re.compile(f"from={since.isoformat()}"))
    expect(rows(tab)).to_have_count(12)  # the three latest draws
    tab.reload()
    expect(rows(tab)).to_have_count(12)
    expect(tab.locator("#labs-filter-from")).to_have_value(since.strftime("%d.%m.%Y"))
    tab.go_back()
    expect(tab).to_have_url(re.compile(r"/labs/?\?panel=lipids$"))
    expect(rows(tab)).to_have_count(36)

    chol = rows(tab).filter(has_text="Холестерин общий").first
    flags = chol.locator(".lab-flag").all_inner_texts()  # the newest is out of range (demo)
    chol.get_by_text("Холестерин общий").click()
    detail = tab.locator("#labs-detail")
    expect(detail).to_contain_text("Метод")
    assert flags, "the demo's newest total cholesterol is flagged"
    expect(detail.locator(".lab-flag")).to_have_text(flags)  # the same words as its row
    expect(tab.locator("#labs-detail-change")).to_contain_text("ммоль/л с ")
    expect(tab.locator("#labs-trend .recharts-line").first).to_be_visible()
    expect(tab.locator("#labs-trend .recharts-reference-area")).to_have_count(1)
    # numbers in Russian: «5,5», never «5.5» (the ticks, and a point's tooltip)
    ticks = tab.locator("#labs-trend .recharts-yAxis-tick-labels .recharts-text")
    expect(ticks.first).to_be_visible()
    labels = ticks.all_text_contents()  # SVG text: no innerText
    tab.locator("#labs-trend .recharts-line-dot").last.hover()
    chart = tab.locator(".recharts-wrapper", has=tab.locator("#labs-trend"))
    tooltip = chart.locator(".recharts-tooltip-wrapper")
    expect(tooltip).to_contain_text("Значение")
    lines = tooltip.inner_text().splitlines()  # the date, then «Значение : 6,6»
    shown = [*labels, *(line.split(":")[-1].strip() for line in lines if ":" in line)]
    assert not any(re.search(r"\d\.\d", t) for t in shown), shown
    assert any(re.search(r"\d,\d", t) for t in shown), shown
    shoot(tab, "labs-detail")


def test_the_dashboard_shows_new_results(tab: Page, labs_server):
    tab.goto("/")
    tab.goto("/login")
    sign_in_here(tab, labs_server, PATIENT.login, PATIENT.password, PATIENT.totp_secret)
    card = tab.locator("#dashboard-labs")
    expect(card).to_contain_text("Новые результаты")
    expect(tab.locator("#dashboard-labs-count")).to_contain_text("За 30 дней: 45 результатов")
    card.locator("#dashboard-labs-more").click()
    expect(tab).to_have_url(re.compile(r"/labs/?$"))


def test_the_treating_doctor_sees_the_patients_results_named(tab: Page, labs_server):
    doctor = demo_account("doctor@demo.gosapp.ru")
    assert doctor is not None
    with labs_server.db() as db:
        patient = db.exec(select(User).where(col(User.email) == PATIENT.login)).one()
    tab.goto(routes.labs_of(patient.id))
    sign_in_here(tab, labs_server, doctor.login, doctor.password, doctor.totp_secret)
    expect(tab.locator("#labs-subject")).to_contain_text("Смирнова Алиса Петровна")
    expect(rows(tab)).to_have_count(50)
    tab.locator("#labs-filter-test").click()
    tab.get_by_role("option", name="Углеводный обмен").click()
    expect(tab).to_have_url(re.compile(f"panel=glucose&patient={patient.id}"))
    expect(rows(tab)).to_have_count(18)
