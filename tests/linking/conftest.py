"""A local stand-in for the Wikidata action API that replays recorded responses (tests only)."""

from __future__ import annotations

import json
import threading
import time
import urllib.parse
from collections.abc import Iterator
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

FIXTURES = Path(__file__).parent / "fixtures"


@dataclass
class ReplayState:
    """What the replay server has seen, and the faults it should inject next."""

    requests: list[dict[str, str]] = field(default_factory=list)
    user_agents: list[str] = field(default_factory=list)
    fail_with: list[int] = field(default_factory=list)  # status codes for the next requests
    maxlag_next: int = 0
    delay: float = 0.0


def _search_fixture(text: str) -> dict[str, object]:
    path = FIXTURES / f"wbsearchentities_{text.lower().replace(' ', '_')}.json"
    if path.exists():
        return json.loads(path.read_text(encoding="utf-8"))
    return {"searchinfo": {"search": text}, "search": [], "success": 1}


def _entities_fixture(ids: list[str]) -> dict[str, object]:
    known: dict[str, object] = {}
    for path in FIXTURES.glob("wbgetentities_*.json"):
        known.update(json.loads(path.read_text(encoding="utf-8"))["entities"])
    return {"entities": {q: known.get(q, {"id": q, "missing": ""}) for q in ids}, "success": 1}


def _handler(state: ReplayState) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        def do_GET(self) -> None:  # noqa: N802 (http.server's naming)
            query = dict(urllib.parse.parse_qsl(urllib.parse.urlsplit(self.path).query))
            state.requests.append(query)
            state.user_agents.append(self.headers.get("User-Agent", ""))
            if state.delay:
                time.sleep(state.delay)
            if state.fail_with:
                self._send(state.fail_with.pop(0), {"error": "injected"}, retry_after="0")
                return
            if state.maxlag_next:
                state.maxlag_next -= 1
                self._send(200, json.loads((FIXTURES / "maxlag_error.json").read_text(encoding="utf-8")))
                return
            if query.get("action") == "wbsearchentities":
                self._send(200, _search_fixture(query.get("search", "")))
            elif query.get("action") == "wbgetentities":
                self._send(200, _entities_fixture(query.get("ids", "").split("|")))
            else:
                self._send(400, {"error": {"code": "badvalue", "info": "unknown action"}})

        def _send(self, status: int, body: object, retry_after: str | None = None) -> None:
            payload = json.dumps(body).encode("utf-8")
            try:
                self.send_response(status)
                self.send_header("Content-Type", "application/json; charset=utf-8")
                self.send_header("Content-Length", str(len(payload)))
                if retry_after is not None:
                    self.send_header("Retry-After", retry_after)
                self.end_headers()
                self.wfile.write(payload)
            except (BrokenPipeError, ConnectionResetError):
                pass  # the client gave up (timeout test)

        def log_message(self, format: str, *args: object) -> None:  # noqa: A002
            pass

    return Handler


@pytest.fixture
def wikidata_replay() -> Iterator[tuple[str, ReplayState]]:
    """The URL of a replaying ``api.php`` on 127.0.0.1 (random port), and its recorded state."""
    state = ReplayState()
    server = ThreadingHTTPServer(("127.0.0.1", 0), _handler(state))
    server.daemon_threads = True
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/w/api.php", state
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=5)
