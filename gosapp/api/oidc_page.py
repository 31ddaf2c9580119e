"""The consent screen of «Вход через Госуслуги» and its refusal page, rendered on the server.

No script at all; one inline stylesheet allowed by its hash. The form posts back to the same
address (the authorization request stays in the query) and may then go on only to the client.
"""

from __future__ import annotations

import hashlib
from base64 import b64encode
from html import escape

from starlette.responses import HTMLResponse

from gosapp.services.identity.oidc.authorize import Screen

STYLE = """
*{box-sizing:border-box}
body{margin:0;font-family:system-ui,-apple-system,"Segoe UI",Roboto,Arial,sans-serif;
background:#f3f5f8;color:#1c2024;line-height:1.5}
header{background:#fff;border-bottom:1px solid #e0e4ea;padding:12px 16px;font-weight:700;
color:#0b4f9c}
main{max-width:560px;margin:24px auto;padding:0 16px}
.card{background:#fff;border:1px solid #e0e4ea;border-radius:12px;padding:24px}
h1{font-size:1.4rem;margin:0 0 8px}
p{margin:8px 0}
ul{padding-left:0;list-style:none;margin:16px 0}
li{padding:10px 12px;border:1px solid #e0e4ea;border-radius:8px;margin-bottom:8px;
background:#f9fafb}
.muted{color:#555d67;font-size:.95rem}
.actions{display:flex;gap:12px;flex-wrap:wrap;margin-top:20px}
button{min-height:44px;min-width:44px;padding:10px 20px;border-radius:8px;font-size:1rem;
cursor:pointer;border:1px solid #0b4f9c;flex:1 1 160px}
.allow{background:#0b4f9c;color:#fff}
.deny{background:#fff;color:#0b4f9c}
button:focus-visible{outline:3px solid #f5a623;outline-offset:2px}
"""
_STYLE_HASH = b64encode(hashlib.sha256(STYLE.encode()).digest()).decode()


def _policy(form_targets: str = "") -> str:
    return (
        f"default-src 'none'; style-src 'sha256-{_STYLE_HASH}'; img-src 'self'; "
        f"form-action 'self' {form_targets}".rstrip()
        + "; frame-ancestors 'none'; base-uri 'none'"
    )


def _document(title: str, body: str) -> str:
    return (
        '<!DOCTYPE html><html lang="ru"><head><meta charset="utf-8">'
        '<meta name="viewport" content="width=device-width, initial-scale=1">'
        f"<title>{escape(title)} — Госпортал здоровья</title><style>{STYLE}</style></head>"
        f'<body><header>Госпортал здоровья</header><main><div class="card">{body}</div>'
        "</main></body></html>"
    )


def consent_page(screen: Screen, action: str, csrf: str, client_origin: str) -> HTMLResponse:
    """«Приложение запрашивает доступ»: the scopes in Russian, «Разрешить» and «Отказать»."""
    items = "".join(f'<li class="scope">{escape(label)}</li>' for label in screen.scope_labels)
    body = (
        "<h1>Вход через Госуслуги</h1>"
        f'<p>Приложение <strong id="client-name">«{escape(screen.client_name)}»</strong> '
        "просит доступ к данным вашей учётной записи:</p>"
        f'<ul id="consent-scopes">{items}</ul>'
        f'<p class="muted">Вы вошли как: <span id="consent-user">{escape(screen.user_name)}</span>'
        f'</p><p class="muted">После входа вы вернётесь на {escape(screen.redirect_host)}. '
        "Отключить доступ можно в любой момент: «Безопасность» → «Доступ приложений».</p>"
        f'<form method="post" action="{escape(action)}">'
        f'<input type="hidden" name="csrf" value="{escape(csrf)}">'
        '<div class="actions">'
        '<button class="allow" id="consent-allow" name="decision" value="allow">Разрешить</button>'
        '<button class="deny" id="consent-deny" name="decision" value="deny">Отказать</button>'
        "</div></form>"
    )
    headers = {
        "Content-Security-Policy": _policy(client_origin),
        "Cache-Control": "no-store",
        "X-Frame-Options": "DENY",
        "Referrer-Policy": "same-origin",  # "no-referrer" makes the post's Origin "null"
    }
    return HTMLResponse(_document("Доступ приложения", body), headers=headers)


def refusal_page(message: str) -> HTMLResponse:
    """A request that cannot go back to any application: say so, link home."""
    body = (
        "<h1>Вход через Госуслуги невозможен</h1>"
        f'<p id="oidc-refusal">{escape(message)}</p>'
        '<p class="muted">Вернитесь в приложение и попробуйте войти ещё раз. '
        "Если ошибка повторяется, сообщите о ней разработчику приложения.</p>"
        '<p><a href="/">На главную портала</a></p>'
    )
    headers = {"Content-Security-Policy": _policy(), "Cache-Control": "no-store"}
    return HTMLResponse(_document("Ошибка входа", body), status_code=400, headers=headers)
