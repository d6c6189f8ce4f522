"""Publishing: hashed asset names, reproducible .br/.gz copies, deploy/ in step with the pages' CSP,
and Debian's nginx serving a built site with the shipped server block, checked in Chromium."""

from __future__ import annotations

import gzip
import os
import re
import socket
import subprocess
import urllib.error
import urllib.request
import zipfile
from collections.abc import Iterator
from pathlib import Path

import brotli
import pytest

from generator.config import load_config
from generator.deploy import (
    DEPLOY_FILES,
    FINGERPRINT,
    HEADER_CSP,
    IMMUTABLE,
    PERMISSIONS,
    PRECOMPRESSED,
    fingerprint_assets,
    precompress,
)
from generator.pipeline import build
from generator.site import CSP
from tests.conftest import REPO, _copy_project

NGINX = Path("/usr/sbin/nginx")
BROTLI_STATIC = Path("/usr/lib/nginx/modules/ngx_http_brotli_static_module.so")


def test_deploy_files_match_the_csp_in_every_page():
    for name, render in DEPLOY_FILES.items():
        assert (REPO / "deploy" / name).read_text(encoding="utf-8") == render(), \
            f"deploy/{name} is out of date: run .venv/bin/python -m generator.deploy"
    assert HEADER_CSP.removesuffix("; frame-ancestors 'none'") == CSP  # what a meta tag cannot say
    assert f'add_header Content-Security-Policy "{HEADER_CSP}" always;' in DEPLOY_FILES["nginx.conf"]()
    assert f"  Content-Security-Policy: {HEADER_CSP}\n" in DEPLOY_FILES["_headers"]()


def test_assets_get_hashed_names_and_every_reference_follows(tmp_path):
    language = tmp_path / "en"
    (language / "assets/stylesheets").mkdir(parents=True)
    (language / "assets/stylesheets/main.57a0d79d.min.css").write_text("body{}", encoding="utf-8")
    (language / "assets/search.js").write_text("s.src = 'search-index.js';", encoding="utf-8")
    (language / "search-index.js").write_text("var index = [];", encoding="utf-8")
    (language / "index.html").write_text('<link href="assets/stylesheets/main.57a0d79d.min.css">'
                                         '<script src="/assets/search.js"></script><a href="assets/search.json">',
                                         encoding="utf-8")
    renames = fingerprint_assets(language)
    assert renames == {"assets/search.js": "assets/search.54e2b7e8c4.js",
                       "assets/stylesheets/main.57a0d79d.min.css": "assets/stylesheets/main.min.7c98040a54.css"}
    assert (language / "index.html").read_text(encoding="utf-8") == (
        '<link href="assets/stylesheets/main.min.7c98040a54.css"><script src="/assets/search.54e2b7e8c4.js">'
        '</script><a href="assets/search.json">')
    assert (language / "search-index.js").exists()


def test_built_assets_are_hashed_and_referenced(built_mini):
    site = built_mini / "site"
    assets = [path for path in site.glob("*/assets/**/*") if path.is_file() and path.suffix not in (".br", ".gz")]
    assert assets and all(FINGERPRINT.search(path.name) for path in assets), assets
    for page in site.glob("*/*.html"):  # 404.html: root-relative links, resolved only with a site address
        for target in re.findall(r'(?:href|src)="(assets/[^"]+)"', page.read_text(encoding="utf-8")):
            assert (page.parent / target).is_file(), (page, target)


def test_text_files_have_reproducible_brotli_and_gzip_copies(built_mini, tmp_path):
    site = built_mini / "site"
    texts = [path for path in site.rglob("*") if path.suffix in PRECOMPRESSED]
    assert {path.suffix for path in texts} >= {".html", ".css", ".js", ".xml"}
    for path in texts:
        data, packed = path.read_bytes(), Path(f"{path}.gz").read_bytes()
        assert brotli.decompress(Path(f"{path}.br").read_bytes()) == data, path
        assert gzip.decompress(packed) == data, path
        assert packed[3] == 0 and packed[4:8] == b"\0\0\0\0", f"{path}.gz: a file name or date in its header"
    copy = tmp_path / "again" / "en" / "index.html"
    copy.parent.mkdir(parents=True)
    copy.write_bytes((site / "en/index.html").read_bytes())
    assert precompress(tmp_path / "again") == 1
    for suffix in (".br", ".gz"):
        assert Path(f"{copy}{suffix}").read_bytes() == (site / f"en/index.html{suffix}").read_bytes()


