"""``dip_positions``: titles before a name and appositions after it become positions (``dip:Position``).

"U.S. President Joe Biden", "Foreign Ministry spokesperson Amal Haddad",
"Chidi Okafor, secretary of the National Security Council",
"Mohsen Rezaei, former commander of the …" (current = False). The title's organisation or
country is the actor named with it; a bare title ("President Okafor") takes the
gazetteer's record of the person, else the article's home country.
"""

from __future__ import annotations

from dataclasses import dataclass

from spacy.language import Language
from spacy.tokens import Doc, Token

from diplokg.gazetteer import load_gazetteer

from .mentions import ORG_TYPES, EntityTable, Mention
from .vocab import load_lexicon

__all__ = ["PositionFinder", "FoundPosition"]

_OF_TYPES = ORG_TYPES | {"Country"}
_SCAN_EXTRA = frozenset({"of", "the", "'s", "’s", "-", "new", "acting", "interim", "incoming", "current", "senior", "top", "chief", "deputy", "foreign", "state"})


@dataclass(frozen=True)
class FoundPosition:
    """A position read from the text, before it becomes a ``diplokg.records.Position``."""

    holder: str
    title: str
    of: str
    relation: str
    current: bool
    token: int  # a token of the title, for the sentence offsets
    confidence: float


