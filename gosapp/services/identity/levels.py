"""Account levels (SPEC §1): what each is called, how they compare, and what a user lacks.

A service or request type declares the level it needs (``RequestType.level``); the service
refuses with ``level_refusal`` and the page shows ``level_gate`` — what to do to get there, with
a link — instead of a form the back office would later have to turn down.
"""

from __future__ import annotations

from gosapp import routes
from gosapp.models.accounts import AccountLevel, User
from gosapp.services.common.errors import NotAllowed
from gosapp.services.identity.accounts import current_level

ORDER = (AccountLevel.BASIC, AccountLevel.STANDARD, AccountLevel.CONFIRMED)
LABELS = {
    AccountLevel.BASIC: "Упрощённая",
    AccountLevel.STANDARD: "Стандартная",
    AccountLevel.CONFIRMED: "Подтверждённая",
}
# What to do to reach a level (from the one below it), and where.
HOW_TO_REACH = {
    AccountLevel.STANDARD: "Укажите СНИЛС и паспортные данные в профиле — учётная запись "
    "станет стандартной сразу после сохранения.",
    AccountLevel.CONFIRMED: "Подтвердите паспорт: подайте заявление на проверку со сканом "
    "в профиле или введите код подтверждения, выданный сотрудником (МФЦ).",
}
LINK_LABEL = "Перейти в профиль"


def label(level: AccountLevel | str) -> str:
    """The level's Russian name («Стандартная»)."""
    return LABELS[AccountLevel(level)]


def has_level(user: User, needed: AccountLevel) -> bool:
    """Whether ``user``'s account is at ``needed`` or above."""
    return ORDER.index(current_level(user)) >= ORDER.index(AccountLevel(needed))


def level_gate(user: User, needed: AccountLevel) -> dict[str, str]:
    """What a user below ``needed`` sees instead of the form; empty when the level suffices.

    The steps are every level between the user's and ``needed`` (a basic account needing a
    confirmed one first adds its documents, then verifies the passport).
    """
    if has_level(user, needed):
        return {}
    have = current_level(user)
    steps = ORDER[ORDER.index(have) + 1 : ORDER.index(AccountLevel(needed)) + 1]
    return {
        "needed": label(needed).lower(),
        "current": label(have).lower(),
        "todo": " ".join(HOW_TO_REACH[step] for step in steps),
        "link": routes.PROFILE,
        "link_label": LINK_LABEL,
    }


def require_level(user: User, needed: AccountLevel, service: str) -> None:
    """NotAllowed with a message naming the level and how to reach it, when ``user`` lacks it."""
    gate = level_gate(user, needed)
    if gate:
        raise NotAllowed(
            f"Для услуги «{service}» нужна {gate['needed']} учётная запись, у вас — "
            f"{gate['current']}. {gate['todo']}"
        )
