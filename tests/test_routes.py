"""gosapp/routes.py: the builders give the paths pages and services link to, and every page
route gosapp.py names is registered with Reflex (a typo in a constant cannot go unnoticed)."""

import ast
from pathlib import Path

import pytest
from reflex.utils.format import format_route

from gosapp import routes
from gosapp.api.app import create_api

APP_MODULE = Path(routes.__file__).with_name("gosapp.py")


@pytest.mark.parametrize(
    ("built", "expected"),
    [
        (routes.history_open("2026-000123"), "/history?open=2026-000123"),
        (routes.support_open("2026-000007"), "/support?open=2026-000007"),
        (routes.history_open("ОБР-2026-000001"), "/history?open=%D0%9E%D0%91%D0%A0-2026-000001"),
        (routes.open_on(routes.PROFILE, 5), "/profile?open=5"),
        (routes.staff_request(42), "/staff/requests/42"),
        (routes.document(7), "/api/documents/7"),
        (routes.verify("2026-000123-AB12CD"), "/verify/2026-000123-AB12CD"),
        (routes.error("1A2B3C4D"), "/error/1A2B3C4D"),
        (routes.history_export("csv"), "/api/exports/history.csv"),
        (routes.history_export("pdf", "status=done"), "/api/exports/history.pdf?status=done"),
        (routes.lab_export("fhir"), "/api/exports/labs.fhir"),
        (routes.lab_export("csv", ""), "/api/exports/labs.csv"),
        (
            routes.lab_export("pdf", "panel=cbc&patient=7"),
            "/api/exports/labs.pdf?panel=cbc&patient=7",
        ),
    ],
)
def test_builders_give_the_expected_paths(built, expected):
    assert built == expected


def test_every_route_constant_gosapp_py_uses_is_a_registered_page():
    from gosapp.gosapp import app

    registered = set(app._unevaluated_pages)
    used = _route_names_in(APP_MODULE)
    assert {"LOGIN", "HISTORY", "STAFF_REQUEST", "VERIFY", "ERROR"} <= used
    for name in used:
        value = getattr(routes, name)
        if isinstance(value, str):
            assert format_route(value) in registered, name


def test_every_page_route_in_routes_py_is_registered():
    from gosapp.gosapp import app

    registered = set(app._unevaluated_pages)
    pages = {v for k, v in vars(routes).items() if k.isupper() and _is_page(v)}
    assert {format_route(p) for p in pages} <= registered


def test_the_api_routes_are_mounted_where_routes_py_says():
    mounted = {route.path for route in create_api().routes}
    api = {v for k, v in vars(routes).items() if k.isupper() and str(v).startswith("/api/")}
    assert api | set(routes.PROTOCOL_ROUTES) == mounted


def test_every_cabinet_has_its_overview_page_and_a_link_in_the_navigation():
    from gosapp.components.layout import NAV
    from gosapp.gosapp import app

    registered = set(app._unevaluated_pages)
    for info in routes.CABINETS:
        assert format_route(info.route) in registered
        assert routes.cabinet(info.route) is info
        assert (info.nav_label, info.route, f"nav-{info.route.strip('/')}") in NAV


def _route_names_in(path: Path) -> set[str]:
    """Names used as ``routes.NAME`` in a module."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    return {
        node.attr
        for node in ast.walk(tree)
        if isinstance(node, ast.Attribute)
        and isinstance(node.value, ast.Name)
        and node.value.id == "routes"
        and node.attr.isupper()
    }


def _is_page(value: object) -> bool:
    return isinstance(value, str) and (
        value == routes.NOT_FOUND
        or (
            value.startswith("/")
            and not value.startswith("/api/")
            and value not in routes.PROTOCOL_ROUTES
            and "?" not in value
        )
    )


@pytest.mark.parametrize(
    "target",
    [
        "/history?open=%D0%9E%D0%91%D0%A0-2026-000001",
        "/history?open=ОБР-2026-000001",
        "/staff/requests/42",
        "/certificates",
        "/",
    ],
)
def test_a_same_site_path_is_where_sign_in_returns(target):
    assert routes.safe_next(target) == target


@pytest.mark.parametrize(
    "target",
    [
        None,
        "",
        "history",
        "https://evil.example/",
        "//evil.example/x",
        "/\\evil.example",
        "/\t/evil.example",
        "/\n/evil.example",
        " /history",
        "javascript:alert(1)",
        "/login?next=/history",
        "/register",
        "/recover",
        "/api/auth/session?ticket=x",
        "/api/auth/logout",
        "/" + "a" * routes.MAX_NEXT,
        ["/history"],
    ],
)
def test_anything_else_falls_back_to_the_default(target):
    assert routes.safe_next(target) == routes.HOME
    assert routes.safe_next(target, "/staff") == "/staff"


def test_the_login_link_carries_the_page_to_return_to():
    assert routes.login_to("/history?open=5") == "/login?next=%2Fhistory%3Fopen%3D5"
    assert routes.login_to("//evil.example") == routes.LOGIN
    assert routes.login_to("") == routes.LOGIN
