"""`/szn`: the social-protection cabinet. First visit: connect it (confirmed account, consent
to personal-data processing); then the overview — upcoming payments, applications in
progress, the payment dates ahead, and the benefits expiring soon."""

import reflex as rx
from reflex.vars import ObjectVar

from gosapp import routes
from gosapp.components.cards import cabinet_overview, level_gate, touch_link
from gosapp.components.forms import field_error, submit_button
from gosapp.components.loading import list_skeleton
from gosapp.pages.szn.benefits import BenefitsState, expiring_benefits_card
from gosapp.pages.szn.state import SznState
from gosapp.services.social import cabinet, overview


def connect_form() -> rx.Component:
    """The consent text and the checkbox; the text's version travels with the form."""
    return rx.card(
        rx.heading("Подключение кабинета социальной защиты", as_="h2", size="5"),
        rx.text(
            "Чтобы видеть выплаты и подавать заявления на пособия, подключите кабинет.",
            margin_y="var(--space-2)",
        ),
        rx.form(
            rx.flex(
                rx.box(
                    rx.text(cabinet.CONSENT_TEXT, size="2"),
                    rx.text(f"Редакция согласия от {_version()}", size="1", color="var(--gray-11)"),
                    padding="var(--space-3)",
                    background="var(--gray-2)",
                    border_radius="var(--radius-3)",
                    id="szn-consent-text",
                ),
                rx.el.input(type="hidden", name="consent_version", value=cabinet.CONSENT_VERSION),
                rx.el.label(
                    rx.checkbox(name="consent", id="szn-consent", size="3"),
                    rx.text("Даю согласие на обработку персональных данных"),
                    display="flex",
                    gap="var(--space-2)",
                    align_items="center",
                    min_height="44px",
                ),
                field_error(SznState.consent_error, "szn-consent-error"),
                submit_button("Подключить кабинет", "szn-connect", size="3"),
                direction="column",
                gap="var(--space-3)",
            ),
            on_submit=SznState.connect,
        ),
        id="szn-connect-card",
    )


def _version() -> str:
    year, month, day = cabinet.CONSENT_VERSION.split("-")
    return f"{day}.{month}.{year}"


def payment_line(row: ObjectVar[dict[str, str]]) -> rx.Component:
    """One upcoming payment: date, kind, amount."""
    return rx.flex(
        rx.text(row["pay_on"], weight="bold", min_width="6.5em"),
        rx.text(row["kind"], flex="1"),
        rx.text(row["amount"], weight="bold", white_space="nowrap"),
        gap="var(--space-3)",
        wrap="wrap",
        padding_y="var(--space-2)",
        border_bottom="1px solid var(--gray-4)",
    )


def application_line(row: ObjectVar[dict[str, str]]) -> rx.Component:
    """One application in progress: number, kind, status."""
    return rx.flex(
        rx.text(row["number"], weight="medium"),
        rx.text(row["kind"], flex="1"),
        rx.badge(row["status"], size="2"),
        gap="var(--space-3)",
        wrap="wrap",
        align="center",
        padding_y="var(--space-2)",
        border_bottom="1px solid var(--gray-4)",
    )


def block(title: str, element_id: str, rows, render, empty: str, link: tuple[str, str]):
    """A card with a list, its empty state and a link to the full page."""
    return rx.card(
        rx.heading(title, as_="h2", size="4"),
        rx.cond(
            rows.length() > 0,
            rx.box(rx.foreach(rows, render), id=element_id),
            rx.text(empty, color="var(--gray-11)", id=f"{element_id}-empty"),
        ),
        touch_link(link[0], href=link[1], id=f"{element_id}-link"),
    )


def connected_blocks() -> rx.Component:
    """The connected citizen's overview blocks."""
    return rx.grid(
        block("Ближайшие выплаты", "szn-upcoming", SznState.upcoming, payment_line,
              "Назначенных выплат пока нет.", ("Все выплаты", routes.SZN_PAYMENTS)),
        block("Заявления в работе", "szn-in-progress", SznState.in_progress, application_line,
              "Заявлений в работе нет — подайте заявление на пособие.",
              ("Заявления на пособия", routes.SZN_APPLICATIONS)),
        block("Календарь выплат", "szn-calendar", SznState.dates, payment_line,
              "Дат выплат впереди нет.", ("Выписка о выплатах", routes.SZN_PAYMENTS)),
        rx.box(
            rx.cond(
                BenefitsState.expiring.length() > 0,
                expiring_benefits_card(),
                rx.card(
                    rx.heading("Льготы", as_="h2", size="4"),
                    rx.text("Льгот с истекающим сроком нет.", color="var(--gray-11)"),
                    touch_link("Мои льготы", href=routes.SZN_BENEFITS, id="szn-benefits-link"),
                ),
            ),
            id=overview.EXPIRING_BENEFITS_SLOT,
        ),
        columns=rx.breakpoints(initial="1", md="2"),
        gap="var(--space-4)",
        width="100%",
    )  # fmt: skip


def szn_page() -> rx.Component:
    """The cabinet: the level gate, the connection form, or the overview."""
    return cabinet_overview(
        routes.cabinet(routes.SZN),
        rx.cond(
            ~SznState.loaded,
            list_skeleton("szn-loading"),
            rx.cond(
                SznState.gate["todo"],
                level_gate(SznState.gate, cabinet.SERVICE, "szn-level-gate"),
                rx.cond(SznState.connected, connected_blocks(), connect_form()),
            ),
        ),
    )
