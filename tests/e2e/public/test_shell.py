"""The app shell in a real browser: Russian landing page, navigation, 404, tablet layout."""

import re

from playwright.sync_api import expect


def test_landing_page_is_russian_with_cabinet_navigation(page):
    page.goto("/")
    expect(page).to_have_title(re.compile("Госпортал здоровья"))
    assert page.locator("html").get_attribute("lang") == "ru"
    expect(page.locator("#landing-title")).to_have_text("Госпортал здоровья")
    nav = page.get_by_role("navigation", name="Кабинеты")
    for label in ("Пациент", "Медработник", "Соцзащита", "Сотрудник"):
        expect(nav.get_by_role("link", name=label)).to_be_visible()


def test_navigation_opens_a_cabinet_page(page):
    page.goto("/")
    page.locator("#nav-szn").click()
    expect(page).to_have_url(re.compile("/szn$"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Социальная защита")


def test_unknown_address_shows_the_russian_404_page(page):
    page.goto("/no-such-page")
    expect(page.get_by_role("heading", level=1)).to_have_text("Страница не найдена")
    page.get_by_role("link", name="На главную").click()
    expect(page.locator("#landing-title")).to_be_visible()


def test_error_page_shows_the_incident_id(page):
    page.goto("/error/ABCD1234")
    expect(page.locator("#incident-id")).to_have_text("ABCD1234")


def test_tablet_navigation_has_touch_sized_targets(tablet):
    tablet.goto("/")
    header = tablet.locator("#site-header").bounding_box()
    assert header is not None and header["height"] <= 64
    tablet.emulate_media(reduced_motion="reduce")  # the drawer at its final size
    tablet.locator("#menu-button").click()  # on a tablet the cabinets are in the drawer
    for element_id in ("nav-patient", "nav-frmr", "nav-szn", "nav-staff", "login"):
        box = tablet.locator(f"#drawer-{element_id}").bounding_box()
        assert box is not None and box["height"] >= 44, element_id
    assert tablet.evaluate("document.documentElement.scrollWidth") <= 768


def _websocket_handshake_status(url: str, origin: str) -> int:
    """The status a websocket upgrade to Reflex's event endpoint gets from ``origin``."""
    import socket
    from urllib.parse import urlsplit

    parts = urlsplit(url)
    request = (
        f"GET /_event/?EIO=4&transport=websocket HTTP/1.1\r\nHost: {parts.netloc}\r\n"
        f"Origin: {origin}\r\nConnection: Upgrade\r\nUpgrade: websocket\r\n"
        "Sec-WebSocket-Version: 13\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n\r\n"
    )
    with socket.create_connection((parts.hostname, parts.port), timeout=5) as sock:
        sock.sendall(request.encode())
        return int(sock.recv(64).split()[1])


def test_websocket_accepts_only_the_apps_own_origin(live_server):
    assert _websocket_handshake_status(live_server.url, live_server.url) == 101
    assert _websocket_handshake_status(live_server.url, "http://evil.example") == 403
