"""Page weight: serve site/ on localhost, visit a language home page in Chromium, then each page the
home page offers as the next step, and print the compressed bytes and requests of every visit.

Budget: first visit <= 20 KB with brotli, next page <= 8 KB with brotli and <= 9 KB with gzip, zero
requests to other hosts.
Bytes are counted as a browser would receive them from a host that compresses with brotli (every
current browser asks for it over HTTPS) and, for hosts that only offer gzip, with gzip.
Build the site first (make site). Usage: .venv/bin/python benchmarks/pageweight.py [lang ...]
"""

from __future__ import annotations

import gzip
import statistics
import sys
import threading
from functools import partial
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import brotli
from playwright.sync_api import Error as PlaywrightError
from playwright.sync_api import sync_playwright

SITE = Path(__file__).resolve().parent.parent / "site"
ARGS = ["--no-sandbox", "--disable-background-networking", "--disable-component-update", "--disable-sync"]
FIRST_VISIT_BUDGET = 20_000
NEXT_PAGE_BUDGET = 8_000
NEXT_PAGE_GZIP_BUDGET = 9_000


class QuietHandler(SimpleHTTPRequestHandler):
    def log_message(self, *args) -> None:
        pass


class Visit:
    """What one page load cost: compressed bytes of every resource not already cached, and requests."""

    def __init__(self, bodies: dict[str, bytes], other_hosts: list[str]) -> None:
        self.gzip = sum(len(gzip.compress(body, 9)) for body in bodies.values())
        self.brotli = sum(len(brotli.compress(body)) for body in bodies.values())
        self.requests = len(bodies)
        self.other_hosts = other_hosts

    def __str__(self) -> str:
        return f"{self.brotli / 1000:4.1f} / {self.gzip / 1000:4.1f} KB"


def visit(page, url: str, cached: set[str]) -> Visit:
    """Load a URL; resources in ``cached`` came with an earlier page, so they cost nothing."""
    bodies: dict[str, bytes] = {}
    others: list[str] = []

    def on_response(response) -> None:
        if not response.url.startswith("http://127.0.0.1"):
            others.append(response.url)
        elif response.status == 200 and response.url not in cached:
            try:
                bodies[response.url] = response.body()
            except PlaywrightError:  # a response the page navigated away from: fetch it again
                bodies[response.url] = page.context.request.get(response.url).body()

    page.on("response", on_response)
    # Wait until the network is quiet: a file the browser fetches late (the favicon) belongs to this
    # visit, not to the next page's.
    page.goto(url, wait_until="networkidle")
    page.remove_listener("response", on_response)
    cached.update(bodies)
    return Visit(bodies, others)


def next_pages(page) -> list[str]:
    """The pages the home page offers as choices (who are you, what do you need)."""
    hrefs = page.eval_on_selector_all("a.sta-choice", "links => links.map(link => link.getAttribute('href'))")
    return [href for href in hrefs if href.endswith(".html")]


def measure(browser, base: str, code: str) -> tuple[Visit, dict[str, Visit]]:
    context = browser.new_context()
    page = context.new_page()
    cached: set[str] = set()
    first = visit(page, f"{base}/{code}/index.html", cached)
    following = {name: visit(page, f"{base}/{code}/{name}", cached) for name in next_pages(page)}
    context.close()
    return first, following


def main() -> None:
    languages = sys.argv[1:] or ["en", "ar", "ti", "zh-Hans"]
    server = ThreadingHTTPServer(("127.0.0.1", 0), partial(QuietHandler, directory=str(SITE)))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    base = f"http://127.0.0.1:{server.server_port}"
    results: dict[str, tuple[Visit, dict[str, Visit]]] = {}
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path="/usr/bin/chromium", args=ARGS)
        for code in languages:
            results[code] = measure(browser, base, code)
        browser.close()
    server.shutdown()
    report(results)


def pages_over_budget(results: dict[str, tuple[Visit, dict[str, Visit]]]) -> list[str]:
    """Pages of the measured languages that the home page does not offer but are still over budget."""
    over = []
    for code, (_, following) in results.items():
        for path in sorted((SITE / code).glob("*.html")):
            size = len(brotli.compress(path.read_bytes()))
            if path.name not in following and size > NEXT_PAGE_BUDGET:
                over.append(f"{code}/{path.name} ({size / 1000:.1f} KB)")
    return over


def report(results: dict[str, tuple[Visit, dict[str, Visit]]]) -> None:
    print("compressed bytes, brotli / gzip")
    print(f"{'language':9} {'first visit':>18} {'requests':>8}   {'largest next page':>38} {'median':>7} "
          f"{'requests':>8} {'other hosts':>11}")
    over = []
    for code, (first, following) in results.items():
        name, largest = max(following.items(), key=lambda item: item[1].brotli)
        median = statistics.median(v.brotli for v in following.values())
        hosts = len(first.other_hosts) + sum(len(v.other_hosts) for v in following.values())
        requests = max(v.requests for v in following.values())
        print(f"{code:9} {first!s:>18} {first.requests:8}   {name:>18} {largest!s:>19} {median / 1000:5.1f} KB "
              f"{requests:8} {hosts:11}")
        over += [f"{code}/{name} ({visit_})" for name, visit_ in following.items()
                 if visit_.brotli > NEXT_PAGE_BUDGET or visit_.gzip > NEXT_PAGE_GZIP_BUDGET]
        if first.brotli > FIRST_VISIT_BUDGET:
            over.append(f"{code}/index.html first visit ({first})")
    print(f"budget: first visit <= {FIRST_VISIT_BUDGET // 1000} KB (brotli), next page <= {NEXT_PAGE_BUDGET // 1000} "
          f"KB (brotli) and <= {NEXT_PAGE_GZIP_BUDGET // 1000} KB (gzip), other hosts 0")
    print("over budget: " + (", ".join(over) if over else "none"))
    print("every other page, opened from within the guide (its HTML alone; the rest is cached), over "
          f"{NEXT_PAGE_BUDGET // 1000} KB with brotli: " + (", ".join(pages_over_budget(results)) or "none"))
    print()
    print("each next page, brotli / gzip:")
    pages = list(next(iter(results.values()))[1])
    print(f"{'page':22} " + " ".join(f"{code:>15}" for code in results))
    for name in pages:
        cells = [str(results[code][1][name]) if name in results[code][1] else "-" for code in results]
        print(f"{name:22} " + " ".join(f"{cell:>15}" for cell in cells))


if __name__ == "__main__":
    main()
