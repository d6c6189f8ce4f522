"""Publishing: minified scripts, content-hashed asset names, precompressed copies, and the web server
configuration.

The HTTP headers are made here from the same Content-Security-Policy that ``site.py`` puts in every
page's meta tag, so ``deploy/nginx.conf``, ``deploy/_headers`` and ``site/_headers`` cannot drift
from the pages: a header adds only what a meta tag cannot say (``frame-ancestors``).
"""

from __future__ import annotations

import gzip
import hashlib
import os
import re
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

import brotli
import rcssmin
import rjsmin

from generator.site import CSP

HEADER_CSP = f"{CSP}; frame-ancestors 'none'"
PERMISSIONS = ("accelerometer=(), autoplay=(), camera=(), display-capture=(), "
               "encrypted-media=(), geolocation=(), gyroscope=(), hid=(), idle-detection=(), "
               "magnetometer=(), microphone=(), midi=(), payment=(), publickey-credentials-get=(), "
               "screen-wake-lock=(), serial=(), usb=(), xr-spatial-tracking=()")
"""Every powerful feature off: the guide needs none, and a page that cannot ask cannot be tricked into asking."""
SECURITY_HEADERS = {
    "Content-Security-Policy": HEADER_CSP,
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "no-referrer",
    "Permissions-Policy": PERMISSIONS,
}
IMMUTABLE = "public, max-age=31536000, immutable"
REVALIDATE = "no-cache"
PRECOMPRESSED = (".html", ".css", ".js", ".json", ".xml", ".svg")
FINGERPRINT = re.compile(r"\.[0-9a-f]{10}\.\w+$")
"""How a content-hashed asset name ends: ``quick-exit.3f9c0a1b2d.js``."""
_OLD_HASH = re.compile(r"\.[0-9a-f]{8,}(?=\.|$)")


def minify_assets(language_dir: Path) -> None:
    """Our own scripts and stylesheet (``<lang>/assets/*.js`` and ``*.css``) without their comments and
    spaces: about 3 KB less on a reader's first visit, compressed. Material's files come minified."""
    for path in sorted(language_dir.glob("assets/*.js")):
        path.write_text(rjsmin.jsmin(path.read_text(encoding="utf-8")), encoding="utf-8")
    for path in sorted(language_dir.glob("assets/*.css")):
        path.write_text(rcssmin.cssmin(path.read_text(encoding="utf-8")), encoding="utf-8")


def fingerprinted_name(name: str, data: bytes) -> str:
    """An asset's name with a hash of its bytes before the extension (an older hash is dropped).

    >>> fingerprinted_name("main.57a0d79d.min.css", b"body{}")
    'main.min.7c98040a54.css'
    """
    stem, _, extension = name.rpartition(".")
    return f"{_OLD_HASH.sub('', stem)}.{hashlib.sha256(data).hexdigest()[:10]}.{extension}"


def fingerprint_assets(language_dir: Path) -> dict[str, str]:
    """Give every file in ``<lang>/assets/`` a content-hashed name and point every page, script and
    stylesheet of the language at it, so servers can let browsers keep assets for a year.

    Material's names carry a hash of its release, not of the files we rewrite, so they are renamed too.
    Returns the old and new paths, relative to the language folder.
    """
    renames = {}
    for path in sorted((language_dir / "assets").rglob("*")):
        if path.is_file():
            target = path.with_name(fingerprinted_name(path.name, path.read_bytes()))
            path.rename(target)
            renames[path.relative_to(language_dir).as_posix()] = target.relative_to(language_dir).as_posix()
    if not renames:
        return renames
    # A reference is a whole path in quotes, brackets or after a slash ("/assets/…" on 404.html).
    reference = re.compile(r"(?<=[\"'(/])(" + "|".join(map(re.escape, sorted(renames, key=len, reverse=True)))
                           + r")(?=[\"')?#])")
    for path in language_dir.rglob("*"):
        if path.suffix in (".html", ".css", ".js") and path.is_file():
            text = path.read_text(encoding="utf-8")
            changed = reference.sub(lambda match: renames[match.group(1)], text)
            if changed != text:
                path.write_text(changed, encoding="utf-8")
    return renames


def _compress(path: Path) -> None:
    data = path.read_bytes()
    # mtime 0 and no file name in the gzip header: the same bytes on every build.
    Path(f"{path}.gz").write_bytes(gzip.compress(data, compresslevel=9, mtime=0))
    # Quality 10 is within 2% of 11's size for a third of its time (about 0.7 s of CPU per MB).
    Path(f"{path}.br").write_bytes(brotli.compress(data, quality=10))


