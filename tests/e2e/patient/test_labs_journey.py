"""Issue 14's «Done when», as one person would live it, on the server with Reflex's performance
checks raising (``REFLEX_PERF_MODE=raise``, 64 KB state limit): the demo patient filters the
results by date and test, opens a trend, downloads CSV, PDF and FHIR with the page's own buttons,
shares the blood count with the demo doctor (who sees exactly it), finds the doctor's look in
«кто смотрел мои данные», revokes the share, and the doctor no longer sees it."""

from __future__ import annotations

import json
import re

from fhir.resources.R4B.bundle import Bundle
from playwright.sync_api import Page, expect

from tests.e2e.account.test_start_pages import sign_in_here
from tests.e2e.frmr.test_workplace import sign_in_doctor
from tests.e2e.patient.test_lab_sharing import (
    DAY,
    PATIENT,
    doctor_id,
    latest_share,
    seed_results,
    share_panel_with_doctor,
)
from tests.e2e.patient.test_labs import labs_server, rows, tab  # noqa: F401 (fixtures)


def download(page: Page, kind: str, tmp_path) -> bytes:
    """Click the page's export button for ``kind`` and return the saved file's bytes."""
    with page.expect_download() as saved:
        page.locator(f"#labs-export-{kind}").click()
    path = tmp_path / saved.value.suggested_filename
    saved.value.save_as(path)
    expect(page.locator("#labs-export-status")).to_contain_text("сохранён")
    return path.read_bytes()


def filter_and_export(page: Page, tmp_path, blood: set[int]) -> None:
    page.locator("#labs-filter-test").click()
    page.get_by_role("option", name="Общий анализ крови").click()
    expect(page).to_have_url(re.compile(r"panel=cbc"))
    page.locator("#labs-filter-from").fill(DAY)
    page.locator("#labs-filter-to").fill(DAY)
    page.locator("#labs-apply").click()
    expect(page).to_have_url(re.compile(r"from=.*to="))
    expect(rows(page)).to_have_count(len(blood))  # that day's blood count, nothing else
    page.locator("#labs-table").get_by_text("Лейкоциты").first.click()
    expect(page.locator("#labs-trend .recharts-line").first).to_be_visible()
    csv = download(page, "csv", tmp_path).decode("utf-8-sig").strip().splitlines()
    assert len(csv) == len(blood) + 1 and all("Общий анализ крови" in line for line in csv[1:])
    assert download(page, "pdf", tmp_path).startswith(b"%PDF")
    bundle = Bundle.model_validate(json.loads(download(page, "fhir", tmp_path)))
    observations = [e.resource for e in bundle.entry if type(e.resource).__name__ == "Observation"]
    assert len(observations) == len(blood)
    assert {c.system for o in observations for c in o.code.coding} == {"http://loinc.org"}


def test_filter_trend_export_share_look_revoke(browser, tab: Page, labs_server, tmp_path):  # noqa: F811
    page = tab
    patient_id, blood, glucose = seed_results(labs_server)
    doctor = doctor_id(labs_server)
    page.goto("/labs")
    sign_in_here(page, labs_server, PATIENT.login, PATIENT.password, PATIENT.totp_secret)
    filter_and_export(page, tmp_path, blood)

    page.locator("#patient-sharing-link").click()
    expect(page.locator("#sharing-create")).to_be_visible()
    share_panel_with_doctor(page, doctor)
    expect(page.locator("#sharing-shares-table")).to_contain_text("Лебедев Дмитрий Андреевич")
    share = latest_share(labs_server, patient_id)
    expect(page.locator(f"#sharing-share-{share.id}")).to_contain_text("действует")

    tablet = browser.new_context(
        base_url=labs_server.url, locale="ru-RU", viewport={"width": 768, "height": 1024}
    ).new_page()
    sign_in_doctor(tablet, labs_server)
    tablet.goto("/frmr/shared")
    tablet.locator(f"#doctor-shared-open-{share.id}").click()
    expect(tablet.locator("#doctor-shared-table tbody tr")).to_have_count(len(blood))
    expect(tablet.locator(f"#shared-result-{glucose}")).to_have_count(0)

    page.goto("/labs/sharing")
    expect(page.locator("#access-log-table")).to_contain_text("Лебедев Дмитрий Андреевич")
    page.locator(f"#sharing-revoke-{share.id}").click()
    page.locator("#revoke-confirm").click()
    expect(page.locator(f"#sharing-share-{share.id}")).to_contain_text("отозван")

    tablet.goto("/frmr/shared")
    expect(tablet.locator("#doctor-shared-empty")).to_be_visible()
    tablet.context.close()
