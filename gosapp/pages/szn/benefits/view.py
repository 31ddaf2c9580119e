"""The pieces of `/szn/benefits`: a benefit's card, the «Добавить льготу» form, the СЗН
certificates block, and ``expiring_benefits_card`` for the cabinet's overview."""

from __future__ import annotations

import reflex as rx

from gosapp import routes
from gosapp.components.cards import touch_link
from gosapp.components.forms import (
    date_field,
    error_for,
    field_error,
    labelled,
    radio_field,
    submit_button,
)
from gosapp.components.layout import TOUCH_TARGET
from gosapp.components.request_cards import card_links
from gosapp.components.timeline import status_badge
from gosapp.components.uploader import uploader
from gosapp.pages.szn.benefits.state import WIDGET, BenefitsState
from gosapp.services.social import szn_certificates
from gosapp.services.social.benefits_review import KIND_LABELS

ERR = BenefitsState.form_errors
CERT_CHOICES = [{"code": k.code, "title": k.title} for k in szn_certificates.KINDS]


def _badge(row) -> rx.Component:
    return rx.badge(row["status"], color_scheme=row["tone"], variant="soft", size="2")


def _flag(row) -> rx.Component:
    """The 60/30/7-day expiry flag, in words (the colour only repeats them)."""
    tone = rx.match(row["flag"], ("7", "red"), ("30", "orange"), "amber")
    return rx.cond(
        row["flag"] != "",
        rx.badge(
            rx.icon("clock", size=14),
            row["flag_label"],
            # rx.match of plain values is a Var; its return type also admits a Component
            color_scheme=tone,  # pyright: ignore[reportArgumentType]
            variant="surface",
            size="2",
            id="benefit-flag-" + row["id"],
        ),
    )


def benefit_card(row) -> rx.Component:
    """One benefit: name, status and flag, basis, validity, its request, «Продлить»."""
    return rx.card(
        rx.flex(
            rx.heading(row["name"], as_="h3", size="4"),
            rx.flex(_badge(row), _flag(row), gap="var(--space-2)", wrap="wrap"),
            justify="between",
            wrap="wrap",
            gap="var(--space-2)",
        ),
        rx.text("Основание: ", row["basis"], size="2", margin_top="var(--space-2)"),
        rx.text("Действует с ", row["valid_from"], " по ", row["valid_to"], size="2"),
        rx.text(
            "Заявление ",
            row["request_number"],
            rx.cond(row["renewal"] != "", " · продление", ""),
            size="1",
            color="var(--gray-11)",
        ),
        rx.cond(
            row["can_renew"] != "",
            rx.button(
                rx.icon("refresh-cw", size=16),
                "Продлить",
                on_click=BenefitsState.renew(row["id"]),
                id="benefit-renew-" + row["id"],
                min_height=TOUCH_TARGET,
                margin_top="var(--space-2)",
            ),
        ),
        id="benefit-" + row["id"],
        width="100%",
    )


def _dates() -> rx.Component:
    return rx.grid(
        date_field("Действует с", "valid_from", "benefit-valid-from", ERR.get("valid_from", "")),
        date_field(
            "по (пусто — бессрочно)", "valid_to", "benefit-valid-to", ERR.get("valid_to", "")
        ),
        columns=rx.breakpoints(initial="1", xs="2"),
        gap="var(--space-3)",
    )


def _form_buttons() -> rx.Component:
    return rx.flex(
        submit_button("Отправить на проверку", "benefit-submit", size="3"),
        rx.button(
            "Отмена",
            type="button",
            variant="soft",
            size="3",
            on_click=BenefitsState.close_form,
            min_height=TOUCH_TARGET,
        ),
        gap="var(--space-3)",
        wrap="wrap",
    )


