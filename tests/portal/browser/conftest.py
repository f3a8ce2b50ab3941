"""A real browser against a real portal: Playwright's sync API driving Debian's Chromium.

The portal is started as a person starts it — ``chiso serve`` in a process of its
own, on 127.0.0.1 and a free port, with its data folder in ``tmp_path`` — so these
tests go through the same settings, middleware and static files a user gets, and
the pytest process's Django test database plays no part.

Playwright is told to use ``/usr/bin/chromium`` (Debian's package, installed by
``.ci/run``); ``playwright install`` downloads a browser of its own, which this
project's machines cannot fetch. Without that binary every test here is skipped
with the reason, which ``pytest -rs`` lists.

Screenshots of every page go to ``tests/portal/output/`` (git-ignored), named in
the order a person sees them, to be looked at after a run.
"""

from __future__ import annotations

import os
import re
import subprocess
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

from chiso.portal.bootstrap import chiso_command, free_port

ROOT = Path(__file__).resolve().parents[3]
EXAMPLE = ROOT / "examples" / "phu-tho"
OUTPUT = Path(__file__).resolve().parents[1] / "output"
CHROMIUM = Path(os.environ.get("CHISO_CHROMIUM", "/usr/bin/chromium"))

# The flags a headless Chromium needs on this project's machines: no sandbox (CI
# runs as root), no GPU, and nothing that reaches for the network by itself (the
# machines have none; Chromium would otherwise retry Google's hosts at each start).
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]

# How long `chiso serve --demo` may take to load the example province (its three
# years of workbooks) and answer; bounded so a broken start fails, not hangs.
START_TIMEOUT = 180.0


@dataclass
class LivePortal:
    """A running ``chiso serve``: its address, its data folder and what it printed."""

    url: str
    data: Path
    log: Path
    process: subprocess.Popen[bytes]

    def output(self) -> str:
        return self.log.read_text(encoding="utf-8", errors="replace")


def _wait_until_up(url: str, process: subprocess.Popen[bytes], log: Path) -> None:
    deadline = time.monotonic() + START_TIMEOUT
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(
                f"chiso serve exited with {process.returncode} before answering:\n"
                + log.read_text(errors="replace")[-3000:]
            )
        try:
            with urllib.request.urlopen(url, timeout=5) as response:
                if response.status < 500:
                    return
        except urllib.error.HTTPError as e:
            if e.code < 500:
                return
        except OSError:
            pass
        time.sleep(0.5)
    raise RuntimeError(
        f"chiso serve did not answer {url} within {START_TIMEOUT:.0f} s:\n"
        + log.read_text(errors="replace")[-3000:]
    )


def start_portal(data: Path, *args: str) -> LivePortal:
    """Start ``chiso serve --data DATA ARGS…`` on a free port; return when it answers."""
    port = free_port()
    data.mkdir(parents=True, exist_ok=True)
    log = data.parent / f"serve-{port}.log"
    command = [
        *chiso_command(),
        "serve",
        "--data",
        str(data),
        "--host",
        "127.0.0.1",
        "--port",
        str(port),
        *args,
    ]
    env = {k: v for k, v in os.environ.items() if k != "CHISO_DATABASE_URL"}
    with log.open("wb") as sink:
        process = subprocess.Popen(
            command, stdout=sink, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL, env=env
        )
    url = f"http://127.0.0.1:{port}"
    try:
        _wait_until_up(url + "/", process, log)
    except BaseException:
        stop_portal(process)
        raise
    return LivePortal(url=url, data=data, log=log, process=process)


def stop_portal(process: subprocess.Popen[bytes]) -> None:
    if process.poll() is None:
        process.terminate()
        try:
            process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait(timeout=15)


@pytest.fixture(scope="session")
def demo_portal(tmp_path_factory: pytest.TempPathFactory) -> Iterator[LivePortal]:
    """``chiso serve --demo examples/phu-tho`` with a fresh data folder, once per run.

    Loading the example (53 accounts, 156 workbooks, a scoring) is most of these
    tests' time, so they share one portal: each test works on its own commune.
    """
    portal = start_portal(tmp_path_factory.mktemp("portal") / "data", "--demo", str(EXAMPLE))
    try:
        yield portal
    finally:
        stop_portal(portal.process)


@pytest.fixture(scope="session")
def browser() -> Iterator[Any]:
    """Debian's Chromium under Playwright, or a skip that says what is missing."""
    if not CHROMIUM.exists():
        pytest.skip(
            f"no Chromium at {CHROMIUM}: install Debian's package (apt-get install chromium,"
            " as .ci/run does) or point CHISO_CHROMIUM at one"
        )
    sync_api = pytest.importorskip(
        "playwright.sync_api",
        reason="the playwright package is not installed (pip install -e '.[test]')",
    )
    with sync_api.sync_playwright() as playwright:
        launched = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        try:
            yield launched
        finally:
            launched.close()


# Server errors (5xx) each page has met, with the portal that answered them.
_SEEN: dict[int, tuple[list[str], LivePortal]] = {}


def new_page(
    browser: Any, portal: LivePortal, *, phone: bool = False, locale: str = "vi-VN"
) -> Any:
    """A page on ``portal`` in a fresh context (its own cookies): desktop, or a phone's screen.

    Paths are relative to the portal (``page.goto("/login/")``); every answer of 500
    or more is remembered, and :func:`screenshot` fails on it with the server's log.
    """
    options: dict[str, Any] = {"base_url": portal.url, "locale": locale}
    if phone:
        # A mid-range Android phone's screen in CSS pixels, as Chrome reports it.
        options.update(
            viewport={"width": 393, "height": 851},
            device_scale_factor=2.75,
            is_mobile=True,
            has_touch=True,
        )
    else:
        options.update(viewport={"width": 1280, "height": 900})
    context = browser.new_context(**options)
    context.set_default_timeout(30_000)
    page = context.new_page()
    errors: list[str] = []

    def remember(response: Any) -> None:
        if response.status >= 500:
            errors.append(f"{response.status} {response.request.method} {response.url}")

    page.on("response", remember)
    _SEEN[id(page)] = (errors, portal)
    return page


def screenshot(page: Any, name: str) -> Path:
    """Save the whole page as ``tests/portal/output/NAME.png``; returns the path.

    Fails if any page so far was answered with a server error: that is what the
    person would have seen. The message carries the end of the server's log.
    """
    OUTPUT.mkdir(parents=True, exist_ok=True)
    path = OUTPUT / f"{re.sub(r'[^A-Za-z0-9_.-]+', '-', name)}.png"
    page.screenshot(path=str(path), full_page=True)
    errors, portal = _SEEN.get(id(page), ([], None))
    if errors:
        log = portal.output()[-4000:] if portal else ""
        raise AssertionError(
            f"server error before {path.name}: {errors}\n--- server log ---\n{log}"
        )
    return path
