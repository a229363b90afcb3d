"""A small, polite client for the Wikidata action API: ``wbsearchentities`` and ``wbgetentities``.

API reference: https://www.wikidata.org/w/api.php?action=help&modules=wbsearchentities and
``modules=wbgetentities``. Etiquette followed (https://meta.wikimedia.org/wiki/User-Agent_policy,
https://www.mediawiki.org/wiki/Manual:Maxlag_parameter): a descriptive User-Agent, one request at
a time with a minimum interval, ``maxlag``, back-off on 429/5xx and ``Retry-After``. Responses are
cached on disk as JSON, so a second run asks nothing. Standard library only (``urllib``).
"""

from __future__ import annotations

import hashlib
import json
import os
import socket
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from .. import __version__
from ..errors import DiplokgError

__all__ = ["WikidataClient", "WikidataUnavailable", "SearchHit", "WikidataItem", "DEFAULT_USER_AGENT", "default_cache_dir"]

DEFAULT_BASE_URL = "https://www.wikidata.org/w/api.php"
DEFAULT_USER_AGENT = (
    f"diplokg/{__version__} (https://w3id.org/diplokg; knowledge graph of diplomacy news) Python-urllib"
)
#: wbgetentities accepts at most 50 ids per request.
_GET_BATCH = 50
_RETRY_STATUS = {429, 500, 502, 503, 504}


class WikidataUnavailable(DiplokgError):
    """The Wikidata API could not be reached or kept failing; linking falls back to the gazetteer."""


@dataclass(frozen=True)
class SearchHit:
    """One ``wbsearchentities`` result: an item id, its English label and what the search matched."""

    qid: str
    label: str
    description: str = ""
    matched: str = ""


@dataclass(frozen=True)
class WikidataItem:
    """The parts of an item the linker uses: label, aliases, description and P31 (instance of)."""

    qid: str
    label: str
    aliases: tuple[str, ...] = ()
    description: str = ""
    instance_of: tuple[str, ...] = ()


def default_cache_dir() -> Path:
    """``$DIPLOKG_CACHE`` or ``$XDG_CACHE_HOME/diplokg/wikidata`` (``~/.cache`` by default)."""
    if os.environ.get("DIPLOKG_CACHE"):
        return Path(os.environ["DIPLOKG_CACHE"]) / "wikidata"
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "diplokg" / "wikidata"


