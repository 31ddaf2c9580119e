"""Sizes and names every component shares (a leaf module: the shell and the header import it)."""

from typing import Any

import reflex as rx

PRODUCT_NAME = "Госпортал здоровья"
PRODUCT_TAGLINE = "Личный кабинет: здравоохранение и социальная защита"

TOUCH_TARGET = "44px"  # SPEC §7: every target a finger can hit
HEADER_HEIGHT = "60px"  # one row on every screen: 44 px targets and 8 px above and below
# Page side padding by screen width: phone, tablet, desktop.
GUTTER = rx.breakpoints(initial="var(--space-3)", sm="var(--space-4)", md="var(--space-5)")
# A link standing on its own (not inside a sentence): a 44 px tall target.
TOUCH_LINK: dict[str, Any] = {
    "min_height": TOUCH_TARGET,
    "display": "inline-flex",
    "align_items": "center",
}
