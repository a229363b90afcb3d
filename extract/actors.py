"""``dip_actors``: find the actors of an article and give each one a stable ``Entity.key``.

Gazetteer names, aliases, demonyms and capitals are found with PhraseMatchers built once;
spaCy's entities add people, organisations and places the gazetteer does not know. Within
an article, surname-only and variant spellings of a person join the full name
("Okafor", "Chidi Okaforr" -> "Chidi Okafor").
"""

from __future__ import annotations

import functools
import re
from collections import Counter
from collections.abc import Iterable

from spacy.language import Language
from spacy.matcher import PhraseMatcher
from spacy.tokens import Doc, Span
from spacy.util import filter_spans

from diplokg.gazetteer import Gazetteer, GazetteerEntry, entity_key, load_gazetteer
from diplokg.gazetteer import normalize_name as _normalize_name

from .mentions import ORG_TYPES, EntityTable, Mention
from .vocab import load_lexicon

__all__ = ["ActorRecognizer"]

#: names repeat within and across articles; normalising is regex work worth doing once
normalize_name = functools.lru_cache(maxsize=65536)(_normalize_name)

_NER_LABELS = frozenset({"PERSON", "ORG", "GPE", "NORP", "LOC", "FAC"})
_PLACE_NOUNS = frozenset({"province", "city", "town", "village", "region", "district", "county", "municipality",
                          "governorate", "island", "port", "area"})
_DATELINE = re.compile(r"^\W*([A-Z][\w'-]+(?: [A-Z][\w'-]+)?)\s*(?:\([^)]*\))?\s*,\s*[\w .]+?\s*[–—-]{1,2}\s")


def _similar(a: str, b: str) -> bool:
    """Spelling variants of one name ("Massoud"/"Masoud", "Esmaeil"/"Esmail")."""
    a, b = normalize_name(a), normalize_name(b)
    if a == b:
        return True
    if not a or not b or a[0] != b[0] or abs(len(a) - len(b)) > 2:
        return False
    # edit distance of at most two, computed on short strings only
    prev = list(range(len(b) + 1))
    for i, ca in enumerate(a, 1):
        cur = [i]
        for j, cb in enumerate(b, 1):
            cur.append(min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + (ca != cb)))
        prev = cur
    return prev[-1] <= 2


