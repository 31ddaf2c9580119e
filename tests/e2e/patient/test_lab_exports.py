"""Lab exports in a real browser: the signed-in patient downloads CSV, PDF and FHIR of a filter,
another patient's results answer 404, and the export buttons' script shows progress, saves the
file and shows a refusal's message (the /labs page that hosts the buttons is built separately,
so the script runs here on the patient's start page against the real route)."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta

from fhir.resources.R4B.bundle import Bundle
from playwright.sync_api import Page, expect

from gosapp import routes
from gosapp.pages.patient.labs_export.scripts import BOX_ID, STATUS_ID, fetch_and_save
from gosapp.services.medical.lab_results import build_result
from tests.e2e.account.test_profile import log_in
from tests.factories import make_user
from tests.personas import make_persona

START = datetime(2026, 3, 2, 6, 0, tzinfo=UTC)
GLUCOSE = [5.1, 5.7, 6.3, 6.9]


def arrange(live_server):
    """Larisa: glucose drifting above the range and one haemoglobin; someone else's result."""
    with live_server.db() as db:
        larisa = make_persona(db, "larisa")
        for n, value in enumerate(GLUCOSE):
            db.add(build_result(larisa.user, "GLU", value, START + timedelta(days=30 * n)))
        db.add(build_result(larisa.user, "HGB", 128, START))
        other = make_user(db)
        db.add(build_result(other, "GLU", 9.9, START))
        db.commit()
        return larisa, other.id


def stage_buttons(page: Page, query: str) -> None:
    """What ``export_buttons`` renders, reduced to what its script reads: box, link, status."""
    page.evaluate(
        """([box, status, href]) => {
            const div = document.createElement('div');
            div.id = box;
            div.innerHTML = `<a id="labs-export-pdf" href="${href}">PDF</a>
                             <a id="labs-export-csv" href="${href.replace('.pdf', '.csv')}">CSV</a>
                             <p id="${status}" role="status"></p>`;
            document.body.appendChild(div);
        }""",
        [BOX_ID, STATUS_ID, routes.lab_export("pdf", query)],
    )


def test_a_patient_exports_the_filtered_results(page: Page, live_server, tmp_path):
    larisa, other_id = arrange(live_server)
    log_in(page, larisa)

    csv = page.request.get(routes.lab_export("csv", "analyte=GLU&abnormal=1"))
    assert csv.status == 200 and csv.body().startswith(b"\xef\xbb\xbf")
    assert 'filename="analizy-' in csv.headers["content-disposition"]
    rows = csv.body().decode("utf-8-sig").strip().split("\r\n")
    assert [row.split(";")[3] for row in rows[1:]] == ["6,9", "6,3"]

    fhir = page.request.get(routes.lab_export("fhir"))
    bundle = Bundle.model_validate(json.loads(fhir.body()))
    assert len(bundle.entry) == 6 and bundle.entry[0].resource.name[0].family == "Ларина"

    assert page.request.get(routes.lab_export("csv", f"patient={other_id}")).status == 404
    assert page.request.get(routes.lab_export("xlsx")).status == 404

    stage_buttons(page, "panel=glucose")
    with page.expect_download() as download:
        outcome = page.evaluate("() => " + fetch_and_save("pdf", "PDF").strip())
    assert outcome == "saved"
    saved = tmp_path / download.value.suggested_filename
    download.value.save_as(saved)
    assert saved.name.startswith("analizy-") and saved.name.endswith(".pdf")
    assert saved.read_bytes().startswith(b"%PDF")
    expect(page.locator(f"#{STATUS_ID}")).to_have_text(f"Файл «{saved.name}» сохранён.")
    expect(page.locator(f"#{BOX_ID}")).not_to_have_attribute("data-busy", "pdf")
    expect(page.locator("#labs-export-pdf")).not_to_have_attribute("aria-busy", "true")

    bad = routes.lab_export("csv", "from=2026-05-01&to=2026-01-01")
    page.evaluate("href => { document.getElementById('labs-export-csv').href = href; }", bad)
    assert page.evaluate("() => " + fetch_and_save("csv", "CSV").strip()) == "refused"
    status = page.locator(f"#{STATUS_ID}")
    expect(status).to_have_text("Дата «с» позже даты «по»")
    expect(status).to_have_attribute("data-error", "1")