class PositionFinder:
    """The ``dip_positions`` component."""

    def __init__(self, nlp: Language, name: str = "dip_positions") -> None:
        self.name = name
        lex = load_lexicon()
        self.titles = lex.titles
        self.max_title = max(len(t) for t in self.titles)
        self.title_words = frozenset(w for t in self.titles for w in t)
        self.former = lex.word_class("former_markers")
        self.scan_words = self.title_words | self.former | _SCAN_EXTRA | lex.word_class("honorifics")
        self.gazetteer = load_gazetteer()
        self.country_titles = lex.word_class("country_titles")
        self.portfolios = lex.word_class("portfolio_words")

    def _match_title(self, words: list[str]) -> tuple[int, int] | None:
        """The longest title in ``words`` that ends closest to the name: (start, end) word indexes."""
        best: tuple[int, int] | None = None
        for end in range(len(words), 0, -1):
            for size in range(min(self.max_title, end), 0, -1):
                if tuple(words[end - size:end]) in self.titles:
                    best = (end - size, end)
                    break
            if best:
                return best
        return None

    def _coordinated(self, doc: Doc, found: list[FoundPosition]) -> list[FoundPosition]:
        """Officials listed together serve the same state: "Secretary of State X, … and special envoy Y"."""
        placed = {p.holder: p.of for p in found}
        out: list[FoundPosition] = []
        for mention, title, words, token, current in self.pending:
            head = doc[mention.end - 1]
            siblings = [*head.conjuncts, *(c for a in head.children if a.dep_ == "appos" for c in a.conjuncts)]
            if head.dep_ == "appos":
                siblings.append(head.head)
            for sibling in siblings:
                other = doc._.dip_token_mention.get(sibling.i)
                if other is not None and other.key in placed and doc._.dip_entities.get(placed[other.key]) is not None \
                        and doc._.dip_entities.get(placed[other.key]).type == "Country":
                    out.append(FoundPosition(mention.key, title, placed[other.key], self._relation(words, []), current, token, 0.6))
                    break
        return out

    def _only_country(self, doc: Doc, found: list[FoundPosition]) -> list[FoundPosition]:
        """A head of state with no country named, in a text that names a single country, leads that country."""
        mentions = [m for m in doc._.dip_mentions if (m.type == "Country" or m.metonym) and m.source != "coref"]
        countries = {m.metonym or m.key for m in mentions}
        if len(countries) != 1:
            return []
        # the country must be the setting ("in Zimbabwe", "Rwandan rebels"), not the other side ("against Russia")
        if any(doc[m.end - 1].dep_ in ("pobj", "dobj") and doc[m.end - 1].head.lower_ not in ("in", "of") for m in mentions):
            return []
        country = next(iter(countries))
        placed = {p.holder for p in found}
        out: list[FoundPosition] = []
        for mention, title, words, token, current in self.pending:
            relation = self._relation(words, [])
            if mention.key not in placed and relation == "leaderOf" and " ".join(words) in self.country_titles:
                out.append(FoundPosition(mention.key, title, country, relation, current, token, 0.5))
        return out

    def _relation(self, title: tuple[str, ...], modifiers: list[str]) -> str:
        """The title's relation; a head of one portfolio ("foreign policy chief") is an official, not the leader."""
        relation = self.titles[title].relation
        if relation == "leaderOf" and title[-1] in ("chief", "head", "director") and self.portfolios & set(modifiers):
            return "officialOf"
        return relation

    def _fallback_of(self, holder: str, title: str, table: EntityTable, home: str | None) -> str | None:
        info = table.get(holder)
        entry = None
        if info is not None and info.gazetteer:
            head = title.lower().split()[-1]
            for held in self.gazetteer.positions_of(info.qid or info.key):
                if head in held.position.lower() and held.end is None and (found := self.gazetteer.by_qid(held.of_qid)):
                    entry = found
                    break
        if entry is None and info is not None and info.country:
            entry = self.gazetteer.country(info.country)
        if entry is None:
            return home
        # the article may never name the country itself ("President Joe Biden" in a story set abroad)
        table.add(entry.key, entry.type, entry.name, "", country=entry.country, qid=entry.qid, gazetteer=True)
        return entry.key

    def __call__(self, doc: Doc) -> Doc:
        mentions: list[Mention] = doc._.dip_mentions
        tokmap: dict[int, Mention] = doc._.dip_token_mention
        table: EntityTable = doc._.dip_entities
        found: list[FoundPosition] = []
        self.pending: list[tuple[Mention, str, tuple[str, ...], int, bool]] = []
        for mention in mentions:
            if mention.type != "Person":
                continue
            found.extend(self._before(doc, mention, tokmap, table))
            found.extend(self._apposition(doc, mention, tokmap))
        found += self._coordinated(doc, found)
        found += self._only_country(doc, found)
        for pos in found:
            holder, of = table.get(pos.holder), table.get(pos.of)
            if holder is not None and of is not None and not holder.country:
                holder.country = of.country
        for mention in mentions:
            info = table.get(mention.key)
            if mention.type == "Person" and info is not None and not info.country:
                info.country = self._nationality(doc, mention, tokmap, table)
        doc._.dip_positions = found
        return doc

    @staticmethod
    def _nationality(doc: Doc, mention: Mention, tokmap: dict[int, Mention], table: EntityTable) -> str | None:
        """The country of a demonym before a descriptive noun and a name ("Saudi businessman X")."""
        i = mention.start - 1
        described = False
        while i >= 0 and mention.start - i <= 4 and i not in tokmap and (
                doc[i].text == "-" or (doc[i].is_lower and doc[i].pos_ in ("NOUN", "ADJ"))):
            if doc[i].lower_ in ("born", "based", "backed", "led", "anti", "pro", "former", "ex"):
                return None  # "Iranian-born", "Saudi-backed": a tie to the country, not a nationality
            described = described or doc[i].pos_ == "NOUN"
            i -= 1
        demonym = tokmap.get(i)
        if not described or demonym is None or demonym.source != "demonym" or demonym.type != "Country":
            return None
        if (i >= 1 and doc[i - 1].text == "-") or doc[i].lower_.startswith(("anti-", "pro-")):
            return None
        info = table.get(demonym.key)
        return info.country if info is not None else None

    def _before(self, doc: Doc, mention: Mention, tokmap: dict[int, Mention], table: EntityTable) -> list[FoundPosition]:
        """Titles written before the name ("U.S. President Joe Biden")."""
        i = mention.start - 1
        while i >= 0:
            tok = doc[i]
            other = tokmap.get(i)
            if other is not None and other.type == "Person":
                break
            if other is None and tok.lower_.rstrip(".") not in self.scan_words and not (tok.tag_ == "JJ" and tok.is_lower):
                break
            i -= 1
        region = list(range(i + 1, mention.start))
        while region and doc[region[0]].lower_ in ("of", "the", "'s", "’s", "-"):
            region.pop(0)
        if not region:
            return []
        words: list[str] = []
        index: list[int] = []
        ends: list[int] = []
        for j in region:
            tok = doc[j]
            if (tok.text == "-" and words and not doc[j - 1].whitespace_) or (words and words[-1].endswith("-")):
                words[-1] += tok.lower_
                ends[-1] = j
                continue
            words.append(tok.lower_.rstrip("."))
            index.append(j)
            ends.append(j)
        span = self._match_title(words)
        if span is None:
            return []
        t_start, t_end = index[span[0]], ends[span[1] - 1]
        title_tokens = set(range(t_start, t_end + 1))
        of_key: str | None = None
        for j in reversed(region):
            m = tokmap.get(j)
            if m is not None and j not in title_tokens and m.type in _OF_TYPES and j < t_start:
                of_key = m.key
                break
        for j in region:
            m = tokmap.get(j)
            if m is not None and j > t_end and m.type in _OF_TYPES and doc[t_end + 1].lower_ == "of":
                of_key = m.key  # "Secretary of State", "Leader of X"
        # the title proper starts at its organisation or first title word: not "belligerent U.S." in
        # "a belligerent U.S. President"
        first = next((j for j in region if j >= t_start or (j in tokmap and tokmap[j].type != "Country")
                      or (j not in tokmap and doc[j].lower_ in self.title_words)), t_start)
        title = doc[first:t_end + 1].text
        relation_words = tuple(words[span[0]:span[1]])
        if of_key is None and " ".join(relation_words) in self.country_titles:
            of_key = self._fallback_of(mention.key, title, table, doc._.dip_dateline)
        if of_key is None:
            self.pending.append((mention, title, relation_words, t_start, not any(doc[j].lower_ in self.former for j in region)))
            return []
        current = not any(doc[j].lower_ in self.former for j in region)
        relation = self._relation(relation_words, [doc[j].lower_ for j in region if j < t_start and j not in tokmap])
        return [FoundPosition(mention.key, title, of_key, relation, current, t_start, 0.9)]

    def _apposition(self, doc: Doc, mention: Mention, tokmap: dict[int, Mention]) -> list[FoundPosition]:
        """Titles in apposition ("Chidi Okafor, secretary of the National Security Council")."""
        head = doc[mention.end - 1]
        appositions = [c for c in head.children if c.dep_ == "appos"]
        if head.dep_ in ("nsubj", "dobj", "nsubjpass"):
            # "approved Haddad as foreign minister", "she took office as the EU's trade chief"
            appositions += [o for p in head.head.children if p.dep_ == "prep" and p.lower_ == "as"
                            for o in p.children if o.dep_ == "pobj" and o.lower_ in self.title_words]
        appositions += [conj for a in appositions for conj in a.conjuncts]
        if head.dep_ == "appos" and head.head.i not in tokmap and (
            head.head.pos_ == "NOUN" or head.head.lower_ in self.title_words
        ):
            appositions.append(head.head)  # "Spain's ambassador to Peru, Ana Ruiz"
        found: list[FoundPosition] = []
        for noun in appositions:
            if noun.i in tokmap:
                continue
            mods = [t for t in noun.lefts if t.dep_ in ("amod", "compound", "nmod", "poss")]
            words = [t.lower_ for t in mods if t.i not in tokmap] + [noun.lower_]
            # "chief of staff", "secretary of state": titles that run on after the head noun
            after = [t.lower_ for t in doc[noun.i + 1:min(noun.i + 4, len(doc))]]
            span = None
            for extra in range(len(after), -1, -1):
                candidate = self._match_title(words + after[:extra])
                if candidate is not None and candidate[1] == len(words) + extra and candidate[0] < len(words):
                    span, words = candidate, words + after[:extra]
                    break
            if span is None:
                continue
            # the country or body named with the title: "the Palestinian envoy to the UN" serves Palestine
            of_key = next((tokmap[t.i].metonym or tokmap[t.i].key for t in mods
                           if t.i in tokmap and (tokmap[t.i].type in _OF_TYPES or tokmap[t.i].metonym)), None)
            if of_key is None:
                of_key = self._of_phrase(noun, tokmap)
            if of_key is None and any(t.lower_ == "country" and t.dep_ == "poss" for t in mods):
                of_key = doc._.dip_home  # "as the country's new foreign minister"
            if of_key is None:
                continue
            current = not any(t.lower_ in self.former for t in noun.lefts)
            relation = self._relation(tuple(words[span[0]:span[1]]), words[:span[0]])
            title = " ".join(words[span[0]:])
            found.append(FoundPosition(mention.key, title, of_key, relation, current, noun.i, 0.8))
        return found

    def _of_phrase(self, noun: Token, tokmap: dict[int, Mention]) -> str | None:
        """The organisation or country in "… of X": the outermost body named in the phrase."""
        for prep in noun.children:
            if prep.dep_ != "prep" or prep.lower_ != "of":
                continue
            for obj in prep.children:
                if obj.dep_ != "pobj":
                    continue
                if obj.i in tokmap:
                    m = tokmap[obj.i]
                    if m.type not in _OF_TYPES:
                        return None
                    # "member of the Parliament's committee": the seat is in the parent body
                    for child in obj.children:
                        parent = tokmap.get(child.i)
                        if child.dep_ == "poss" and parent is not None and parent.type in ORG_TYPES:
                            return parent.key
                    for inner in obj.children:
                        if inner.dep_ == "prep" and inner.lower_ == "of":
                            for o in inner.children:
                                parent = tokmap.get(o.i)
                                if o.dep_ == "pobj" and parent is not None and parent.type in ORG_TYPES:
                                    return parent.key
                    return m.key
                # "the Social Committee of the Parliament": the parliament holds the seat
                candidates = [tokmap[t.i] for t in obj.subtree if t.i in tokmap and tokmap[t.i].type in _OF_TYPES]
                if candidates:
                    return candidates[-1].key
        return None
