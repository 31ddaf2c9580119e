"""Accessibility (SPEC §7): axe-core finds no serious or critical violation on the pages a
visitor, a citizen and a registrar use, with real content on them."""

from pathlib import Path

import axe_playwright_python
import pytest
from playwright.sync_api import Page

from gosapp.services.common.audit import Actor
from gosapp.services.requests import workflow
from tests.e2e.account.test_profile import log_in
from tests.personas import make_persona

AXE_JS = (Path(axe_playwright_python.__file__).parent / "axe.min.js").read_text()
BLOCKING = ("serious", "critical")


def violations(page: Page, route: str) -> list[str]:
    """The serious and critical axe findings on ``route`` once it has settled."""
    page.goto(route)
    page.wait_for_load_state("networkidle")
    page.evaluate(AXE_JS)  # not a <script> tag: the CSP refuses inline scripts without a hash
    found = page.evaluate(
        """async () => (await axe.run(document, {resultTypes: ['violations']})).violations"""
    )
    return [
        f"{route}: {v['id']} ({v['impact']}) {v['help']} — "
        + "; ".join(node["target"][0] for node in v["nodes"][:3])
        for v in found
        if v["impact"] in BLOCKING
    ]


def assert_clean(page: Page, routes: tuple[str, ...]) -> None:
    found = [v for route in routes for v in violations(page, route)]
    assert not found, "\n".join(found)


@pytest.fixture(scope="module")
def ticket(live_server):
    """A citizen with a support ticket a registrar has answered, so lists are not empty."""
    with live_server.db() as db:
        nina, oleg = make_persona(db, "nina"), make_persona(db, "oleg")
        request = workflow.create(
            session=db,
            applicant=nina.user,
            type_code="support",
            data={"category": "information", "subject": "Приём", "text": "Когда приём?"},
            actor=Actor(),
        )
        for action, text in (("claim", ""), ("ask_info", "Уточните поликлинику")):
            workflow.transition(
                session=db,
                request_id=request.id,
                action=action,
                user=oleg.user,
                actor=Actor(),
                text=text,
            )
        db.commit()
        return nina, oleg, request


def test_public_pages(page):
    routes = ("/", "/login", "/register", "/recover", "/verify/2026-000001-AAAAAAAA")
    assert_clean(page, routes)


def test_citizen_pages(page, ticket):
    nina, _, request = ticket
    log_in(page, nina)
    routes = (
        "/patient",
        "/certificates",
        f"/support?open={request.number}",
        f"/history?open={request.number}",
        "/profile",
        "/security",
        "/notifications",
    )
    assert_clean(page, routes)

    # The same pages on a tablet (768×1024): touch-sized targets, nothing scrolls sideways.
    page.set_viewport_size({"width": 768, "height": 1024})
    assert not (small := too_small_to_touch(page, routes)), "\n".join(small)


# Each visible button and link, in the header, the page and the footer: a radio or checkbox is
# touched through its whole label. A link inside a sentence is exempt (WCAG 2.5.8's inline
# exception): its text is part of a longer run of text in the same block.
TOUCH_AREAS = """() => {
    const inSentence = el => el.tagName === 'A' && el.parentElement.matches('p, span, .rt-Text')
        && el.parentElement.innerText.trim() !== el.innerText.trim();
    return [...document.querySelectorAll('button, a[href], [role=menuitem]')]
        .filter(el => el.offsetParent !== null && !el.matches('.skip-link') && !inSentence(el))
        .map(el => el.closest('label') || el)
        .map(area => [area.innerText.trim().slice(0, 40) || area.getAttribute('aria-label')
                          || area.outerHTML.slice(0, 120),
                      area.getBoundingClientRect().height]);
}"""


def too_small_to_touch(page: Page, routes: tuple[str, ...]) -> list[str]:
    """Touch areas under 44 px and pages wider than the screen."""
    found = []
    for route in routes:
        page.goto(route)
        page.wait_for_load_state("networkidle")
        if page.evaluate("document.documentElement.scrollWidth") > 768:
            found.append(f"{route}: scrolls sideways")
        found += [
            f"{route}: {name!r} is {height:.0f} px tall"
            for name, height in page.evaluate(TOUCH_AREAS)
            if height < 44
        ]
    return found


def test_registrar_pages(page, ticket):
    _, oleg, request = ticket
    log_in(page, oleg)
    routes = ("/staff", f"/staff/requests/{request.id}", "/staff/users", "/staff/audit")
    assert_clean(page, routes)
    page.set_viewport_size({"width": 768, "height": 1024})
    assert not (small := too_small_to_touch(page, routes)), "\n".join(small)
