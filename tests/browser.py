"""Open a local HTML file in headless Chromium with the network cut off.

A test helper, not part of zhitu: it drives Debian's ``chromium`` through
Playwright (no ``playwright install``; the browser comes from apt) and records
what a page did wrong — console errors, uncaught exceptions, requests that
failed or tried to leave the machine.

    from tests.browser import open_offline

    def test_page(chromium, tmp_path):  # conftest's fixture: skip, or fail in CI, without a browser
        with open_offline(path) as page:
            assert page.problems() == []
            ids = page.evaluate("network.body.data.nodes.getIds()")
"""
from __future__ import annotations

import os
import shutil
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, NoReturn

import pytest

__all__ = ["CHROMIUM_ARGS", "OfflinePage", "chromium_path", "missing", "open_offline", "open_served", "require_chromium",
           "wait_until"]

# Flags that work in this project's containers and CI: no sandbox (we run as
# root), no GPU, and nothing that phones home. The proxy points at a closed
# port, so even a request that escapes the route filter below goes nowhere.
CHROMIUM_ARGS = (
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--proxy-server=127.0.0.1:9",
    "--proxy-bypass-list=<-loopback>",
)
_LOCAL_SCHEMES = ("file:", "data:", "blob:", "about:")


def wait_until(page: Any, expression: str, timeout: float = 20.0) -> None:
    """Poll a JavaScript expression (or arrow function) from Python until it is true.

    ``page.wait_for_function`` polls with ``new Function`` inside the page,
    which the pages' Content-Security-Policy rightly forbids; ``evaluate``
    runs through the DevTools protocol, which CSP does not govern.
    """
    deadline = time.monotonic() + timeout
    while not page.evaluate(expression):
        if time.monotonic() > deadline:
            raise AssertionError(f"still false after {timeout} s: {expression}")
        time.sleep(0.05)


def chromium_path() -> str | None:
    """The Chromium binary to use ($ZHITU_CHROMIUM first), or None if there is none."""
    candidates = [os.environ.get("ZHITU_CHROMIUM"), "/usr/bin/chromium"]
    candidates += [shutil.which(name) for name in ("chromium", "chromium-browser", "google-chrome")]
    return next((c for c in candidates if c and os.access(c, os.X_OK)), None)


def missing(reason: str) -> NoReturn:
    """Skip the calling test for want of a browser-side tool, or fail it where
    CI sets ``ZHITU_REQUIRE_BROWSER`` (there a missing tool is a broken setup)."""
    if os.environ.get("ZHITU_REQUIRE_BROWSER"):
        pytest.fail(reason)
    pytest.skip(reason)


def require_chromium() -> str:
    """The Chromium binary, after checking Playwright imports; :func:`missing` otherwise."""
    try:
        import playwright.sync_api  # noqa: F401
    except ImportError:
        missing("playwright is not installed (pip install zhitu[test])")
    executable = chromium_path()
    if executable is None:
        missing("no chromium binary (apt-get install -y chromium)")
    return executable


@dataclass
class OfflinePage:
    """A loaded page and everything it did wrong so far."""

    page: Any  # playwright.sync_api.Page
    console_errors: list[str] = field(default_factory=list)
    page_errors: list[str] = field(default_factory=list)
    failed_requests: list[str] = field(default_factory=list)
    blocked_requests: list[str] = field(default_factory=list)

    def evaluate(self, expression: str, arg: Any = None) -> Any:
        """Run JavaScript in the page and return its (JSON-able) result."""
        return self.page.evaluate(expression, arg)

    def problems(self) -> list[str]:
        """All recorded problems, one line each; empty when the page behaved."""
        return (
            [f"console error: {m}" for m in self.console_errors]
            + [f"uncaught: {m}" for m in self.page_errors]
            + [f"request failed: {m}" for m in self.failed_requests]
            + [f"network request blocked: {m}" for m in self.blocked_requests]
        )


@contextmanager
def open_offline(
    path: str | os.PathLike[str],
    *,
    viewport: tuple[int, int] = (1280, 800),
    timeout_ms: int = 30_000,
) -> Iterator[OfflinePage]:
    """Load ``path`` in a fresh headless Chromium that may reach nothing but local files.

    Raises RuntimeError if no Chromium binary is found (tests ask for conftest's
    ``chromium`` fixture first, which skips or fails).
    """
    from playwright.sync_api import sync_playwright

    executable = chromium_path()
    if executable is None:
        raise RuntimeError("no chromium binary; install it with: apt-get install -y chromium")
    url = Path(path).resolve().as_uri()
    with tempfile.TemporaryDirectory(prefix="zhitu-chromium-") as profile, sync_playwright() as pw:
        context = pw.chromium.launch_persistent_context(
            profile,
            executable_path=executable,
            headless=True,
            args=list(CHROMIUM_ARGS),
            viewport={"width": viewport[0], "height": viewport[1]},
            service_workers="block",
        )
        try:
            page = context.pages[0] if context.pages else context.new_page()
            page.set_default_timeout(timeout_ms)
            result = OfflinePage(page)

            def route(r: Any) -> None:
                if r.request.url.startswith(_LOCAL_SCHEMES):
                    r.continue_()
                else:
                    result.blocked_requests.append(r.request.url)
                    r.abort("internetdisconnected")

            context.route("**/*", route)
            page.on("console", lambda m: m.type == "error" and result.console_errors.append(m.text))
            page.on("pageerror", lambda e: result.page_errors.append(str(e)))
            page.on("requestfailed", lambda r: result.failed_requests.append(f"{r.url} ({r.failure})"))
            page.goto(url, wait_until="load")
            yield result
        finally:
            context.close()


@contextmanager
def open_served(chromium: str, url: str, **context_options: Any) -> Iterator[Any]:
    """A Playwright page of a local server at ``url`` in headless Chromium: loopback to that
    server is the one place it may reach (every other request is blocked and recorded).
    What went wrong (console errors, uncaught exceptions, blocked or failed requests) is
    in ``page.problems``; ``context_options`` go to the browser context (viewport…)."""
    from playwright.sync_api import sync_playwright

    # The shared flags send loopback through a dead proxy; here loopback is allowed.
    args = [a for a in CHROMIUM_ARGS if not a.startswith("--proxy-bypass-list")]
    problems: list[str] = []
    with tempfile.TemporaryDirectory(prefix="zhitu-chromium-") as profile, sync_playwright() as pw:
        context = pw.chromium.launch_persistent_context(profile, executable_path=chromium, headless=True, args=args,
                                                        service_workers="block", **context_options)

        def route(r) -> None:
            if r.request.url.startswith(url + "/"):
                r.continue_()
            else:
                problems.append(f"blocked {r.request.url}")
                r.abort("internetdisconnected")

        context.route("**/*", route)
        page = context.pages[0] if context.pages else context.new_page()
        page.set_default_timeout(20_000)
        page.on("console", lambda m: m.type == "error" and problems.append(f"console: {m.text}"))
        page.on("pageerror", lambda e: problems.append(f"uncaught: {e}"))
        page.on("requestfailed", lambda r: problems.append(f"failed: {r.url}"))
        page.goto(url + "/", wait_until="load")
        page.problems = problems
        try:
            yield page
        finally:
            context.close()