def test_zip_and_service_worker_leave_out_the_compressed_copies(built_mini):
    site = built_mini / "site"
    names = zipfile.ZipFile(site / "downloads/safe-to-ask-en.zip").namelist()
    assert any(name.endswith(".html") for name in names)
    assert [name for name in names if name.endswith((".br", ".gz"))] == []
    listed = "".join(path.read_text(encoding="utf-8") for path in (site / "en/sw.js", site / "en/version.json")
                     if path.exists())  # what a saved copy holds
    assert '"index.html"' in listed and not re.search(r'\.(?:br|gz)"', listed)
    assert (site / "_headers").read_text(encoding="utf-8") == DEPLOY_FILES["_headers"]()


# --- nginx, as shipped in deploy/nginx.conf ------------------------------------------------------

def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def _nginx_conf(prefix: Path, site: Path, port: int) -> Path:
    """A main nginx.conf with every path under ``prefix`` that includes the shipped server block,
    pointed at ``site`` on 127.0.0.1."""
    block = (REPO / "deploy/nginx.conf").read_text(encoding="utf-8")
    for old, new in (("listen 80;", f"listen 127.0.0.1:{port};"), ("    listen [::]:80;\n", ""),
                     ("root /var/www/safe-to-ask;", f"root {site};")):
        assert old in block, f"deploy/nginx.conf no longer has {old!r}"
        block = block.replace(old, new)
    (prefix / "safe-to-ask.conf").write_text(block, encoding="utf-8")
    temp = "".join(f"    {kind}_temp_path {prefix}/{kind};\n"
                   for kind in ("client_body", "proxy", "fastcgi", "uwsgi", "scgi"))
    conf = prefix / "nginx.conf"
    conf.write_text(f"""\
{"user root;" if os.geteuid() == 0 else ""}
load_module {BROTLI_STATIC};
worker_processes 1;
pid {prefix}/nginx.pid;
error_log {prefix}/error.log;
events {{}}
http {{
    include /etc/nginx/mime.types;
    default_type application/octet-stream;
    access_log off;
{temp}    include {prefix}/safe-to-ask.conf;
}}
""", encoding="utf-8")
    return conf


@pytest.fixture(scope="module")
def nginx(tmp_path_factory) -> Iterator[tuple[str, Path]]:
    """The mini project built for a public address, served by nginx with deploy/nginx.conf."""
    if not (NGINX.exists() and BROTLI_STATIC.exists()):
        pytest.fail("nginx or its brotli_static module is missing: make test installs them (TEST_PACKAGES)")
    root = _copy_project(tmp_path_factory.mktemp("nginx") / "project")
    build(load_config(root, "https://guide.example/"))
    prefix = root.parent / "nginx"
    prefix.mkdir()
    port = _free_port()
    command = [str(NGINX), "-p", str(prefix), "-c", str(_nginx_conf(prefix, root / "site", port)),
               "-e", str(prefix / "error.log")]
    subprocess.run([*command, "-t", "-q"], check=True, capture_output=True)
    subprocess.run(command, check=True)  # nginx puts itself in the background and writes its pid file
    try:
        yield f"http://127.0.0.1:{port}", root / "site"
    finally:
        subprocess.run([*command, "-s", "stop"], check=False)


def _get(url: str, **headers: str) -> tuple[int, dict[str, str], bytes]:
    request = urllib.request.Request(url, headers=headers)
    try:
        with urllib.request.urlopen(request) as response:
            return response.status, dict(response.headers.items()), response.read()
    except urllib.error.HTTPError as error:
        return error.code, dict(error.headers.items()), error.read()


