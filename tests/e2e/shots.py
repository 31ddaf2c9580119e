"""Screenshots at the three sizes every page is looked at (phone, tablet, desktop), with the
check that nothing scrolls sideways; the PNGs are for people to open, not for asserting."""

from pathlib import Path

from playwright.sync_api import Page

SIZES = {"phone": (390, 844), "tablet": (768, 1024), "desktop": (1366, 768)}


def shoot(page: Page, folder: str, name: str) -> None:
    """``/tmp/shots-<folder>/<name>-<size>.png`` at each size; the viewport is restored."""
    shots = Path(f"/tmp/shots-{folder}")
    shots.mkdir(exist_ok=True)
    before = page.viewport_size
    for size, (width, height) in SIZES.items():
        page.set_viewport_size({"width": width, "height": height})
        page.wait_for_timeout(300)
        assert page.evaluate("document.documentElement.scrollWidth") <= width, size
        page.screenshot(path=str(shots / f"{name}-{size}.png"), full_page=True)
    if before:
        page.set_viewport_size(before)