class ActorRecognizer:
    """The ``dip_actors`` component."""

    def __init__(self, nlp: Language, name: str = "dip_actors") -> None:
        self.name = name
        self.gazetteer: Gazetteer = load_gazetteer()
        lex = load_lexicon()
        self.title_words = {w for t in lex.titles for w in t}
        self.honorifics = lex.word_class("honorifics") | self.title_words
        self.portfolios = lex.word_class("portfolio_words")
        self.lower_matcher = PhraseMatcher(nlp.vocab, attr="LOWER")
        self.exact_matcher = PhraseMatcher(nlp.vocab, attr="ORTH")
        self.entries: dict[str, GazetteerEntry] = {}
        self._people: dict[str, str] = {}
        self._found: dict[str, tuple[GazetteerEntry, ...]] = {}
        # GazetteerEntry.key slugifies on every access: compute each key once
        self._keys: dict[int, str] = {id(e): e.key for e in self.gazetteer.entries}
        self._countries_norm = {normalize_name(e.name) for e in self.gazetteer.entries if e.type != "Person"}
        self.surnames: dict[str, list[GazetteerEntry]] = {}
        lower: dict[str, list[str]] = {}
        exact: dict[str, list[str]] = {}
        for index, entry in enumerate(self.gazetteer.entries):
            label = f"E{index}"
            self.entries[label] = entry
            forms = {entry.name, *entry.aliases, *([entry.acronym] if entry.acronym else [])}
            for form in forms:
                form = re.sub(r"^the ", "", form.strip(), flags=re.I)
                if entry.type == "Person":
                    # "President Xi" -> "Xi": the title stays outside the name, for the positions component;
                    # an alias that is a title ("Leader of the Islamic Revolution") names no one by itself
                    words = form.split()
                    if " of " in f" {form.lower()} ":
                        continue
                    while len(words) > 1 and words[0].lower().rstrip(".") in self.honorifics:
                        words.pop(0)
                    if all(w.lower() in self.title_words for w in words):
                        continue
                    form = " ".join(words)
                # short all-capital forms ("US", "UN") must keep their case, or "us" would match
                (exact if form.isupper() and len(form) <= 5 else lower).setdefault(label, []).append(form)
            if entry.type == "Person":
                self.surnames.setdefault(normalize_name(entry.name.split()[-1]), []).append(entry)
            if entry.type == "Country":
                for demonym in entry.demonyms:
                    lower.setdefault(f"D{index}", []).extend([demonym, demonym + "s"])
                    self.entries[f"D{index}"] = entry
                if entry.capital:
                    lower.setdefault(f"C{index}", []).append(entry.capital)
                    self.entries[f"C{index}"] = entry
        for label, forms in lower.items():
            self.lower_matcher.add(label, [nlp.make_doc(f) for f in forms])
        for label, forms in exact.items():
            self.exact_matcher.add(label, [nlp.make_doc(f) for f in forms])

    # -- helpers -------------------------------------------------------------------------

    def _strip_person(self, span: Span) -> str:
        """The name without leading titles or a trailing possessive, spaced as written ("Ban Ki-moon")."""
        tokens = list(span)
        while len(tokens) > 1 and tokens[0].lower_.rstrip(".") in self.honorifics:
            tokens.pop(0)
        while tokens and tokens[-1].text in ("'s", "’s", "'", "’"):
            tokens.pop()
        return "".join(t.text_with_ws for t in tokens).strip()

    def _qualified_org(self, name: str, home: GazetteerEntry | None) -> GazetteerEntry | None:
        """A gazetteer body for an unqualified name ("Foreign Ministry") in the article's home country."""
        found = [e for e in self._find(name) if e.type != "Person"]
        if home is not None:
            local = [e for e in found if e.country == home.country]
            if local:
                return local[0]
            demonyms = home.demonyms or (home.name,)
            for form in (*[f"{d} {name}" for d in demonyms], f"{name} of {home.name}", f"{home.name} {name}",
                         f"{home.name}'s {name}"):
                hits = [e for e in self._find(form) if e.type != "Person"]
                if hits:
                    return hits[0]
        return found[0] if len(found) == 1 else None

    def _dateline(self, doc: Doc) -> GazetteerEntry | None:
        """The country of the article's dateline ("Nairobi, Reuters –")."""
        head = doc[:min(len(doc), 400)]
        lines = [line for line in head.text.splitlines() if line.strip()][:12]
        for line in lines:
            if match := _DATELINE.match(line.lstrip()):
                if entry := self.gazetteer.country_of_capital(match.group(1)):
                    return entry
                hits = [e for e in self.gazetteer.find(match.group(1)) if e.type == "Country"]
                if hits:
                    return hits[0]
        return None

    def _home(self, dateline: GazetteerEntry | None, countries: Iterable[GazetteerEntry]) -> GazetteerEntry | None:
        """The country an article is about: its dateline city, else its clearly most named country."""
        if dateline is not None:
            return dateline
        counts = Counter(e.qid for e in countries).most_common(2)
        if counts and counts[0][1] >= 3 and (len(counts) == 1 or counts[0][1] > counts[1][1]):
            return self.gazetteer.by_qid(counts[0][0])
        return None

    def _find(self, surface: str) -> tuple[GazetteerEntry, ...]:
        """``Gazetteer.find``, memoised: articles repeat the same names."""
        hits = self._found.get(surface)
        if hits is None:
            hits = self._found[surface] = tuple(self.gazetteer.find(surface))
        return hits

    def _widen_person(self, span: Span, taken: set[int]) -> Span:
        """"Amal Haddad" tagged from "Haddad" only: take in capitalised given names before the surname."""
        start = span.start
        while start > 0:
            prev = span.doc[start - 1]
            if prev.i in taken or prev.pos_ != "PROPN" or not prev.is_title or prev.dep_ != "compound" \
                    or prev.lower_.rstrip(".") in self.honorifics or not (span.start <= prev.head.i < span.end):
                break
            start -= 1
        return span if start == span.start else Span(span.doc, start, span.end, label=span.label)

    def _inner_country(self, span: Span) -> str | None:
        """The country named inside an organisation's name ("Nigerian Union of Teachers" -> NGA)."""
        for start, end, label in self._raw:
            if span.start <= start and end <= span.end:
                entry = self.entries[label]
                if entry.type == "Country":
                    return entry.country
        return None

    # -- the component -----------------------------------------------------------------

    def __call__(self, doc: Doc) -> Doc:
        spans: list[Span] = []
        ents = list(doc.ents)
        for first, second in zip(ents, ents[1:]):
            # "Amal Haddad" read as a place and a person: one name
            if first.label_ in ("GPE", "LOC") and second.label_ == "PERSON" and first.end == second.start \
                    and len(first) == 1 and first[0].is_title and not self.gazetteer.find(first.text) \
                    and not self.gazetteer.country_of_capital(first.text) and not self.gazetteer.country_of_demonym(first.text):
                spans.append(Span(doc, first.start, second.end, label="PERSON"))
        for matcher in (self.lower_matcher, self.exact_matcher):
            for match_id, start, end in matcher(doc):
                label = doc.vocab.strings[match_id]
                if label[0] == "D" and start > 0 and doc[start - 1].lower_ == "ethnic":
                    continue  # "ethnic Greeks" in Cyprus are not the state of Greece
                spans.append(Span(doc, start, end, label=match_id))
        gaz_ranges = {(s.start, s.end) for s in spans}
        for ent in doc.ents:
            if ent.label_ in _NER_LABELS and (ent.start, ent.end) not in gaz_ranges:
                start = ent.start + (1 if ent[0].lower_ == "the" and len(ent) > 1 else 0)
                end = ent.end - (1 if ent[-1].tag_ == "POS" and len(ent) > 1 else 0)
                comma = next((t.i for t in ent if t.text in (",", "–", "—", "--") and t.i > start), None)
                if comma is not None:
                    end = comma  # "the Organisation of Islamic Cooperation, Foreign [Minister]"
                    if ent[comma - ent.start].text != "," and comma + 1 < ent.end:
                        spans.append(Span(doc, comma + 1, ent.end, label=ent.label))  # "IRNA – Foreign Ministry"
                owner = next((t.i for t in ent if t.tag_ == "POS" and start < t.i < end - 1), None)
                if owner is not None and ent.label_ == "ORG":
                    # "the Parliament's National Security Committee": the body and its committee
                    spans.append(Span(doc, start, owner, label=ent.label))
                    start = owner + 1
                spans.append(Span(doc, start, end, label=ent.label))
        self._raw = [(s.start, s.end, s.label_) for s in spans if s.label_ in self.entries]
        # Gazetteer places and bodies win over spaCy's spans ("Kenyan Somalis" is a demonym group, not a
        # person), except a person or organisation name they only partly cover ("Israel Katz",
        # "Montenegro Municipality Association").
        places = [s for s in spans if s.label_ in self.entries and self.entries[s.label_].type != "Person"]
        covered = {i for s in places for i in range(s.start, s.end)}
        names = [s for s in spans if s.label_ in ("PERSON", "ORG")
                 and not all(i in covered for i in range(s.start, s.end))]
        name_tokens = {i for s in names for i in range(s.start, s.end)}
        gaz_first = filter_spans([s for s in places if not any(i in name_tokens for i in range(s.start, s.end))])
        taken = {i for s in gaz_first for i in range(s.start, s.end)}
        chosen = {id(s) for s in gaz_first}
        spans = filter_spans(gaz_first + [s for s in spans if id(s) not in chosen
                                          and not any(i in taken for i in range(s.start, s.end))])
        spans = [s for s in spans if not (s.label_ == "ORG" and len(s) == 1 and s[0].lower_ in self.portfolios)]
        occupied = {i for s in spans for i in range(s.start, s.end)}
        spans = [self._widen_person(s, occupied) if s.label_ == "PERSON" else s for s in spans]
        spans.sort(key=lambda s: s.start)
        gaz_spans = [s for s in spans if s.label_ in self.entries]
        countries = [self.entries[s.label_] for s in gaz_spans if s.label_[0] in "ED" and self.entries[s.label_].type == "Country"]
        dateline = self._dateline(doc)
        home = self._home(dateline, countries)
        table = EntityTable()
        mentions: list[Mention] = []
        persons = [s for s in spans if s.label_ == "PERSON" or (s.label_ in self.entries and self.entries[s.label_].type == "Person")]
        person_keys = self._person_keys(persons, table)
        for span in spans:
            mention = self._resolve(span, home, table, person_keys)
            if mention is not None:
                mentions.append(mention)
        mentions += self._surnames(doc, {i for m in mentions for i in range(m.start, m.end)}, table)
        mentions.sort(key=lambda m: m.start)
        mentions = self._acronyms(doc, mentions, table)
        doc._.dip_mentions = mentions
        doc._.dip_entities = table
        doc._.dip_home = home.key if home else None
        doc._.dip_dateline = dateline.key if dateline else None
        doc._.dip_token_mention = {i: m for m in mentions for i in range(m.start, m.end)}
        return doc

    @staticmethod
    def _acronyms(doc: Doc, mentions: list[Mention], table: EntityTable) -> list[Mention]:
        """"Montenegro Municipality Association (AKK)": an unknown acronym in brackets after an organisation's
        name is that organisation, here and wherever else the article uses it."""
        same: dict[str, str] = {}
        for prev, m in zip(mentions, mentions[1:]):
            if m.type == "Organization" and m.source == "ner" and prev.type in ORG_TYPES and m.end - m.start == 1 \
                    and prev.end == m.start - 1 and doc[prev.end].text == "(" and m.end < len(doc) \
                    and doc[m.end].text == ")" and doc[m.start].text.isupper() and prev.key != m.key:
                same[m.key] = prev.key
        for acronym, full in same.items():
            info = table.by_key.pop(acronym, None)
            if info is not None:
                table.add(full, table.by_key[full].type, table.by_key[full].label, info.label)
        return [Mention(m.start, m.end, same[m.key], table.by_key[same[m.key]].type, m.source, m.metonym)
                if m.key in same else m for m in mentions]

    def _person_keys(self, spans: list[Span], table: EntityTable) -> dict[tuple[int, int], str]:
        """Join the person mentions of the article into people, one key each."""
        names: dict[tuple[int, int], str] = {}
        for span in spans:
            if span.label_ in self.entries:
                names[(span.start, span.end)] = self.entries[span.label_].name
            else:
                names[(span.start, span.end)] = self._strip_person(span)
        people: list[tuple[str, GazetteerEntry | None]] = []  # canonical name, entry
        # longest names first so that surnames join a full name seen anywhere in the article
        modifiers = {names[(s.start, s.end)] for s in spans if len(s) == 1 and s.label_ == "PERSON"
                     and s[0].dep_ in ("compound", "amod") and s[0].head.pos_ == "NOUN"}
        for name in sorted(set(names.values()), key=lambda n: (-len(n.split()), n)):
            if not name:
                continue
            entry = next((e for e in self._find(name) if e.type == "Person"), None)
            if entry is None and len(name.split()) == 1 and not any(
                    _similar(name, canonical.split()[-1]) for canonical, _ in people):
                # a bare surname is the gazetteer's person only when no one of that name is in the article
                # ("Clinton" after "Hillary Clinton" is Hillary Clinton)
                candidates = self.surnames.get(normalize_name(name), [])
                entry = candidates[0] if len(candidates) == 1 else None
            if entry is not None and not any(e is entry for _, e in people):
                people.append((entry.name, entry))
                continue
            if entry is not None:
                continue
            parts = name.split()
            joined = False
            for canonical, _ in people:
                cparts = canonical.split()
                if _similar(parts[-1], cparts[-1]) and (len(parts) == 1 or _similar(parts[0], cparts[0])):
                    joined = True
                    break
            if not joined and len(parts) == 1:
                # a family name written first ("Ban" for "Ban Ki-moon", "Xi" for "Xi Jinping")
                firsts = [c for c, _ in people if len(c.split()) > 1 and _similar(parts[0], c.split()[0])]
                lasts = [c for c, _ in people if _similar(parts[0], c.split()[-1])]
                joined = len(firsts) == 1 and not lasts
            if not joined and name not in modifiers:
                people.append((name, None))  # "Tuareg herders", "a Hmong village": a modifier, not a person
        # a "name" with no letters or digits left after folding (emoji, symbols) names nobody
        people = [(canonical, entry) for canonical, entry in people if normalize_name(canonical)]
        keys: dict[tuple[int, int], str] = {}
        surnames = {canonical: normalize_name(canonical.split()[-1]) for canonical, _ in people}
        self._people = {}
        for canonical, entry in people:
            key = self._keys[id(entry)] if entry else entity_key("Person", canonical)
            parts = normalize_name(canonical).split()
            self._people.setdefault(" ".join(parts), key)
            self._people.setdefault(parts[-1], key)
        for canonical, entry in people:
            # surname-first names ("Xi Jinping" -> "Xi") when the first word names nobody else
            parts = normalize_name(canonical).split()
            if len(parts) > 1:
                self._people.setdefault(parts[0], self._keys[id(entry)] if entry else entity_key("Person", canonical))
        for rng, name in names.items():
            parts = name.split()
            if not parts:
                continue
            # an exact surname first ("Petrova" is not "Petrov" when both are named)
            last = normalize_name(parts[-1])
            ordered = sorted(people, key=lambda p: surnames[p[0]] != last)
            for canonical, entry in ordered:
                cparts = canonical.split()
                if normalize_name(name) == normalize_name(canonical) or (
                    _similar(parts[-1], cparts[-1]) and (len(parts) == 1 or _similar(parts[0], cparts[0]))
                ) or (entry is not None and any(e is entry for e in self.gazetteer.find(name))):
                    key = self._keys[id(entry)] if entry else entity_key("Person", canonical)
                    table.add(key, "Person", canonical, name, country=entry.country if entry else None,
                              qid=entry.qid if entry else None, gazetteer=entry is not None)
                    keys[rng] = key
                    break
            else:
                key = self._people.get(normalize_name(name))
                if key is not None and (info := table.get(key)) is not None:
                    table.add(key, "Person", info.label, name)
                    keys[rng] = key
        return keys

    def _surnames(self, doc: Doc, taken: set[int], table: EntityTable) -> list[Mention]:
        """Bare surnames of the article's people that spaCy did not tag ("President Okafor in Ghana")."""
        surfaces: dict[str, str] = {}
        for name, key in self._people.items():
            info = table.get(key)
            if info is None or " " in name or len(name) < 4:
                continue
            surface = next((w for w in info.label.split() if normalize_name(w) == name), None)
            if surface is not None:
                surfaces[surface] = key
        if not surfaces:
            return []
        found: list[Mention] = []
        text = doc.text  # Doc.text joins every token: read it once, search all names in one pass
        pattern = re.compile(r"\b(?:" + "|".join(re.escape(s) for s in sorted(surfaces, key=len, reverse=True)) + r")\b")
        for match in pattern.finditer(text):
            span = doc.char_span(match.start(), match.end())
            if span is not None and not any(i in taken for i in range(span.start, span.end)):
                found.append(Mention(span.start, span.end, surfaces[match.group(0)], "Person", "surname"))
                taken.update(range(span.start, span.end))
        return found

    def _known_person(self, text: str) -> str | None:
        """The key of a person already named in the article, for a bare surname."""
        name = normalize_name(text)
        return self._people.get(name) if name and name not in self._countries_norm else None

    def _resolve(self, span: Span, home: GazetteerEntry | None, table: EntityTable,
                 person_keys: dict[tuple[int, int], str]) -> Mention | None:
        label = span.label_
        rng = (span.start, span.end)
        if rng in person_keys:
            return Mention(span.start, span.end, person_keys[rng], "Person", "ner" if label == "PERSON" else "gazetteer")
        if label in ("ORG", "GPE", "NORP") and (key := self._known_person(span.text)):
            return Mention(span.start, span.end, key, "Person", "ner")  # "Okafor's decision" tagged ORG
        if label in self.entries:
            entry = self.entries[label]
            if label[0] == "C":
                city = entity_key("City", entry.capital or span.text)
                table.add(city, "City", entry.capital or span.text, span.text, country=entry.country)
                table.add(self._keys[id(entry)], "Country", entry.name, "", country=entry.country, qid=entry.qid, gazetteer=True)
                return Mention(span.start, span.end, city, "City", "capital", metonym=self._keys[id(entry)])
            table.add(self._keys[id(entry)], entry.type, entry.name, span.text, country=entry.country, qid=entry.qid, gazetteer=True)
            return Mention(span.start, span.end, self._keys[id(entry)], entry.type, "demonym" if label[0] == "D" else "gazetteer")
        text = span.text
        if label == "NORP":
            if span.start > 0 and span.doc[span.start - 1].lower_ == "ethnic":
                return None
            entry = self.gazetteer.country_of_demonym(text) or self.gazetteer.country_of_demonym(text.rstrip("s"))
            if entry is None:
                return None
            table.add(self._keys[id(entry)], "Country", entry.name, text, country=entry.country, qid=entry.qid, gazetteer=True)
            return Mention(span.start, span.end, self._keys[id(entry)], "Country", "demonym")
        root = span.root
        if label in ("ORG", "PERSON") and root.dep_ == "pobj" and root.head.lower_ == "of" \
                and root.head.head.lemma_ in _PLACE_NOUNS:
            # "the province of Idlib", "the city of Mosul": a place, whatever the tagger says
            key = entity_key("Place", text)
            table.add(key, "Place", text, text)
            return Mention(span.start, span.end, key, "Place", "ner")
        if label == "ORG":
            entry = self._qualified_org(text, home)
            if entry is None and " of " in text:
                tail = text.rsplit(" of ", 1)[1]
                entry = self._qualified_org(re.sub(r"^the ", "", tail), home)
            if entry is not None:
                table.add(self._keys[id(entry)], entry.type, entry.name, text, country=entry.country, qid=entry.qid, gazetteer=True)
                return Mention(span.start, span.end, self._keys[id(entry)], entry.type, "gazetteer")
            key = entity_key("Organization", text)
            table.add(key, "Organization", text, text, country=self._inner_country(span))
            return Mention(span.start, span.end, key, "Organization", "ner")
        if label in ("GPE", "LOC", "FAC"):
            hits = [e for e in self._find(text) if e.type != "Person"]
            if hits:
                entry = hits[0]
                table.add(self._keys[id(entry)], entry.type, entry.name, text, country=entry.country, qid=entry.qid, gazetteer=True)
                return Mention(span.start, span.end, self._keys[id(entry)], entry.type, "gazetteer")
            key = entity_key("Place", text)
            table.add(key, "Place", text, text)
            return Mention(span.start, span.end, key, "Place", "ner")
        return None
