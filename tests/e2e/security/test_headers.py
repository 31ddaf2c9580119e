"""Security headers against the production build, in Chromium.

Attacks these stand for:
- clickjacking: a foreign site frames /login and overlays it so a visitor types credentials or
  clicks through it. Before, /login rendered inside any frame; now ``frame-ancestors 'none'``
  (and ``X-Frame-Options: DENY``) make the browser refuse.
- script injection: a script smuggled into the page must not run. The CSP allows only the
  build's asset folder plus the hashed inline scripts of the build, so the real pages run with
  no violation while an injected inline script is blocked.
"""

import pyotp
from playwright.sync_api import Page, expect

from tests.personas import make_persona

WATCH_VIOLATIONS = """
window.__cspViolations = [];
document.addEventListener('securitypolicyviolation', (e) =>
  window.__cspViolations.push(`${e.violatedDirective} ${e.blockedURI} ${e.sample}`));
"""


def watch(page: Page) -> list[str]:
    """Collect CSP violations and console errors of every document the tab loads."""
    problems: list[str] = []
    page.add_init_script(WATCH_VIOLATIONS)
    page.on(
        "console",
        lambda m: (
            m.type in ("error", "warning")
            and ("Content Security Policy" in m.text or "Permissions-Policy" in m.text)
            and problems.append(m.text)
        ),
    )
    return problems


def violations(page: Page) -> list[str]:
    return page.evaluate("window.__cspViolations || []")


def test_pages_load_and_sign_in_works_under_the_csp_without_violations(page, live_server):
    problems = watch(page)
    response = page.goto("/login")
    csp = response.headers["content-security-policy"]
    assert "frame-ancestors 'none'" in csp and "'sha256-" in csp
    script_src = next(d for d in csp.split(";") if d.strip().startswith("script-src"))
    assert "'unsafe-inline'" not in script_src
    assert response.headers["x-frame-options"] == "DENY"
    assert response.headers["x-content-type-options"] == "nosniff"
    expect(page.locator("#login-identifier")).to_be_visible()
    assert violations(page) == []

    with live_server.db() as db:
        persona = make_persona(db, "alice")
        db.commit()
    page.locator("#login-identifier").fill(persona.user.email)
    page.locator("#login-password").fill(persona.password)
    page.locator("#login-submit").click()
    page.locator("#totp-code").fill(pyotp.TOTP(persona.totp_secret).now())
    page.locator("#totp-submit").click()  # ends in a scripted full load of /api/auth/session
    expect(page.locator("#cabinet-greeting")).to_contain_text(persona.user.last_name)
    for _ in range(2):  # the second load is answered 304 from the browser's cache
        page.goto("/profile")
        expect(page.locator("#account-name")).to_be_visible()  # the signed-in header
        assert violations(page) == []
    assert problems == []


def test_an_injected_inline_script_is_blocked(page):
    watch(page)
    page.goto("/login")
    expect(page.locator("#login-identifier")).to_be_visible()
    page.evaluate(
        """() => { const s = document.createElement('script');
                   s.textContent = 'window.__injected = true';
                   document.body.appendChild(s); }"""
    )
    page.wait_for_function("window.__cspViolations.length > 0")
    assert page.evaluate("window.__injected") is None
    assert any(v.startswith("script-src") for v in violations(page))


def test_login_in_a_frame_on_another_origin_is_refused(page, live_server, httpserver):
    # The attacker's page is a real server on another loopback origin (a routed fake origin is
    # refused by Chromium's local-network rules whatever our headers say, proving nothing).
    login = f"{live_server.url}/login"
    httpserver.expect_request("/").respond_with_data(
        f'<html><body><h1>Приз!</h1><iframe src="{login}"></iframe></body></html>',
        content_type="text/html",
    )
    page.goto(f"http://127.0.0.1:{httpserver.port}/")
    frame = next(f for f in page.frames if f is not page.main_frame)
    frame.wait_for_load_state("load")
    # Without the headers the frame holds the login page; refused, it holds Chromium's error page.
    assert frame.url.startswith("chrome-error://"), frame.url
    assert frame.locator("#login-identifier").count() == 0
