"""The demo client application of «Вход через Госуслуги»: a fixed id, secret and redirect URI,
so a demo relying party (or a tester with any OIDC client library) can sign demo users in.
Seeded only in demo mode (GOSAPP_DEMO=1): its secret is public."""

from __future__ import annotations

from dataclasses import dataclass

from sqlmodel import Session, select

from gosapp.models.oidc import OidcClient
from gosapp.services.common.audit import Actor
from gosapp.services.identity.oidc import clients
from gosapp.settings import get_settings


@dataclass(frozen=True)
class DemoClient:
    """What a demo relying party needs to know."""

    name: str
    client_id: str
    client_secret: str
    redirect_uri: str
    scopes: str


DEMO_CLIENT = DemoClient(
    name="Кабинет СЗН (демо)",
    client_id="szn-demo",
    client_secret="szn-demo-secret-2026",  # demo only: printed by `gosapp demo-accounts`
    redirect_uri="http://localhost:8090/callback",
    scopes="openid profile snils contacts",
)


def seed_demo_client(*, session: Session) -> int:
    """Register the demo client unless it exists or this is not demo mode; rows added."""
    if not get_settings().demo:
        return 0
    exists = session.exec(
        select(OidcClient.id).where(OidcClient.client_id == DEMO_CLIENT.client_id)
    ).first()
    if exists is not None:
        return 0
    clients.add(
        session=session,
        name=DEMO_CLIENT.name,
        redirect_uris=[DEMO_CLIENT.redirect_uri],
        scope=DEMO_CLIENT.scopes,
        actor=Actor(role="cli", user_agent="gosapp seed-demo"),
        client_id=DEMO_CLIENT.client_id,
        client_secret=DEMO_CLIENT.client_secret,
    )
    return 1


def describe(base_url: str) -> list[str]:
    """The human lines `gosapp demo-accounts` prints about the demo client."""
    base = base_url.rstrip("/")
    return [
        f"Вход через Госуслуги (OIDC): {DEMO_CLIENT.name}",
        f"  discovery:     {base}/.well-known/openid-configuration",
        f"  client_id:     {DEMO_CLIENT.client_id}",
        f"  client_secret: {DEMO_CLIENT.client_secret}",
        f"  redirect_uri:  {DEMO_CLIENT.redirect_uri}",
        f"  scopes:        {DEMO_CLIENT.scopes} (PKCE S256 обязателен)",
    ]