def precompress(site_dir: Path) -> int:
    """Write ``.br`` and ``.gz`` beside every HTML, CSS, JS, JSON, XML and SVG file, for servers that send
    them as they are (nginx ``gzip_static``/``brotli_static``); returns how many files were compressed.

    Run it last: the ZIP downloads and service workers list the files before their copies exist.
    """
    paths = sorted(path for path in site_dir.rglob("*") if path.suffix in PRECOMPRESSED and path.is_file())
    compress_files(paths)
    return len(paths)


def compress_files(paths: list[Path]) -> None:
    """Write the ``.br`` and ``.gz`` copy of each file, one process per core (brotli holds the GIL)."""
    if paths:
        with ProcessPoolExecutor(max_workers=min(len(paths), os.cpu_count() or 1)) as pool:
            list(pool.map(_compress, paths, chunksize=8))


_GENERATED = "Generated by generator/deploy.py from the pages' Content-Security-Policy: do not edit."


def headers_file() -> str:
    """``_headers`` for Netlify and Cloudflare Pages."""
    security = "".join(f"  {name}: {value}\n" for name, value in SECURITY_HEADERS.items())
    return f"""\
# Safe to Ask: HTTP headers for Netlify and Cloudflare Pages, at the top of the published folder.
# {_GENERATED}
# Pages, downloads and sw.js keep both hosts' default Cache-Control (max-age=0, must-revalidate),
# so readers get each new build; assets carry a hash of their content in their name.
/*
{security}
/:lang/assets/*
  Cache-Control: {IMMUTABLE}
"""


def nginx_conf() -> str:
    """``deploy/nginx.conf``: a server block (with the two maps it needs) for nginx's http context."""
    security = "".join(f'    add_header {name} "{value}" always;\n' for name, value in SECURITY_HEADERS.items())
    return f"""\
# Safe to Ask: an nginx server block. On Debian, copy it to /etc/nginx/sites-available/safe-to-ask,
# link it from sites-enabled, set server_name and root, then: nginx -t && systemctl reload nginx.
# {_GENERATED}
# Needs gzip_static (built into Debian's nginx) and brotli_static (apt install
# libnginx-mod-http-brotli-static); without that module, delete the brotli_static line.

# Assets carry a hash of their content in their name: browsers keep them a year. Everything else
# is checked with the server on each visit (a 304 costs a few bytes), so readers get each new build.
map $uri $safe_to_ask_cache {{
    "~/assets/.*\\.[0-9a-f]{{10}}\\.\\w+$" "{IMMUTABLE}";
    default "{REVALIDATE}";
}}

# A missing page gets the "not found" page of the language in its address.
map $uri $safe_to_ask_404 {{
    "~^/(?<safe_to_ask_lang>[A-Za-z]{{2,3}}(-[A-Za-z]+)?)/" /$safe_to_ask_lang/404.html;
    default /en/404.html;
}}

server {{
    listen 80;
    listen [::]:80;
    server_name example.org;
    root /var/www/safe-to-ask;
    # For HTTPS (certbot --nginx adds the certificate lines), also send:
    # add_header Strict-Transport-Security "max-age=31536000" always;

    index index.html;
    charset utf-8;
    charset_types text/css text/xml text/plain application/javascript image/svg+xml;
    server_tokens off;

    # The build writes page.html.br and page.html.gz beside page.html: no compressing on the fly.
    brotli_static on;
    gzip_static on;
    gzip_vary on;

{security}    add_header Cache-Control "$safe_to_ask_cache" always;

    error_page 404 $safe_to_ask_404;

    location / {{
        try_files $uri $uri/ =404;
    }}
    location = /_headers {{
        return 404;
    }}
}}
"""


DEPLOY_FILES = {"nginx.conf": nginx_conf, "_headers": headers_file}
"""What ``deploy/`` holds; ``tests/test_deploy.py`` checks each file matches its function."""


def write_headers(site_dir: Path) -> None:
    """Put ``_headers`` at the top of the built site, where Netlify and Cloudflare Pages read it."""
    (site_dir / "_headers").write_text(headers_file(), encoding="utf-8")


def write_deploy_files(deploy_dir: Path) -> None:
    """Rewrite ``deploy/`` from the current headers (``python -m generator.deploy``)."""
    deploy_dir.mkdir(parents=True, exist_ok=True)
    for name, render in DEPLOY_FILES.items():
        (deploy_dir / name).write_text(render(), encoding="utf-8")


if __name__ == "__main__":
    write_deploy_files(Path(__file__).resolve().parent.parent / "deploy")