class WikidataClient:
    """Search and fetch Wikidata items over HTTP, cached on disk, rate limited, with retries."""

    def __init__(
        self,
        base_url: str = DEFAULT_BASE_URL,
        *,
        cache_dir: Path | str | None = None,
        user_agent: str = DEFAULT_USER_AGENT,
        min_interval: float = 1.0,
        timeout: float = 10.0,
        retries: int = 3,
        backoff: float = 1.0,
        language: str = "en",
        cooldown: float = 300.0,
    ) -> None:
        self.base_url = base_url
        self.cache_dir = Path(cache_dir) if cache_dir is not None else default_cache_dir()
        self.user_agent = user_agent
        self.min_interval = min_interval
        self.timeout = timeout
        self.retries = retries
        self.backoff = backoff
        self.language = language
        self.cooldown = cooldown
        #: Requests actually sent over the network (cache hits do not count).
        self.requests_sent = 0
        self._last_request = 0.0
        self._down_until = 0.0
        self._lock = threading.Lock()

    # --- public API ---------------------------------------------------------------------

    def search(self, text: str, *, limit: int = 7) -> list[SearchHit]:
        """Items whose label or alias matches ``text`` (``wbsearchentities``), in Wikidata's order."""
        data = self._call(
            {
                "action": "wbsearchentities",
                "search": text,
                "language": self.language,
                "uselang": self.language,
                "type": "item",
                "limit": str(limit),
                "format": "json",
            }
        )
        hits = []
        for row in data.get("search", []):
            match = row.get("match") or {}
            hits.append(
                SearchHit(
                    qid=row["id"],
                    label=row.get("label", ""),
                    description=row.get("description", ""),
                    matched=match.get("text", ""),
                )
            )
        return hits

    def get_entities(self, qids: Iterable[str]) -> dict[str, WikidataItem]:
        """Label, aliases, description and P31 values of each item (``wbgetentities``)."""
        wanted = list(dict.fromkeys(qids))
        items: dict[str, WikidataItem] = {}
        for start in range(0, len(wanted), _GET_BATCH):
            batch = wanted[start : start + _GET_BATCH]
            data = self._call(
                {
                    "action": "wbgetentities",
                    "ids": "|".join(batch),
                    "props": "labels|aliases|descriptions|claims",
                    "languages": self.language,
                    "format": "json",
                }
            )
            for qid, raw in (data.get("entities") or {}).items():
                if "missing" in raw:
                    continue
                items[qid] = self._item(qid, raw)
        return items

    def instance_of(self, qid: str) -> tuple[str, ...]:
        """The item's P31 (instance of) values."""
        item = self.get_entities([qid]).get(qid)
        return item.instance_of if item else ()

    # --- internals ----------------------------------------------------------------------

    def _item(self, qid: str, raw: dict[str, Any]) -> WikidataItem:
        lang = self.language
        label = (raw.get("labels") or {}).get(lang, {}).get("value", "")
        aliases = tuple(a.get("value", "") for a in (raw.get("aliases") or {}).get(lang, []))
        description = (raw.get("descriptions") or {}).get(lang, {}).get("value", "")
        classes = []
        for claim in (raw.get("claims") or {}).get("P31", []):
            value = ((claim.get("mainsnak") or {}).get("datavalue") or {}).get("value") or {}
            if isinstance(value, dict) and value.get("id") and claim.get("rank") != "deprecated":
                classes.append(value["id"])
        return WikidataItem(qid=qid, label=label, aliases=aliases, description=description, instance_of=tuple(classes))

    def _cache_path(self, url: str) -> Path:
        digest = hashlib.sha256(url.encode("utf-8")).hexdigest()
        return self.cache_dir / digest[:2] / f"{digest}.json"

    def _call(self, params: dict[str, str]) -> dict[str, Any]:
        # maxlag asks the servers to refuse us (and not others) when replication lags.
        url = f"{self.base_url}?{urllib.parse.urlencode(sorted({**params, 'maxlag': '5'}.items()))}"
        path = self._cache_path(url)
        if path.exists():
            try:
                return json.loads(path.read_text(encoding="utf-8"))
            except (OSError, ValueError):
                pass  # a torn cache file is refetched
        if time.monotonic() < self._down_until:
            raise WikidataUnavailable(
                f"{self.base_url} failed recently; not retrying for {self.cooldown:.0f} s (cached answers still used)"
            )
        data = self._fetch(url)
        path.parent.mkdir(parents=True, exist_ok=True)
        tmp = path.with_suffix(".tmp")
        tmp.write_text(json.dumps(data), encoding="utf-8")
        tmp.replace(path)
        return data

    def _fetch(self, url: str) -> dict[str, Any]:
        last_error = "no attempt made"
        for attempt in range(self.retries + 1):
            delay = self.backoff * (2**attempt)
            try:
                data = self._get_json(url)
            except urllib.error.HTTPError as error:
                last_error = f"HTTP {error.code}"
                if error.code not in _RETRY_STATUS:
                    break
                delay = max(delay, _retry_after(error.headers.get("Retry-After")))
            except (urllib.error.URLError, socket.timeout, TimeoutError, ConnectionError, ValueError) as error:
                last_error = str(getattr(error, "reason", error)) or type(error).__name__
            else:
                if (data.get("error") or {}).get("code") == "maxlag":
                    last_error = "server lag (maxlag)"
                else:
                    if "error" in data:
                        raise WikidataUnavailable(f"Wikidata API error: {data['error'].get('info', data['error'])}")
                    return data
            if attempt < self.retries:
                time.sleep(min(delay, 60.0))
        self._down_until = time.monotonic() + self.cooldown
        raise WikidataUnavailable(
            f"cannot reach {self.base_url} ({last_error}) after {self.retries + 1} attempts; "
            "links from the offline gazetteer are kept — retry later with `diplokg link --online`"
        )

    def _get_json(self, url: str) -> dict[str, Any]:
        with self._lock:
            wait = self._last_request + self.min_interval - time.monotonic()
            if wait > 0:
                time.sleep(wait)
            self._last_request = time.monotonic()
            self.requests_sent += 1
        request = urllib.request.Request(
            url, headers={"User-Agent": self.user_agent, "Accept": "application/json", "Accept-Encoding": "identity"}
        )
        with urllib.request.urlopen(request, timeout=self.timeout) as response:
            payload = json.loads(response.read().decode("utf-8"))
        if not isinstance(payload, dict):
            raise ValueError("unexpected JSON from the Wikidata API")
        return payload


def _retry_after(header: str | None) -> float:
    try:
        return float(header) if header else 0.0
    except ValueError:
        return 0.0
