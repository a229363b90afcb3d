"""The explorer in headless Chromium (Debian's, driven by Playwright); screenshots go to tests/artifacts/."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest

from .conftest import RunningServer

CHROMIUM = "/usr/bin/chromium"
ARTIFACTS = Path(__file__).resolve().parents[1] / "artifacts"
ARGS = [
    "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
]

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def page(tmp_path_factory: pytest.TempPathFactory) -> Iterator[object]:
    """A fresh Chromium profile and page; skips when the browser or Playwright is missing."""
    if not Path(CHROMIUM).exists() and shutil.which("chromium") is None:
        pytest.skip("chromium is not installed; run scripts/install-test-tools.sh as root")
    sync_api = pytest.importorskip("playwright.sync_api", reason="pip install playwright (the test extra)")
    profile = tmp_path_factory.mktemp("chromium-profile")
    with sync_api.sync_playwright() as playwright:
        context = playwright.chromium.launch_persistent_context(
            str(profile), executable_path=CHROMIUM, args=ARGS, headless=True,
            viewport={"width": 1280, "height": 860}, offline=False,
        )
        page = context.new_page()
        errors: list[str] = []
        page.on("pageerror", lambda exc: errors.append(str(exc)))
        page.on("console", lambda msg: errors.append(msg.text) if msg.type == "error" else None)
        page.js_errors = errors  # type: ignore[attr-defined]
        try:
            yield page
        finally:
            context.close()


def _shot(page, name: str) -> None:  # type: ignore[no-untyped-def]
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / f"serve-{name}.png"), full_page=True)


def test_explorer_query_entity_network_timeline_pair(page, server: RunningServer) -> None:  # type: ignore[no-untyped-def]
    requests: list[str] = []
    page.on("request", lambda request: requests.append(request.url))

    page.goto(f"{server.url}/")
    page.wait_for_selector("button.example")
    titles = page.locator("button.example").all_inner_texts()
    assert "Who visited whom" in titles

    # One click on an example runs it; the results table links entities.
    page.get_by_role("button", name="Who visited whom").click()
    page.wait_for_selector("#results table tbody tr")
    assert "Masoud Pezeshkian" in page.inner_text("#results table")
    assert "1 row(s)" in page.inner_text("#status")
    _shot(page, "1-query")

    # Parameters are inputs: a place with no visits empties the table.
    page.fill("#params input[name=place]", "Atlantis")
    page.click("#run")
    page.wait_for_selector("#results p.empty")

    # Sorting: a free query, then a click on a header sorts the rows.
    page.get_by_role("button", name="Simple who-did-what triples").click()
    page.wait_for_selector("#results table tbody tr")
    page.click("#results th:has-text('subjectName')")
    page.click("#results th:has-text('subjectName')")
    names = page.locator("#results tbody tr td:first-child").all_inner_texts()
    assert names == sorted(names, reverse=True) and len(names) > 3

    # Open an entity from the results: the linked-data page for people.
    page.get_by_role("button", name="Who visited whom").click()
    page.fill("#params input[name=place]", "")
    page.click("#run")
    page.wait_for_selector("#results table tbody tr")
    page.click("#results a:has-text('country/qatar')")
    page.wait_for_selector("h1")
    assert page.inner_text("h1") == "Qatar"
    assert "visited Qatar on Sunday" in page.inner_text("table.events")
    _shot(page, "2-entity")

    # The network view draws actors as SVG nodes and relations as lines.
    page.goto(f"{server.url}/#network")
    page.select_option("#network-filters select[name=polarity]", "")
    page.click("#network-filters button[type=submit]")
    page.wait_for_selector("#network g.node")
    page.wait_for_selector("#network[data-settled=true]")  # the force layout has come to rest
    assert page.locator("#network g.node").count() == 4
    assert page.locator("#network path.link").count() >= 7
    labels = page.locator("#network g.node text").all_text_contents()
    assert {"Iran", "Qatar", "United States", "Masoud Pezeshkian"} <= set(labels)
    box = page.locator("#network").bounding_box()
    spread = page.evaluate("""() => [...document.querySelectorAll('#network g.node')].map(
        g => g.getBoundingClientRect()).map(r => [Math.round(r.x), Math.round(r.y)])""")
    assert len({tuple(p) for p in spread}) == 4  # laid out, not piled on one spot
    assert all(box["x"] <= x <= box["x"] + box["width"] and box["y"] <= y <= box["y"] + box["height"] for x, y in spread)
    # Hover the middle of the negated relation's curve, as a person would.
    middle = page.evaluate("""() => { const p = document.querySelector('#network path.link.negated');
        const m = p.getPointAtLength(p.getTotalLength() / 2).matrixTransform(p.getScreenCTM());
        return [m.x, m.y]; }""")
    page.mouse.move(*middle)
    assert "Iran did not meet US envoys in Geneva." in page.inner_text("#tooltip")
    _shot(page, "3-network")

    # An actor's timeline and a pair's cooperation–conflict chart.
    page.goto(f"{server.url}/#timeline=Iran")
    page.wait_for_selector("#timeline circle.event")
    assert page.locator("#timeline circle.event").count() == 6
    _shot(page, "4-timeline")
    page.goto(f"{server.url}/#pair=Iran|United States")
    page.wait_for_selector("#pair rect.bar")
    assert page.locator("#pair rect.bar.conflict").count() >= 2
    assert "negotiated in Muscat" in page.inner_text("#pair-list")
    _shot(page, "5-pair")

    assert page.js_errors == []
    # Offline by construction: the browser asked this server for everything.
    assert all(url.startswith(server.url) for url in requests), [u for u in requests if not u.startswith(server.url)]
