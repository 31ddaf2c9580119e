"""`/frmr/training`: training programmes for medical workers (issue 16 item 4), tablet first —
«Мои обучения» on top, then the catalogue with its filters (kept in the address)."""

from __future__ import annotations

import reflex as rx

from gosapp.components.forms import success_note
from gosapp.components.loading import list_skeleton
from gosapp.pages.frmr.doctor_page import doctor_page, refusal
from gosapp.pages.frmr.training.cards import catalogue
from gosapp.pages.frmr.training.catalogue import filters_card
from gosapp.pages.frmr.training.mine import my_list
from gosapp.pages.frmr.training.state import TrainingState

__all__ = ["TrainingState", "training_page"]

S = TrainingState


def content() -> rx.Component:
    """«Мои обучения», then the catalogue."""
    return rx.flex(
        rx.text(
            "Запишитесь на курс, вебинар или семинар. Когда мест нет, можно встать в лист "
            "ожидания: освободившееся место достанется первому в очереди. После окончания "
            "нажмите «Завершить обучение» и загрузите сертификат — баллы НМО засчитаются после "
            "проверки.",
            color="var(--gray-11)",
        ),
        success_note(S.notice, "training-notice"),
        rx.heading("Мои обучения", as_="h2", size="5"),
        my_list(),
        rx.heading("Каталог программ", as_="h2", size="5"),
        filters_card(),
        catalogue(),
        direction="column",
        gap="var(--space-4)",
        width="100%",
    )


def training_page() -> rx.Component:
    """The «Программы обучения» page (a doctor without a register profile is told why)."""
    return doctor_page(
        S,
        content(),
        heading="Программы обучения",
        refused="Программы обучения доступны только медицинским работникам.",
        prefix="training",
        waiting=rx.cond(
            S.denied != "",
            refusal(S.denied, "training-denied"),
            list_skeleton("training-loading"),
        ),
    )
