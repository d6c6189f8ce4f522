"""Page weight: serve site/ on localhost, visit a language home page and then a guide page in
Chromium, and print the gzip-compressed bytes and the number of requests of each visit.

Budget: first visit <= 60 KB compressed, next page <= 8 KB, zero requests to other hosts.
Build the site first (make site). Usage: .venv/bin/python benchmarks/pageweight.py [lang ...]
"""

from __future__ import annotations

import gzip
import sys
import threading
from functools import partial
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import brotli
from playwright.sync_api import sync_playwright

SITE = Path(__file__).resolve().parent.parent / "site"
ARGS = ["--no-sandbox", "--disable-background-networking", "--disable-component-update", "--disable-sync"]


class QuietHandler(SimpleHTTPRequestHandler):
    def log_message(self, *args) -> None:
        pass


def visit(page, url: str, seen: set[str]) -> tuple[int, int, int, list[str]]:
    """(gzip bytes, brotli bytes, requests, other hosts) for loading a URL; resources in ``seen`` are
    already in the browser's cache from an earlier page, so they cost nothing."""
    bodies: dict[str, bytes] = {}
    others: list[str] = []

    def on_response(response) -> None:
        if not response.url.startswith("http://127.0.0.1"):
            others.append(response.url)
        elif response.status == 200 and response.url not in seen:
            bodies[response.url] = response.body()

    page.on("response", on_response)
    page.goto(url, wait_until="load")
    page.wait_for_timeout(300)
    page.remove_listener("response", on_response)
    seen.update(bodies)
    return sum(len(gzip.compress(body, 9)) for body in bodies.values()), \
        sum(len(brotli.compress(body)) for body in bodies.values()), len(bodies), others


def main() -> None:
    languages = sys.argv[1:] or ["en", "ar", "ti", "zh-Hans"]
    server = ThreadingHTTPServer(("127.0.0.1", 0), partial(QuietHandler, directory=str(SITE)))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    base = f"http://127.0.0.1:{server.server_port}"
    print(f"{'language':9} {'first visit (gzip / brotli)':>28} {'requests':>8} "
          f"{'next page (gzip / brotli)':>27} {'requests':>8} {'other hosts':>11}")
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path="/usr/bin/chromium", args=ARGS)
        for code in languages:
            context = browser.new_context()
            page = context.new_page()
            seen: set[str] = set()
            first, first_br, first_count, others = visit(page, f"{base}/{code}/index.html", seen)
            second, second_br, second_count, others2 = visit(page, f"{base}/{code}/see-a-doctor.html", seen)
            hosts = len(others) + len(others2)
            print(f"{code:9} {first / 1000:15.1f} / {first_br / 1000:4.1f} KB {first_count:8} "
                  f"{second / 1000:14.1f} / {second_br / 1000:4.1f} KB {second_count:8} {hosts:11}")
            context.close()
        browser.close()
    server.shutdown()
    print("budget: first visit <= 60 KB, next page <= 8 KB, other hosts 0 (next page: see-a-doctor, the longest)")
    print()
    print("every page as a next page (its HTML only; styles and scripts are cached), gzip:")
    for code in languages:
        sizes = sorted(len(gzip.compress(path.read_bytes(), 9)) for path in (SITE / code).glob("*.html"))
        print(f"{code:9} median {sizes[len(sizes) // 2] / 1000:4.1f} KB, largest {sizes[-1] / 1000:4.1f} KB, "
              f"{sum(size <= 8000 for size in sizes)} of {len(sizes)} pages within 8 KB")


if __name__ == "__main__":
    main()