@pytest.mark.slow
def test_nginx_sends_the_headers_and_the_precompressed_files(nginx):
    base, site = nginx
    page = site / "ar/see-a-doctor.html"
    status, headers, body = _get(f"{base}/ar/see-a-doctor.html", **{"Accept-Encoding": "br, gzip"})
    assert (status, headers["Content-Encoding"], body) == (200, "br", Path(f"{page}.br").read_bytes())
    assert headers["Content-Security-Policy"] == HEADER_CSP
    assert headers["X-Content-Type-Options"] == "nosniff" and headers["Referrer-Policy"] == "no-referrer"
    assert headers["Permissions-Policy"] == PERMISSIONS and headers["Vary"] == "Accept-Encoding"
    assert headers["Cache-Control"] == "no-cache" and headers["Content-Type"] == "text/html; charset=utf-8"
    status, headers, body = _get(f"{base}/ar/see-a-doctor.html", **{"Accept-Encoding": "gzip"})
    assert (headers["Content-Encoding"], body) == ("gzip", Path(f"{page}.gz").read_bytes())
    status, headers, body = _get(f"{base}/ar/see-a-doctor.html")
    assert ("Content-Encoding" not in headers, body) == (True, page.read_bytes())
    assert _get(f"{base}/ar/see-a-doctor.html", **{"If-None-Match": headers["ETag"]})[0] == 304
    stylesheet = re.search(r'href="(assets/stylesheets/main[^"]+)"', page.read_text(encoding="utf-8")).group(1)
    status, headers, body = _get(f"{base}/ar/{stylesheet}", **{"Accept-Encoding": "br"})
    assert (status, headers["Cache-Control"], headers["Content-Type"]) == (200, IMMUTABLE, "text/css; charset=utf-8")
    assert body == (site / "ar" / f"{stylesheet}.br").read_bytes()
    assert headers["Content-Security-Policy"] == HEADER_CSP
    status, headers, body = _get(f"{base}/ar/no-such-page.html")
    assert (status, body) == (404, (site / "ar/404.html").read_bytes())
    assert headers["Content-Security-Policy"] == HEADER_CSP
    assert _get(f"{base}/_headers")[0] == 404
    assert _get(f"{base}/", **{"Accept-Encoding": "gzip"})[2] == (site / "index.html.gz").read_bytes()


@pytest.mark.slow
@pytest.mark.browser
def test_pages_served_by_nginx_load_in_chromium_under_the_header_csp(nginx):
    from tests.test_browser import CHROMIUM, CHROMIUM_ARGS

    playwright_api = pytest.importorskip("playwright.sync_api")
    base, site = nginx
    (site / "framed.html").write_text('<!doctype html><title>x</title><iframe src="/en/index.html"></iframe>',
                                      encoding="utf-8")
    with playwright_api.sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        page = browser.new_page()
        errors, elsewhere = [], []
        page.on("console", lambda message: message.type in ("error", "warning") and errors.append(message.text))
        page.on("pageerror", lambda error: errors.append(str(error)))
        page.route("**/*", lambda route: route.continue_() if route.request.url.startswith(base)
                   else (elsewhere.append(route.request.url), route.abort()))
        paths = [path.relative_to(site).as_posix() for path in sorted(site.glob("*/*.html"))] + [""]
        for path in paths:
            response = page.goto(f"{base}/{path}")
            assert response.status == 200 and response.headers["content-security-policy"] == HEADER_CSP, path
            assert (errors, elsewhere) == ([], []), path
        page.goto(f"{base}/ar/see-a-doctor.html")
        assert page.evaluate("getComputedStyle(document.body).direction") == "rtl"
        assert page.evaluate("getComputedStyle(document.querySelector('.md-header')).position") == "sticky"
        page.goto(f"{base}/ar/no/such/page.html")  # the language's "not found" page, shown at any depth
        menu_link = page.locator(".md-nav--primary a[href$='see-a-doctor.html']")
        assert menu_link.evaluate("link => link.href") == f"{base}/ar/see-a-doctor.html"
        assert len(errors) == 1 and "404" in errors.pop(), "only the missing page itself, no script or style"
        page.goto(f"{base}/framed.html")
        page.wait_for_timeout(300)
        assert any("frame-ancestors 'none'" in text for text in errors), errors  # no page can frame the guide
        assert page.frames[1].url.startswith("chrome-error:")
        browser.close()
