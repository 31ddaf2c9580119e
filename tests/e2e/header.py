"""Driving the header from tests: «Выйти» sits in the user menu (desktop) or the drawer."""

from playwright.sync_api import Page


def log_out(page: Page) -> None:
    """Open whichever menu this screen has and press «Выйти» (a POST to the logout route)."""
    menu_button = page.locator("#menu-button")
    (menu_button if menu_button.is_visible() else page.locator("#account-name")).click()
    page.locator("#logout").click()
