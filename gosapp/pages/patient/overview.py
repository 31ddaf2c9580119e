"""`/patient`: the patient cabinet's overview (its pages come with the appointments and labs)."""

import reflex as rx

from gosapp import routes
from gosapp.components.cards import cabinet_overview
from gosapp.pages.patient.lab_sharing import sharing_shortcut


def patient_page() -> rx.Component:
    """What the patient cabinet offers."""
    return cabinet_overview(routes.cabinet(routes.PATIENT), sharing_shortcut())
