"""``dip_coref``: pronouns and definite descriptions pointing back to actors already named.

"he" -> the last person named (subjects first); "it"/"its" -> the country or organisation
that is the subject of the clause around it ("Iraq said it would…"); "the president",
"the U.S. president" -> the person the article gave that title; "his Kenyan counterpart",
"the Kenyan official" with no such person -> the country, as event coders do.
"""

from __future__ import annotations

from spacy.language import Language
from spacy.matcher import PhraseMatcher
from spacy.tokens import Doc, Token

from diplokg.gazetteer import load_gazetteer

from .mentions import ACTOR_TYPES, EntityTable, Mention
from .positions import FoundPosition
from .vocab import load_lexicon

__all__ = ["CorefResolver"]

_PERSONAL = frozenset({"he", "him", "his", "she", "her", "hers", "himself", "herself"})
# "they"/"them" mostly point at people or groups, not at the country of the clause: left alone
_NEUTER = frozenset({"it", "its"})
_SUBJECTS = frozenset({"nsubj", "nsubjpass"})



def _non_person_actor(mention: Mention) -> str | None:
    """The actor a mention can stand for as "it"/"its": a non-person actor, or a capital's country."""
    if mention.type in ACTOR_TYPES and mention.type != "Person":
        return mention.key
    return mention.metonym or None

