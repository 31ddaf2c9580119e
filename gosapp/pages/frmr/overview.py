"""`/frmr`: the medical-worker cabinet's overview (its pages come with the ФРМР issue)."""

import reflex as rx

from gosapp import routes
from gosapp.components.cards import cabinet_overview


def frmr_page() -> rx.Component:
    """What the medical-worker cabinet offers."""
    return cabinet_overview(routes.cabinet(routes.FRMR))
