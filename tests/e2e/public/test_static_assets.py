"""The production build's caching and compression as a browser meets them: a page's scripts
are kept a year and come gzipped when asked; the page itself is revalidated."""

import re
from pathlib import Path

import httpx


def test_a_pages_scripts_are_immutable_and_gzipped(live_server):
    with httpx.Client(base_url=live_server.url, timeout=30, follow_redirects=True) as client:
        page = client.get("/login", headers={"Accept-Encoding": "gzip"})
        assert page.status_code == 200
        assert page.headers["cache-control"] == "no-cache"
        scripts = re.findall(r'"(/assets/[^"]+\.js)"', page.text)
        assert scripts, "the page names no /assets/*.js"
        script = client.get(scripts[0], headers={"Accept-Encoding": "gzip"})
        assert script.status_code == 200
        assert script.headers["cache-control"] == "public, max-age=31536000, immutable"
        assert script.headers["content-encoding"] == "gzip"
        plain = client.get(scripts[0], headers={"Accept-Encoding": "identity"})
        assert "content-encoding" not in plain.headers
        assert plain.content == script.content  # httpx decoded the gzip
        missing = client.get("/assets/no-such-file-AbCdEfGh.js")
        assert missing.headers.get("cache-control") != "public, max-age=31536000, immutable"


# A lucide icon's definition in a minified chunk: createLucideIcon(`name`, [[`path`, {...}], ...]).
LUCIDE_ICON = re.compile(r"""\(["'`]([a-z0-9-]+)["'`],\[\[["'`](?:path|circle|rect|line|poly)""")


def test_only_the_icons_the_app_uses_are_shipped(live_server):
    """Every rx.icon has a literal name, so Reflex deep-imports each icon's own module and the
    build carries a few dozen icons. A Var name would switch Reflex to lucide's DynamicIcon,
    whose map of all ~2,000 icons (each a lazy chunk) would ship too. (The large
    createLucideIcon-*.js chunk holds no icons: it is the shared chunk of state.js, Radix and
    the JSX runtime, which Rolldown names after one of its modules; a blank Reflex app has it.)"""
    assets = Path(live_server.env["REFLEX_WEB_WORKDIR"]) / "build" / "client" / "assets"
    icons = set()
    for chunk in assets.glob("*.js"):
        icons |= set(LUCIDE_ICON.findall(chunk.read_text()))
    assert "chevron-down" in icons, "no icon definitions found: has the minified form changed?"
    assert len(icons) < 150, f"{len(icons)} lucide icons in the build"