class CorefResolver:
    """The ``dip_coref`` component."""

    def __init__(self, nlp: Language, name: str = "dip_coref") -> None:
        self.name = name
        lex = load_lexicon()
        descriptions = lex.word_class("person_descriptions")
        self.heads = frozenset(d.split()[-1] for d in descriptions) | {"counterpart"}
        self.country_words = lex.word_class("country_descriptions")
        self.group_heads = lex.word_class("group_heads")
        self.country_stand_ins = frozenset({"counterpart", "official", "diplomat", "envoy", "delegation", "spokesman",
                                            "spokesperson"})
        self.org_words = lex.word_class("organization_descriptions")
        self.gazetteer = load_gazetteer()
        # hash lookups over the text, not a token-by-token pattern walk
        self.pronouns = PhraseMatcher(nlp.vocab, attr="LOWER")
        self.pronouns.add("PRONOUN", [nlp.make_doc(w) for w in sorted(_PERSONAL | _NEUTER)])
        self.plural_words = PhraseMatcher(nlp.vocab, attr="LOWER")
        self.plural_words.add("PLURAL", [nlp.make_doc(w) for w in ("two", "both", "they", "we")])
        self.matcher = PhraseMatcher(nlp.vocab, attr="LEMMA")
        self.matcher.add("DESCRIPTION", [Doc(nlp.vocab, words=[w], lemmas=[w])
                                         for w in sorted(self.heads | self.country_words | self.org_words)])

    def __call__(self, doc: Doc) -> Doc:
        mentions: list[Mention] = doc._.dip_mentions
        tokmap: dict[int, Mention] = doc._.dip_token_mention
        positions: list[FoundPosition] = doc._.dip_positions
        table: EntityTable = doc._.dip_entities
        titles: dict[str, list[tuple[str, str]]] = {}
        for pos in positions:
            if pos.current:
                titles.setdefault(pos.holder, []).append((pos.title.lower(), pos.of))
        added: list[Mention] = []
        found = sorted([*self.pronouns(doc), *((m, s, e) for m, s, e in self.matcher(doc) if doc[s].pos_ == "NOUN")],
                       key=lambda match: match[1])
        for match_id, start, _end in found:
            if start in tokmap:
                continue
            tok = doc[start]
            if doc.vocab.strings[match_id] == "PRONOUN":
                if tok.lower_ in _PERSONAL:
                    key = self._pronoun(tok, tokmap)
                elif tok.lower_ == "its":
                    key = self._nearest_actor(tok, tokmap)  # "drones to Russia for its war": Russia's war
                else:
                    key = self._neuter(tok, tokmap)
            else:
                key = self._description(tok, tokmap, titles, table, doc._.dip_home)
            if key is None:
                continue
            info = table.get(key)
            mention = Mention(start, start + 1, key, info.type if info else "Person", "coref")
            tokmap[start] = mention
            added.append(mention)
        mentions.extend(added)
        mentions.sort(key=lambda m: m.start)
        doc._.dip_groups = self._groups(doc, tokmap)
        return doc

    def _groups(self, doc: Doc, tokmap: dict[int, Mention]) -> dict[int, list[str]]:
        """Plural references to actors named before: "the two leaders", "both sides", "they" (subjects)."""
        # candidates only: coordinated mentions, and the words "two", "both", "they", "we"
        candidates = {doc[m.end - 1].i for m in tokmap.values() if doc[m.end - 1].conjuncts}
        for _match_id, start, _end in self.plural_words(doc):
            tok = doc[start]
            counts_head = tok.lower_ in ("two", "both") and tok.dep_ not in ("nsubj", "nsubjpass", "dobj", "pobj")
            candidates.add(tok.head.i if counts_head else tok.i)  # "the two sides" -> sides; "the two were" -> two
        groups: dict[int, list[str]] = {}
        last: list[str] = []
        last_sent = -1
        for i in sorted(candidates):
            tok = doc[i]
            if tok.dep_ not in ("nsubj", "nsubjpass", "pobj", "dobj"):
                continue
            members = [tokmap[t.i].key for t in (tok, *tok.conjuncts) if t.i in tokmap]
            if len(members) > 1 and tok.dep_ in ("nsubj", "nsubjpass"):
                last, last_sent = list(dict.fromkeys(members)), tok.sent.start
                continue
            if tok.i in tokmap:
                continue
            counted = any(c.lower_ in ("two", "both") for c in tok.children) or (
                tok.lower_ == "two" and any(c.lower_ == "the" for c in tok.children))
            if counted and (tok.lemma_ in self.group_heads or tok.lower_ == "two"):
                people = tok.lemma_ in ("leader", "man", "president", "minister", "two")
                # the sides are the two countries the article has been about so far
                found = self._last_two(doc, tok.i, tokmap, True) if people else self._main_two(
                    doc, tok.sent.start, tokmap, doc._.dip_entities)
                if found:
                    groups[tok.i] = found
                    if tok.dep_ == "nsubjpass":
                        # "The two were joined by a third minister": the group grows
                        for agent in (c for c in tok.head.children if c.dep_ == "agent"):
                            found += [tokmap[o.i].key for o in agent.children if o.i in tokmap and o.dep_ == "pobj"]
                    if tok.dep_ in ("nsubj", "nsubjpass"):
                        last, last_sent = found, tok.sent.start
            elif tok.lower_ in ("they", "we") and last and self._follows(doc, last_sent, tok.sent.start):
                groups[tok.i] = last
        return groups

    @staticmethod
    def _follows(doc: Doc, earlier: int, later: int) -> bool:
        """True if the sentence starting at ``later`` is the one starting at ``earlier`` or the next one."""
        if earlier < 0:
            return False
        if earlier == later:
            return True
        previous = later - 1
        while previous > earlier and doc[previous].is_space:
            previous -= 1
        return doc[previous].sent.start == earlier

    @staticmethod
    def _main_two(doc: Doc, before: int, tokmap: dict[int, Mention], table: EntityTable) -> list[str]:
        """The two countries named most often before a token, not counting venues ("talks in Oman")."""
        counts: dict[str, int] = {}
        for i in range(before):
            m = tokmap.get(i)
            if m is None or m.start != i:
                continue
            tok = doc[m.end - 1]
            if tok.dep_ == "pobj" and tok.head.lower_ in ("in", "at", "from", "to"):
                continue
            key = m.key if m.type == "Country" else m.metonym
            if m.type == "Person" and (info := table.get(m.key)) is not None and info.country:
                key = next((k for k, e in table.by_key.items() if e.type == "Country" and e.country == info.country), None)
            if key is not None:
                counts[key] = counts.get(key, 0) + 1
        ranked = sorted(counts, key=lambda k: -counts[k])
        return ranked[:2] if len(ranked) >= 2 else []

    @staticmethod
    def _last_two(doc: Doc, before: int, tokmap: dict[int, Mention], people: bool) -> list[str]:
        """The two actors named last before a token (people for "the two leaders")."""
        found: list[str] = []
        for i in range(before - 1, max(before - 250, -1), -1):
            m = tokmap.get(i)
            if m is None or m.source == "coref":
                continue
            if (m.type == "Person") != people or m.type in ("City", "Place", "GovernmentBody"):
                continue
            tok = doc[m.end - 1]
            if tok.dep_ == "pobj" and tok.head.lower_ in ("in", "at", "from"):
                continue  # a venue, not a party
            if m.key not in found:
                found.append(m.key)
            if len(found) == 2:
                return list(reversed(found))
        return []

    @staticmethod
    def _pronoun(tok: Token, tokmap: dict[int, Mention]) -> str | None:
        """The person a "he"/"his" refers to: the nearest subject person before it, else the nearest person."""
        sent_floor = tok.i - 400
        nearest: str | None = None
        excluded: set[str] = set()
        if tok.dep_ in ("dobj", "dative", "pobj") and tok.lower_ in ("him", "her"):
            # "Okafor warned him": an object pronoun is not the subject of its own verb
            verb = tok.head if tok.dep_ != "pobj" else tok.head.head
            while verb.dep_ == "xcomp" and not any(c.dep_ in _SUBJECTS for c in verb.children):
                verb = verb.head  # "X is expected to host him": X is the one hosting
            excluded = {tokmap[c.i].key for c in verb.children if c.dep_ in _SUBJECTS and c.i in tokmap}
        # the subject of a main clause in this sentence or the one before comes first
        # ("He cited the deal, which Okafor signed. He also warned…": he is not Okafor)
        previous = tok.sent.start - 1
        floor = tok.doc[previous].sent.start if previous >= 0 else 0
        for i in range(tok.i - 1, floor - 1, -1):
            m = tokmap.get(i)
            if m is None or m.type != "Person" or m.key in excluded or m.end - 1 != i:
                continue
            head = tok.doc[i]
            if head.dep_ in _SUBJECTS and head.head.dep_ in ("ROOT", "conj"):
                return m.key
        for i in range(tok.i - 1, max(sent_floor, -1), -1):
            m = tokmap.get(i)
            if m is None or m.type != "Person" or m.key in excluded:
                continue
            if nearest is None:
                nearest = m.key
            head = tok.doc[m.end - 1]
            if head.dep_ in _SUBJECTS or head.dep_ == "poss":
                return m.key
            if tok.i - i > 60:
                break
        return nearest

    @staticmethod
    def _nearest_actor(tok: Token, tokmap: dict[int, Mention]) -> str | None:
        """"its": the subject of its own clause ("Chad launched…, its first raid"), else the nearest actor."""
        node = tok
        while node.head.i != node.i and node.pos_ not in ("VERB", "AUX"):
            node = node.head
        if node.pos_ in ("VERB", "AUX"):
            for child in node.children:
                if child.dep_ in _SUBJECTS and child.i < tok.i and child.i in tokmap:
                    key = _non_person_actor(tokmap[child.i])
                    if key is not None:
                        return key
        for i in range(tok.i - 1, tok.sent.start - 1, -1):
            key = _non_person_actor(tokmap[i]) if i in tokmap else None
            if key is not None:
                return key
        return None

    @staticmethod
    def _neuter(tok: Token, tokmap: dict[int, Mention]) -> str | None:
        """"it"/"its"/"they" -> the actor subject of an enclosing clause in the same sentence."""
        for anc in tok.ancestors:
            for child in anc.children:
                if child.dep_ in _SUBJECTS and child.i < tok.i and child.i not in tokmap:
                    owner = next((c for c in child.children if c.dep_ == "poss" and c.i in tokmap), None)
                    if owner is not None and tokmap[owner.i].type in ACTOR_TYPES:
                        return tokmap[owner.i].key  # "Chad's mission to the UN said … it warned"
                if child.dep_ in _SUBJECTS and child.i < tok.i and child.i in tokmap:
                    key = _non_person_actor(tokmap[child.i])
                    if key is not None:
                        return key
        return None

    def _description(self, tok: Token, tokmap: dict[int, Mention], titles: dict[str, list[tuple[str, str]]],
                     table: EntityTable, home: str | None) -> str | None:
        """"the president", "the U.S. president", "his Kenyan counterpart", "the country"."""
        if tok.dep_ in ("compound", "appos") or any(c.dep_ == "prep" and c.lower_ == "of" for c in tok.children):
            return None
        if tok.head.i in tokmap and tok.head.i > tok.i:
            return None  # a title in front of a name, handled as a position
        dets = [c for c in tok.children if c.dep_ in ("det", "poss")]
        if not dets or (dets[0].dep_ == "det" and dets[0].lower_ not in ("the", "this", "that")):
            return None
        mods = [tokmap[c.i] for c in tok.children if c.dep_ in ("amod", "compound", "nmod", "poss") and c.i in tokmap]
        country = next((m.metonym or m.key for m in mods if m.type == "Country" or m.metonym), None)
        if tok.lemma_ in self.country_words:
            owner = next((c for c in tok.children if c.dep_ == "poss"), None)
            if owner is not None and owner.i in tokmap:
                # "his country": the country of the person named
                info = table.get(tokmap[owner.i].key)
                country = self.gazetteer.country(info.country) if info and info.country and info.type == "Person" else None
                if country is None:
                    return None
                table.add(country.key, "Country", country.name, "", country=country.country, qid=country.qid, gazetteer=True)
                return country.key
            bare = not any(c.dep_ in ("amod", "compound", "nmod") for c in tok.children)
            if bare and tok.lemma_ in ("kingdom", "republic") and dets[0].lower_ == "the":
                for i in range(tok.i - 1, max(tok.i - 400, -1), -1):
                    m = tokmap.get(i)
                    entry = self.gazetteer.find(table.get(m.key).label)[0] if m and m.type == "Country" and table.get(m.key) else None
                    if entry is not None and any(tok.lemma_ in a.lower() for a in entry.aliases):
                        return m.key  # "the kingdom" -> Saudi Arabia ("Kingdom of Saudi Arabia")
                return None
            return home if bare and tok.lemma_ == "country" and dets[0].lower_ == "the" else None
        if tok.lemma_ in self.org_words:
            # "the bloc", "the alliance": the organisation named last
            for i in range(tok.i - 1, max(tok.i - 300, -1), -1):
                m = tokmap.get(i)
                if m is not None and m.type in ("InternationalOrganization", "Organization") and m.source != "coref":
                    return m.key
            return None
        if tok.lemma_ != "counterpart":
            word = tok.lemma_
            best: str | None = None
            for holder, held in titles.items():
                if any(word in title.split() and (country is None or of == country) for title, of in held):
                    best = holder  # later positions overwrite: the most recent holder wins
            if best is not None:
                return best
            if tok.lemma_ == "official" and country is None:
                return None
        if country is not None and table.get(country) is not None and tok.lemma_ in self.country_stand_ins:
            return country  # "his Kenyan counterpart", "the Kenyan official": an unnamed actor of that country
        return None
