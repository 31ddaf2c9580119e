"""`/verify/<slug>` («Проверка справки»): public. It confirms a certificate by number and
keyed checksum and shows only type, dates, issuer and the holder's initials — never health data."""

from __future__ import annotations

import reflex as rx

from gosapp import routes
from gosapp.components.layout import TOUCH_TARGET, page
from gosapp.db import session_scope
from gosapp.services.medical import certificates

NOT_FOUND = (
    "Справка с таким номером и контрольной суммой не найдена. Проверьте, "
    "что адрес введён полностью, как в QR-коде."
)


class VerifyState(rx.State):
    """The result of one check, as display strings."""

    checked: rx.Field[bool] = rx.field(False)
    found: rx.Field[bool] = rx.field(False)
    details: rx.Field[dict[str, str]] = rx.field(default_factory=dict)

    @rx.event
    def load(self):
        """Check the slug in the address (public: reveals only what number + checksum prove)."""
        slug = self.router.url.path.rstrip("/").rsplit("/", 1)[-1]
        with session_scope() as db:
            verified = certificates.verify(session=db, slug=slug)
        self.checked, self.found = True, verified is not None
        self.details = (
            {
                "number": verified.number,
                "title": verified.title,
                "holder": verified.holder,
                "issuer": verified.issuer,
                "issued_on": verified.issued_on,
                "valid_until": verified.valid_until,
                "state": "срок действия истёк" if verified.expired else "действительна",
            }
            if verified
            else {}
        )

    @rx.event
    def check(self, form: dict):
        """Go to the page of a typed «год-номер-контрольная сумма»."""
        slug = "".join(str(form.get("slug", "")).split()).upper()[:40]
        return rx.redirect(routes.verify(slug or "-"))


def details_list() -> rx.Component:
    """What a genuine certificate's check shows: number, type, holder's initials, dates."""
    rows = [
        ("Номер", "number"),
        ("Документ", "title"),
        ("Владелец", "holder"),
        ("Выдана", "issuer"),
        ("Дата выдачи", "issued_on"),
        ("Действительна до", "valid_until"),
        ("Состояние", "state"),
    ]
    return rx.data_list.root(
        *[
            rx.data_list.item(
                rx.data_list.label(label), rx.data_list.value(VerifyState.details[key])
            )
            for label, key in rows
        ]
    )


def result_card() -> rx.Component:
    """The outcome of the check in the address, once it has run."""
    return rx.cond(
        VerifyState.checked,
        rx.card(
            rx.cond(
                VerifyState.found,
                rx.flex(
                    rx.callout("Справка подлинная", icon="shield-check", color_scheme="green"),
                    details_list(),
                    direction="column",
                    gap="var(--space-3)",
                ),
                rx.callout(NOT_FOUND, icon="shield-x", color_scheme="red"),
            ),
            id="verify-result",
        ),
    )


def check_form() -> rx.Component:
    """Type «год-номер-контрольная сумма» to check another certificate."""
    return rx.form(
        rx.flex(
            rx.input(
                name="slug",
                placeholder="2026-000045-K7Q4M2AB",
                aria_label="Год, номер и контрольная сумма справки",
                size="3",
                id="verify-slug",
            ),
            rx.button("Проверить", type="submit", size="3", min_height=TOUCH_TARGET),
            gap="var(--space-2)",
            wrap="wrap",
        ),
        on_submit=VerifyState.check,
        margin_top="var(--space-4)",
    )


def verify_page() -> rx.Component:
    """The public certificate check."""
    return page(result_card(), check_form(), heading="Проверка подлинности справки")
