"""Overview pages of the citizen cabinets: what each offers. Later issues add the cabinets' pages.

The staff back office (`/staff`) has its own pages in gosapp/pages/staff.
"""

from __future__ import annotations

from dataclasses import dataclass

import reflex as rx

from gosapp.components.layout import page
from gosapp.state.auth import SessionState


@dataclass(frozen=True)
class CabinetInfo:
    """A cabinet's route, title, icon, one-line summary and its services."""

    route: str
    title: str
    icon: str
    summary: str
    services: tuple[str | tuple[str, str], ...]  # a label, or (label, route) once built


CABINET_PAGES = [
    CabinetInfo(
        "/patient",
        "Кабинет пациента",
        "heart-pulse",
        "Запись к врачу, анализы, медицинская карта и справки.",
        (
            "Запись к врачу в удобный слот календаря",
            "Результаты анализов с динамикой",
            "Моя карта здоровья: визиты, диагнозы, рекомендации",
            ("Справки и их проверка по QR-коду", "/certificates"),
            ("История обращений", "/history"),
        ),
    ),
    CabinetInfo(
        "/frmr",
        "Кабинет медработника",
        "stethoscope",
        "Профиль в регистре медработников, портфолио и НМО.",
        (
            "Заявка на включение в регистр",
            "Портфолио: дипломы, сертификаты, лицензии",
            "Баллы непрерывного образования (НМО)",
            "Трудовой стаж и аттестация",
            "Рабочее место врача на планшете",
        ),
    ),
    CabinetInfo(
        "/szn",
        "Социальная защита",
        "hand-heart",
        "Выплаты, льготы и заявления на пособия.",
        (
            "Выплаты и их статусы",
            "Льготы и их продление",
            "Заявления на пособия",
            "Справки о выплатах и праве на льготу",
        ),
    ),
]


def service_item(service: str | tuple[str, str]) -> rx.Component:
    """A service, linked to its page when that page exists."""
    if isinstance(service, str):
        return rx.list_item(service)
    label, route = service
    return rx.list_item(rx.link(label, href=route))


def cabinet_page(info: CabinetInfo):
    """Build the overview page function for one cabinet."""

    def overview() -> rx.Component:
        return page(
            rx.cond(
                SessionState.me,
                rx.text(
                    "Здравствуйте, ",
                    SessionState.me.full_name,
                    "!",
                    size="5",
                    id="cabinet-greeting",
                ),
            ),
            rx.text(info.summary, size="4", color="var(--gray-11)"),
            rx.card(
                rx.heading("Услуги кабинета", as_="h2", size="5", margin_bottom="var(--space-2)"),
                rx.unordered_list(*(service_item(s) for s in info.services)),
                margin_top="var(--space-4)",
            ),
            heading=info.title,
        )

    overview.__name__ = f"cabinet_{info.route.strip('/')}"
    return overview