def add_form() -> rx.Component:
    """«Добавить льготу»: kind, basis document, validity and scans."""
    return rx.card(
        rx.heading("Добавить льготу", as_="h2", size="5"),
        rx.form(
            rx.flex(
                radio_field(
                    "Льгота", "benefit-kind", items=list(KIND_LABELS.values()), name="kind"
                ),
                error_for(ERR, "kind", "benefit"),
                labelled(
                    "Документ-основание (вид, номер, дата)",
                    rx.input(name="basis", id="benefit-basis", size="3"),
                    error_for(ERR, "basis", "benefit"),
                ),
                _dates(),
                uploader(WIDGET, label="Скан документа-основания (PDF, JPG, PNG до 5 МБ)"),
                error_for(ERR, "form", "benefit"),
                rx.text("Проверка занимает не более 24 часов.", size="2"),
                _form_buttons(),
                direction="column",
                gap="var(--space-3)",
            ),
            on_submit=BenefitsState.add,
            no_validate=True,
        ),
        id="benefit-form",
    )


def _cert_choice(kind: dict) -> rx.Component:
    chosen = BenefitsState.cert_kind == kind["code"]
    return rx.button(
        kind["title"],
        type="button",
        variant=rx.cond(chosen, "solid", "outline"),
        on_click=BenefitsState.choose_certificate(kind["code"]),
        aria_pressed=rx.cond(chosen, "true", "false"),
        id=f"szn-cert-{kind['code']}",
        min_height=TOUCH_TARGET,
        white_space="normal",
        height="auto",
        max_width="100%",
        text_align="left",
        padding_y="var(--space-2)",
    )


def certificates_block() -> rx.Component:
    """Order a СЗН certificate; the ordered ones with their PDF and verification links."""
    return rx.card(
        rx.heading("Справки", as_="h2", size="5"),
        rx.flex(
            *[_cert_choice(k) for k in CERT_CHOICES],
            gap="var(--space-2)",
            wrap="wrap",
            margin_y="var(--space-3)",
        ),
        rx.form(
            rx.flex(
                labelled(
                    "Цель получения", rx.input(name="purpose", id="szn-cert-purpose", size="3")
                ),
                field_error(BenefitsState.cert_error, "szn-cert-error"),
                submit_button("Заказать справку", "szn-cert-submit", size="3"),
                direction="column",
                gap="var(--space-3)",
            ),
            on_submit=BenefitsState.order_certificate,
            no_validate=True,
        ),
        rx.foreach(BenefitsState.certificates, _cert_card),
        id="szn-certificates",
    )


def _cert_card(card) -> rx.Component:
    return rx.flex(
        rx.text(card.title, " · ", card.number, size="2", weight="medium"),
        status_badge(card.status, card.status_label),
        card_links(card),
        direction="column",
        align="start",
        gap="var(--space-1)",
        margin_top="var(--space-3)",
        id="szn-cert-request-" + card.id,
    )


def expiring_benefits_card() -> rx.Component:
    """For the cabinet's overview (needs ``BenefitsState.load`` in the page's on_load): the
    benefits flagged to expire within 60 days, with the way to renew them."""
    return rx.cond(
        BenefitsState.expiring.length() > 0,
        rx.card(
            rx.heading("Льготы, срок которых истекает", as_="h2", size="4"),
            rx.foreach(
                BenefitsState.expiring,
                lambda row: rx.flex(
                    rx.text(row["name"], weight="medium"),
                    _flag(row),
                    gap="var(--space-2)",
                    wrap="wrap",
                    align="center",
                ),
            ),
            touch_link(
                "Продлить на странице «Льготы»",
                href=routes.SZN_BENEFITS,
                id="expiring-benefits-link",
            ),
            id="expiring-benefits",
        ),
    )


OFFICE_BOOKING = f"{routes.APPOINTMENTS}?service=szn_benefits&specialty=szn_office"


def office_link() -> rx.Component:
    """«Записаться в отделение соцзащиты»: the slot picker at the offices' windows."""
    return touch_link(
        rx.icon("calendar-plus", size=18),
        "Записаться в отделение соцзащиты",
        href=OFFICE_BOOKING,
        id="benefits-office-link",
    )
