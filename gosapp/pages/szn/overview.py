"""`/szn`: the social-protection cabinet's overview (its pages come with the СЗН issue)."""

import reflex as rx

from gosapp import routes
from gosapp.components.cards import cabinet_overview


def szn_page() -> rx.Component:
    """What the social-protection cabinet offers."""
    return cabinet_overview(routes.cabinet(routes.SZN))
