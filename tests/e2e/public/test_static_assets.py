"""The production build's caching and compression as a browser meets them: a page's scripts
are kept a year and come gzipped when asked; the page itself is revalidated."""

import re

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
