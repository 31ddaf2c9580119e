"""Drafts in a real browser: the history offers «Продолжить» and «Подать» on a draft (and no
deadline), «Продолжить» opens its card on the certificates page, «Подать» submits it there or
right in the history."""

import re

from playwright.sync_api import expect

from gosapp.services.common.audit import Actor
from gosapp.services.requests import workflow
from tests.e2e.account.test_profile import log_in
from tests.factories import give_documents
from tests.personas import make_persona

CERTIFICATE = {"purpose": "Для работы", "delivery": "electronic"}


def test_a_draft_is_continued_from_the_history_and_submitted(page, live_server):
    with live_server.db() as db:
        dina = make_persona(db, "dina")
        give_documents(db, dina.user)  # certificates need a standard account
        drafts = [
            workflow.create(
                session=db,
                applicant=dina.user,
                type_code="cert_health",
                data=CERTIFICATE,
                actor=Actor(),
                submit=False,
            )
            for _ in range(2)
        ]
        db.commit()
        first, second = (d.id for d in drafts)

    log_in(page, dina)
    page.goto("/history")
    row = page.locator(".history-row").filter(has=page.locator(f"#history-submit-{first}"))
    expect(row).to_contain_text("Черновик")
    expect(row).not_to_contain_text("решение до")

    page.locator(f"#history-submit-{second}").click()
    expect(page.locator(f"#history-submit-{second}")).to_have_count(0)
    expect(page.locator(".history-row", has_text="решение до")).to_have_count(1)

    page.locator(f"#history-continue-{first}").click()
    expect(page).to_have_url(re.compile(r"/certificates\?open="))
    card = page.locator(f"#request-{first}")
    expect(card).to_contain_text("Черновик")
    page.locator(f"#draft-submit-{first}").click()
    expect(card).to_contain_text("Подано")
    expect(card).to_contain_text("решение до")
    expect(page.locator(f"#draft-submit-{first}")).to_have_count(0)
