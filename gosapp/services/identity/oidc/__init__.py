"""gosapp as an OpenID Connect provider («Вход через Госуслуги»), built on authlib's server parts.

``scopes`` (what each scope reveals, in Russian), ``clients`` (registered applications),
``keys`` (rotating ID-token signing keys, JWKS), ``grants`` (authlib grants bound to our tables),
``server`` (the authorization server and the framework-neutral request it reads), ``consents``
(what a user allowed, «Доступ приложений»). No web framework here: ``gosapp.api.oidc`` adapts
Starlette requests to ``server.HttpRequest``.
"""
