"""`/frmr/payments`: the medical worker's payments (seed 003 «Финансы → Выплаты»), tablet
first — a month picker («с — по», «Показать»; the months stay in the address), the totals of
the period and of each type, the payments, and the CSV / PDF statement of the shown months."""

from __future__ import annotations

import reflex as rx

from gosapp import routes
from gosapp.components.cards import touch_link
from gosapp.pages.frmr.doctor_page import doctor_page
from gosapp.pages.frmr.payments.parts import payment_list, period_form, totals
from gosapp.pages.frmr.payments.state import WorkerPaymentsState

__all__ = ["WorkerPaymentsState", "worker_payments_page"]

S = WorkerPaymentsState


def content() -> rx.Component:
    """The picker, the totals and the payments of the shown months."""
    return rx.flex(
        rx.text(
            "Зарплата, стимулирующие выплаты, дежурства и выплаты по ОМС от работодателя. "
            "Выберите месяцы и нажмите «Показать».",
            color="var(--gray-11)",
        ),
        period_form(),
        rx.heading("Период: ", S.title, as_="h2", size="5", id="fpay-title"),
        totals(),
        payment_list(),
        touch_link("Кабинет медработника", href=routes.FRMR),
        direction="column",
        gap="var(--space-4)",
        width="100%",
    )


def worker_payments_page() -> rx.Component:
    """The «Выплаты» page; anyone but a medical worker sees that it is not for them."""
    return doctor_page(
        S,
        content(),
        heading="Выплаты",
        refused="Раздел «Выплаты» доступен только медицинским работникам.",
        prefix="fpay",
    )
