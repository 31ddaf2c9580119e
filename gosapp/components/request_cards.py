"""The applicant's request cards (certificates, support, and the cabinets to come): the card
with its status and the links its request type adds, the staff question with the answer form,
and the withdraw confirmation. Cards are ``RequestCard`` vars (services/requests/cards.py)."""

from typing import NamedTuple

import reflex as rx
from reflex.vars import ObjectVar

from gosapp.components.forms import field_error, labelled, submit_button
from gosapp.components.layout import TOUCH_TARGET
from gosapp.components.timeline import status_badge
from gosapp.components.tokens import TOUCH_LINK
from gosapp.components.uploader import uploader
from gosapp.services.requests.cards import RequestCard

CardVar = ObjectVar[RequestCard]  # a card as the page sees it: one item of a list[RequestCard] var


class AnswerForm(NamedTuple):
    """A page's answer form: its upload widget, its words and its element ids."""

    widget: str
    label: str
    upload_label: str
    submit_label: str
    id_prefix: str  # <prefix>-text, <prefix>-error, <prefix>-submit


def request_card(card: CardVar, title: rx.Var[str], *body, footer=(), element_id) -> rx.Component:
    """A card: title and status badge, the page's ``body``, the type's links, ``footer``."""
    return rx.card(
        rx.flex(
            rx.heading(title, as_="h3", size="4"),
            status_badge(card.status, card.status_label),
            justify="between",
            wrap="wrap",
            gap="var(--space-2)",
        ),
        *body,
        card_links(card),
        *footer,
        id=element_id,
        width="100%",
    )


def card_links(card: CardVar) -> rx.Component:
    """What the request type adds to its cards (e.g. the issued PDF); nothing when none."""
    return rx.cond(
        card.links.length() > 0,
        rx.flex(
            rx.foreach(
                card.links,
                lambda link: rx.el.a(
                    link.label,
                    href=link.href,
                    reload_document=True,  # downloads and public pages leave the SPA
                    id=link.name + "-" + card.id,
                    **TOUCH_LINK,
                ),
            ),
            gap="var(--space-4)",
            wrap="wrap",
        ),
    )


def question_callout(card: CardVar) -> rx.Component:
    """What staff asked, while they wait for the answer."""
    return rx.cond(
        card.needs_answer,
        rx.callout(card.question, icon="message-circle-question", color_scheme="amber"),
    )


def staff_question(
    card: CardVar, answering: rx.Var[str], start, form: rx.Component
) -> rx.Component:
    """The question and, on the card being answered, the form (elsewhere «Ответить», which
    calls ``start(card.id)``: one upload widget is open at a time)."""
    return rx.cond(
        card.needs_answer,
        rx.flex(
            question_callout(card),
            rx.cond(
                answering == card.id,
                form,
                rx.button(
                    "Ответить",
                    variant="soft",
                    min_height=TOUCH_TARGET,
                    id="answer-open-" + card.id.to(str),
                    on_click=start(card.id),
                ),
            ),
            direction="column",
            gap="var(--space-2)",
        ),
    )


def answer_form(spec: AnswerForm, error: rx.Var[str], on_submit, *before) -> rx.Component:
    """Text and files for staff; the refusal stays beside the field with the text kept."""
    return rx.form(
        *before,
        labelled(spec.label, rx.text_area(name="text", id=f"{spec.id_prefix}-text", rows="3")),
        uploader(spec.widget, label=spec.upload_label),
        field_error(error, f"{spec.id_prefix}-error"),
        submit_button(spec.submit_label, f"{spec.id_prefix}-submit"),
        on_submit=on_submit,
        display="flex",
        flex_direction="column",
        gap="var(--space-2)",
    )


def withdraw_control(card: CardVar, withdrawing: rx.Var[str], ask, withdraw) -> rx.Component:
    """«Отозвать заявление» while the request is undecided (on a draft: «Удалить черновик»),
    then «Отозвать? Да / Отмена»."""
    draft = card.can_submit
    confirm = rx.flex(
        rx.text(
            rx.cond(draft, "Удалить черновик?", "Отозвать заявление?"),
            " Это нельзя отменить.",
            weight="medium",
        ),
        rx.button(
            rx.cond(draft, "Да, удалить", "Да, отозвать"),
            color_scheme="red",
            min_height=TOUCH_TARGET,
            on_click=withdraw(card.id),
        ),
        rx.button("Отмена", variant="soft", min_height=TOUCH_TARGET, on_click=ask("")),
        gap="var(--space-2)",
        align="center",
        wrap="wrap",
    )
    ask_button = rx.button(
        rx.cond(draft, "Удалить черновик", "Отозвать заявление"),
        variant="soft",
        color_scheme="red",
        min_height=TOUCH_TARGET,
        on_click=ask(card.id),
    )
    return rx.cond(card.can_withdraw, rx.cond(withdrawing == card.id, confirm, ask_button))


def draft_controls(card: CardVar, submit, edit=None) -> rx.Component:
    """On a draft: it is not submitted yet, «Подать» (``submit(card.id)``) and, on pages whose
    form edits drafts, «Изменить» (``edit(card.id)``)."""
    return rx.cond(
        card.can_submit,
        rx.flex(
            rx.text("Черновик — заявление ещё не подано.", size="2", color="var(--gray-11)"),
            *(
                [
                    rx.button(
                        "Изменить",
                        variant="soft",
                        min_height=TOUCH_TARGET,
                        id="draft-edit-" + card.id.to(str),
                        on_click=edit(card.id),
                    )
                ]
                if edit is not None
                else []
            ),
            rx.button(
                "Подать",
                min_height=TOUCH_TARGET,
                id="draft-submit-" + card.id.to(str),
                on_click=submit(card.id),
            ),
            gap="var(--space-2)",
            align="center",
            wrap="wrap",
        ),
    )
