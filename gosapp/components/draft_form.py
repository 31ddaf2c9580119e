"""The parts of a request form that keeps drafts (``state/draft_form.DraftFormState``): the
banner naming the draft being edited, and the two submit buttons with the hidden field that
says which one was pressed."""

import reflex as rx

from gosapp.components.tokens import TOUCH_TARGET
from gosapp.state.draft_form import DRAFT


def draft_banner(state, prefix: str, new_label: str = "Новое заявление") -> rx.Component:
    """While a draft is in the form: which one, and the way back to a new request."""
    return rx.cond(
        state.editing != "",
        rx.callout(
            rx.flex(
                rx.text("Черновик ", state.editing_number, " — измените и подайте"),
                rx.button(
                    new_label,
                    type="button",
                    variant="ghost",
                    min_height=TOUCH_TARGET,
                    on_click=state.stop_editing,
                    id=f"{prefix}-new",
                ),
                justify="between",
                align="center",
                wrap="wrap",
                gap="var(--space-2)",
            ),
            icon="file-pen",
            id=f"{prefix}-draft-banner",
        ),
    )


def draft_buttons(submit_label: str, prefix: str) -> rx.Component:
    """Submit (``<prefix>-submit``), or keep as a draft to finish later
    (``<prefix>-save-draft``)."""
    return rx.flex(
        rx.el.input(type="hidden", name="intent", default_value="submit"),
        intent_button(submit_label, "submit", f"{prefix}-submit"),
        intent_button("Сохранить черновик", DRAFT, f"{prefix}-save-draft", variant="soft"),
        gap="var(--space-3)",
        wrap="wrap",
    )


def intent_button(label: str, intent: str, element_id: str, **props) -> rx.Component:
    """A submit button that writes ``intent`` into the form's hidden ``intent`` field as it is
    clicked (the browser's form data does not say which button was pressed)."""
    script = f"(e) => {{ e.currentTarget.form.elements.namedItem('intent').value = '{intent}'; }}"
    return rx.button(
        label,
        type="submit",
        id=element_id,
        size="3",
        min_height=TOUCH_TARGET,
        custom_attrs={"onClick": rx.Var(script)},
        **props,
    )
