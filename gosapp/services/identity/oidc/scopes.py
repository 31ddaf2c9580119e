"""The scopes a client may ask for, their names on the consent screen, the claims each gives."""

from __future__ import annotations

from authlib.oidc.core import UserInfo

from gosapp.models.accounts import User

# Order is the order on the consent screen and on «Доступ приложений».
SCOPES: dict[str, str] = {
    "openid": "Идентификатор",
    "profile": "ФИО, дата рождения",
    "snils": "СНИЛС",
    "contacts": "Телефон и e-mail",
}
CLAIMS: dict[str, tuple[str, ...]] = {
    "openid": ("sub",),
    "profile": ("name", "family_name", "given_name", "middle_name", "birthdate"),
    "snils": ("snils",),
    "contacts": ("phone_number", "phone_number_verified", "email", "email_verified"),
}


def split(scope: str | None) -> list[str]:
    """The known scopes in ``scope`` (space separated), in display order, without repeats."""
    asked = set((scope or "").split())
    return [name for name in SCOPES if name in asked]


def join(names: list[str] | set[str]) -> str:
    """Scopes as one space-separated string in display order."""
    return " ".join(name for name in SCOPES if name in names)


def labels(scope: str | None) -> list[str]:
    """The Russian names of the scopes in ``scope`` (consent screen, «Доступ приложений»)."""
    return [SCOPES[name] for name in split(scope)]


def subject(user: User) -> str:
    """The stable ``sub`` of a user (never a login, phone or SNILS)."""
    return str(user.id)


def user_claims(user: User, scope: str | None) -> UserInfo:
    """Every claim ``scope`` allows about ``user``: the userinfo answer."""
    granted = split(scope)
    info = UserInfo(sub=subject(user))
    if "profile" in granted:
        info.update(
            name=" ".join(p for p in (user.last_name, user.first_name, user.patronymic) if p),
            family_name=user.last_name,
            given_name=user.first_name,
            middle_name=user.patronymic,
            birthdate=user.birth_date.isoformat(),
        )
    if "snils" in granted and user.snils:
        info["snils"] = user.snils
    if "contacts" in granted:
        info.update(
            phone_number=user.phone,
            phone_number_verified=user.phone_confirmed_at is not None,
            email=user.email,
            email_verified=user.email_confirmed_at is not None,
        )
    return info
