"""``dip_events``: event relations (DESIGN.md §3) read off the dependency parse.

A lexicon trigger (verb, noun or adjective) gives the relation and CAMEO code; the parse
gives the agent (subject, passive "by", possessor, or the subject of the verb a nominal
event hangs from) and the target (object, passive subject, or the prepositions the lexicon
names). Triggers that take an embedded event ("agreed to meet", "rules out negotiations
with") win over it. Conjoined actors give one event per pair.
"""

from __future__ import annotations

from dataclasses import dataclass

from spacy.language import Language
from spacy.matcher import Matcher
from spacy.tokens import Doc, Token

from diplokg.gazetteer import load_gazetteer

from .mentions import ACTOR_TYPES, Mention
from .modality import Modality
from .vocab import SYMMETRIC, Trigger, load_lexicon

__all__ = ["EventFinder", "FoundEvent"]

_SUBJ = ("nsubj", "csubj")
_MODS = frozenset({"poss", "compound", "amod", "nmod"})
_RELATIVES = frozenset({"who", "which", "that", "whom"})
#: Relations whose conjoined agents with no target act on each other ("X and Y agreed", "X and Y clashed").
_RECIPROCAL = SYMMETRIC | {"agreedWith", "attacked", "supported", "severedRelationsWith"}
#: Families where an actor acts on its own country's people (CAMEO codes domestic repression and protest).
_DOMESTIC = frozenset({"requested", "accused", "rejected", "protestedAgainst", "coerced", "attacked", "madeConcessionTo"})
#: An intent to do one of these is a threat (CAMEO 13x), not an intent to cooperate.
_FORCE = frozenset({"attacked", "coerced", "sanctioned", "expelled", "severedRelationsWith", "threatened"})
_REVERSIBLE_OBJECTS = frozenset({"tie", "relation", "link", "contact", "flight", "aid", "assistance", "cooperation",
                                 "export", "import", "trade", "purchase", "sale", "shipment", "delivery", "visa"})
_NEGOTIATION = frozenset({"negotiate", "negotiation", "talk", "dialogue"})
_HOSTILE = _FORCE | {"protestedAgainst", "accused", "rejected"}
_TOPIC_PREPS = frozenset({"on", "about", "over", "regarding", "concerning"})
#: Relations whose target is a party met, not a thing owned ("hosts an American air base" hosts no one).
_PARTY_RELATIONS = frozenset({"visited", "hosted", "metWith", "spokeWith", "negotiatedWith", "consultedWith"})


@dataclass(frozen=True)
class FoundEvent:
    """An event read from the text, before it becomes a ``diplokg.records.Event``."""

    relation: str
    agent: str
    target: str
    token: int
    trigger: str
    cameo: str
    polarity: str
    modality: str
    confidence: float
    location: str | None = None


class EventFinder:
    """The ``dip_events`` component."""

    def __init__(self, nlp: Language, name: str = "dip_events") -> None:
        self.name = name
        self.lex = load_lexicon()
        self.light = self.lex.word_class("light_verbs")
        self.agent_nouns = self.lex.word_class("agent_nouns")
        self.list_heads = self.lex.word_class("list_heads")
        self.relatives = self.lex.word_class("relative_nouns")
        self.reciprocal = self.lex.word_class("reciprocal_triggers")
        self.list_markers = self.lex.word_class("list_markers")
        self.evaluations = self.lex.word_class("rejecting_evaluations")
        self.positive = self.lex.word_class("positive_evaluations")
        self.modality = Modality(self.lex)
        self.gazetteer = load_gazetteer()
        by_pos: dict[str, set[str]] = {"VERB": set(), "NOUN": set(), "ADJ": set()}
        for lemma, pos in self.lex.triggers:
            by_pos[pos].add(lemma)
        self.matcher = Matcher(nlp.vocab)
        self.matcher.add("VERB", [[{"LEMMA": {"IN": sorted(by_pos["VERB"])}, "POS": {"IN": ["VERB", "AUX"]}}]])
        self.matcher.add("NOUN", [[{"LEMMA": {"IN": sorted(by_pos["NOUN"])}, "POS": {"IN": ["NOUN", "PROPN"]}}]])
        self.matcher.add("ADJ", [[{"LEMMA": {"IN": sorted(by_pos["ADJ"])}, "POS": {"IN": ["ADJ", "VERB"]}}],
                                [{"LOWER": {"IN": sorted(by_pos["ADJ"])}}]])
        self.matcher.add("EVAL", [[{"LEMMA": {"IN": sorted(self.evaluations)}, "POS": "ADJ"}],
                                 [{"LEMMA": {"IN": sorted(self.lex.word_class("futile_verbs"))}, "POS": "VERB"}]])
        self.event_heads = self.lex.word_class("event_heads")
        self.be_matcher = Matcher(nlp.vocab)
        self.be_matcher.add("BE", [[{"LEMMA": "be", "POS": {"IN": ["AUX", "VERB"]}}, {"LOWER": "in"}]])
        self.speech_matcher = Matcher(nlp.vocab)
        self.speech_matcher.add("SPEECH", [[{"LEMMA": {"IN": sorted(self.lex.word_class("speech_verbs"))}, "POS": "VERB"}]])

    # -- actors ------------------------------------------------------------------------

    def _np(self, tok: Token, role: str, depth: int = 0) -> list[str]:
        """The actors a noun phrase headed by ``tok`` stands for (several for lists)."""
        m: Mention | None = self.tokmap.get(tok.i)
        if m is not None:
            if m.metonym:
                return [m.metonym]
            if m.source == "demonym" and tok.pos_ in ("NOUN", "PROPN"):
                # "Bosnian Serbs", "the Albanians of southern Serbia": the group belongs where it lives
                for child in tok.children:
                    cm = self.tokmap.get(child.i)
                    if child.dep_ in ("amod", "compound") and cm is not None and cm.source == "demonym":
                        return [cm.key]
                for obj in (*self._preps(tok, "of"), *self._preps(tok, "in")):
                    om = self.tokmap.get(obj.i)
                    if om is not None and om.type == "Country":
                        return [om.key]
            return [m.key] if m.type in ACTOR_TYPES else []
        for child in tok.children:
            # "the Emir of Qatar, Sheikh Tamim", "Navalny's widow, Yulia Navalnaya": the named person
            if child.dep_ == "appos" and child.i in self.tokmap and self.tokmap[child.i].type == "Person":
                return [self.tokmap[child.i].key]
        if depth > 2 or (tok.pos_ not in ("NOUN", "PROPN", "PRON", "ADJ") and not (role == "target" and tok.dep_ == "dobj")):
            return []
        for holder in (tok, *(o for p in tok.children if p.dep_ == "prep" and p.lower_ == "of" for o in p.children)):
            for prep in holder.children:
                if prep.dep_ == "prep" and prep.lower_ == "including":
                    items = [o for o in prep.children if o.dep_ == "pobj"]
                    if items and (found := self._actors(items[0], role, depth + 1)):
                        return found  # "a group of ministers, including Saudi Foreign Minister X"
        if tok.lemma_ in self.list_heads:
            for prep in tok.children:
                if prep.dep_ == "prep" and (prep.lower_ in ("as", "like", "including")):
                    items = [o for o in prep.children if o.dep_ == "pobj"]
                    if items:
                        return self._actors(items[0], role, depth + 1)
        if role in ("agent", "party") and tok.lemma_ not in self.agent_nouns:
            return []
        if tok.lemma_ in self.relatives:
            return []  # "Navalny's widow" is not Navalny
        # owner of the head: "Iranian officials", "Haiti's efforts", "U.S. border patrol agents";
        # coordinated owners each own it ("Hungarian and Romanian officials")
        for child in reversed(list(tok.lefts)):
            if child.dep_ in _MODS:
                for sub in reversed(list(child.subtree)):
                    sm = self.tokmap.get(sub.i)
                    if sm is not None and role in ("target", "party") and sub.pos_ == "PRON":
                        continue  # "urged its citizens": the agent's own people, not a counterpart
                    if sm is not None and (sm.type in ACTOR_TYPES or sm.metonym):
                        owners = [sm.metonym or sm.key]
                        for conj in sub.conjuncts:
                            cm = self.tokmap.get(conj.i)
                            if cm is not None and (cm.type in ACTOR_TYPES or cm.metonym):
                                owners.append(cm.metonym or cm.key)
                        return list(dict.fromkeys(owners))
        if role == "target":
            # "an admission by Moscow", "a camp for Congolese refugees": whom the object belongs to
            for word in ("by", "for", "of", "in", "from", "to"):
                for obj in self._preps(tok, word):
                    found = self._np(obj, "agent" if word == "by" else "target", depth + 1)
                    if found:
                        return found
        if tok.lemma_ in self.agent_nouns:
            for prep in tok.children:
                if prep.dep_ == "prep" and prep.lower_ in ("of", "in", "from"):
                    for obj in prep.children:
                        if obj.dep_ == "pobj":
                            found = self._np(obj, "target", depth + 1)
                            if found:
                                return found[:1]
        return []

    def _actors(self, tok: Token, role: str, depth: int = 0) -> list[str]:
        if tok.i in self.groups:
            return list(self.groups[tok.i])  # "the two leaders", "both sides", "they"
        keys: list[str] = []
        items = [tok, *tok.conjuncts]
        m = self.tokmap.get(tok.i)
        if m is not None and m.type == "Country":
            # "El Salvador, Costa Rica, Guatemala and …": the parser may read the second item as an apposition
            for child in tok.children:
                cm = self.tokmap.get(child.i)
                if child.dep_ == "appos" and cm is not None and cm.type == "Country":
                    items += [child, *child.conjuncts]
        if m is not None and m.type == "Person":
            # "X, the secretary of A, and Y, the adviser of B": the parser hangs Y on X's apposition
            items += [c for a in tok.children if a.dep_ == "appos" for c in a.conjuncts if c.i in self.tokmap]
        for t in items:
            for key in self._np(t, role, depth):
                if key not in keys:
                    keys.append(key)
        return keys

    def _subject(self, verb: Token, climbs: int = 0) -> list[str]:
        """The agent of a verb: its subject, the passive "by", or the subject it shares."""
        for child in verb.children:
            if child.dep_ in _SUBJ:
                if child.lower_ in _RELATIVES and verb.dep_ == "relcl":
                    return self._actors(verb.head, "agent")
                return self._actors(child, "agent")
            if child.dep_ == "agent":
                objs = [o for o in child.children if o.dep_ == "pobj"]
                if objs:
                    return self._actors(objs[0], "agent")
        if any(c.dep_ in ("nsubjpass", "auxpass") for c in verb.children):
            if climbs > 0:
                # "X is expected to host": the subject of a raising passive controls the infinitive
                return [k for c in verb.children if c.dep_ == "nsubjpass" for k in self._actors(c, "agent")]
            return []  # a passive without "by" names no agent
        if verb.dep_ == "pcomp" and verb.head.lower_ in ("of", "for") and climbs < 4:
            objects = [c for c in verb.head.head.children if c.dep_ == "dobj"]
            if objects:
                return self._actors(objects[0], "agent")  # "accuse Tehran of supplying drones": Tehran supplies
        if climbs < 4 and verb.dep_ == "acl" and verb.head.dep_ == "attr":
            return self._subject(verb.head.head, climbs + 1)  # "Colombia is the second country to cut ties"
        if climbs < 4 and verb.dep_ == "acl" and verb.head.i not in self.tokmap:
            if verb.tag_ == "VBG":
                return self._actors(verb.head, "agent")  # "refugees fleeing the war": the refugees flee
            if verb.head.dep_ == "dobj" or (verb.head.dep_ == "pobj" and verb.head.head.lower_ == "with"):
                return self._governor_subject(verb.head)  # "responded with missiles fired at X"
            return []  # "Americans detained in China": the detainer is not named
        if climbs < 4 and verb.dep_ in ("xcomp", "conj", "advcl", "pcomp", "acomp") and verb.head.i != verb.i:
            head = verb.head
            if head.dep_ == "prep" and verb.dep_ == "pcomp":
                head = head.head
            return self._subject(head, climbs + 1)
        return []

    def _governor_subject(self, noun: Token) -> list[str]:
        """The agent of a nominal event with no possessor: the subject of the verb it hangs from."""
        tok = noun
        for _ in range(8):
            head = tok.head
            if head.i == tok.i:
                return []
            if tok.dep_ in ("nsubj", "nsubjpass", "csubj"):
                return []  # the event noun is itself the subject
            if tok.lower_ in _TOPIC_PREPS and tok.dep_ in ("prep", "acl", "advcl", "pcomp"):
                return []  # "talks on the war in Gaza": a topic, not something the speakers did
            if head.pos_ in ("VERB", "AUX") and head.dep_ in ("acl", "relcl"):
                return self._subject(head)  # "refugees fleeing the war": the clause has its own subject
            if head.pos_ in ("VERB", "AUX"):
                if head.i in self.triggers and self.triggers[head.i].kind == "event" and head.lemma_ not in self.light \
                        and head.lemma_ not in self.modality.speech and tok.dep_ in ("dobj", "nsubjpass", "attr"):
                    return []  # "criticised the visit": the critic did not visit
                subject = self._subject(head)
                if subject or any(c.dep_ in (*_SUBJ, "nsubjpass") for c in head.children):
                    return subject
            elif head.i != noun.i and head.pos_ in ("NOUN", "PROPN"):
                owners = [c for c in head.children if c.dep_ == "poss"]
                if owners and (found := self._actors(owners[0], "agent")):
                    return found  # "his policy of maximum pressure on Iran"
            tok = head
        return []

    def _noun_agent(self, noun: Token) -> list[str]:
        """The agent of a nominal event: possessor, "by" phrase, source of a speech act, modifier, or governor."""
        for child in noun.children:
            if child.dep_ == "poss" and (found := self._actors(child, "agent")):
                return found
        for obj in self._preps(noun, "by"):
            if found := self._actors(obj, "agent"):
                return found
        entry = self.triggers.get(noun.i)
        if (entry is not None and entry.kind == "control") or noun.lemma_ in ("threat", "ultimatum", "appeal", "proposal"):
            for obj in self._preps(noun, "from"):
                if found := self._actors(obj, "agent"):
                    return found  # "demands from UNITA", "an offer from Kabul"
        for child in noun.lefts:
            if child.dep_ in ("compound", "amod", "nmod") and child.i in self.tokmap:
                m = self.tokmap[child.i]
                if m.type in ACTOR_TYPES or m.metonym:
                    return [m.metonym or m.key]
        if not (noun.dep_ == "dobj" and noun.head.lemma_ in self.light):
            self.borrowed = True  # "recalled envoys for consultations": the recallers did not consult each other
        return self._governor_subject(noun)

    def _agents(self, tok: Token, entry: Trigger) -> list[str]:
        agents = self._main_agents(tok, entry)
        if agents and tok.pos_ in ("VERB", "AUX"):
            # "travelled to Kyiv together with X", "along with its allies": X acts too
            for prep in tok.children:
                if prep.dep_ == "prep" and prep.lower_ == "with" and any(
                    c.lower_ in ("together", "along", "jointly") for c in prep.children
                ) or (prep.dep_ == "advmod" and prep.lower_ in ("together", "along")):
                    for obj in (o for p in (prep, *prep.children) for o in p.children if o.dep_ == "pobj"):
                        agents += [k for k in self._actors(obj, "party") if k not in agents]
        return agents

    def _main_agents(self, tok: Token, entry: Trigger) -> list[str]:
        if tok.pos_ in ("NOUN", "PROPN"):
            return self._noun_agent(tok)
        if entry.pos == "ADJ" and tok.pos_ in ("VERB", "AUX"):
            # "Israel is opposed to…": an adjectival passive, its subject is the agent
            subjects = [c for c in tok.children if c.dep_ in ("nsubj", "nsubjpass")]
            return self._actors(subjects[0], "agent") if subjects else []
        if tok.pos_ == "ADJ" or (tok.dep_ == "acomp"):
            return self._subject(tok.head) if tok.dep_ in ("acomp", "amod", "conj") else self._subject(tok)
        return self._subject(tok)

    # -- targets -----------------------------------------------------------------------

    def _preps(self, tok: Token, word: str) -> list[Token]:
        return [o for p in tok.children if p.dep_ in ("prep", "agent", "prt") and p.lower_ == word
                for o in p.children if o.dep_ == "pobj"]

    def _targets(self, tok: Token, entry: Trigger) -> tuple[list[str], list[tuple[str, str]]]:
        """Targets of a trigger, and pairs of parties for "between X and Y"."""
        targets: list[str] = []
        pairs: list[tuple[str, str]] = []
        passive = any(c.dep_ in ("nsubjpass", "auxpass") for c in tok.children)
        hosts = [tok]
        if tok.pos_ in ("NOUN", "PROPN") and tok.dep_ == "dobj":
            hosts.append(tok.head)  # "imposed sanctions on X": the preposition hangs from the verb
        role = "party" if entry.relation in _PARTY_RELATIONS else "target"
        for slot in entry.targets:
            found: list[str] = []
            if slot == "dobj" and tok.pos_ in ("VERB", "AUX", "ADJ"):
                deps = ("nsubjpass",) if passive else ("dobj", "dative")
                for child in tok.children:
                    # a second subject after the verb is the small model's misreading of an object
                    if child.dep_ in deps or (not passive and child.dep_ == "nsubj" and child.i > tok.i
                                              and any(c.dep_ == "nsubj" and c.i < tok.i for c in tok.children)):
                        found += self._actors(child, role)
                        if not found and child.i in self.triggers and any(
                                d.lower_ in ("the", "this", "that") for d in child.children):
                            found += self._antecedent_agent(child)
                        if entry.relation == "hosted":
                            # "hosted (rounds of) talks between X and Y": the parties are the guests
                            for event in (child, *self._preps(child, "of")):
                                if event.i in self.triggers:
                                    found += [k for obj in self._preps(event, "between") for k in self._actors(obj, role)]
                if not found and not passive:
                    # the small model sometimes attaches a named object as npadvmod or attr
                    for child in tok.children:
                        if child.dep_ in ("npadvmod", "attr", "oprd") and child.i > tok.i and child.i in self.tokmap:
                            found += self._actors(child, "target")
                if entry.particle and not found:
                    for obj in self._preps(tok, entry.particle):
                        found += self._actors(obj, "target")
            elif slot == "ccomp":
                for child in tok.children:
                    if child.dep_ == "ccomp":
                        found += [k for s in child.children if s.dep_ in ("nsubj", "nsubjpass") for k in self._actors(s, "target")]
            elif slot == "between":
                for obj in self._preps(tok, "between"):
                    parties = self._actors(obj, "target")
                    pairs += [(a, b) for i, a in enumerate(parties) for b in parties[i + 1:]]
            else:
                for host in hosts:
                    for obj in self._preps(host, slot):
                        found += self._actors(obj, role)
                if not found and tok.pos_ in ("VERB", "AUX", "ADJ"):
                    # "provide aid to X", "threatened action against X": the preposition hangs from the object
                    objects = [c for c in tok.children if c.dep_ in ("dobj", "nsubjpass")]
                    for child in [*objects, *(c for o in objects for c in o.conjuncts)]:
                        if child.i not in self.tokmap:
                            for obj in self._preps(child, slot):
                                found += self._actors(obj, "target")
                            for inner in self._preps(child, "of"):
                                for obj in self._preps(inner, slot):
                                    found += self._actors(obj, "target")
                if not found and tok.pos_ in ("NOUN", "PROPN"):
                    # "suspension of air links with Serbia"
                    for inner in self._preps(tok, "of"):
                        if inner.i not in self.tokmap:
                            for obj in self._preps(inner, slot):
                                found += self._actors(obj, "target")
            targets += [k for k in found if k not in targets]
        if not targets and tok.pos_ in ("NOUN", "PROPN"):
            verb = tok.head.head if tok.dep_ == "pobj" and tok.head.head.dep_ == "dobj" else tok
            verb = verb.head if verb.dep_ == "dobj" else None
            if verb is not None and verb.lemma_ in self.light:
                targets = [k for c in verb.children if c.dep_ == "dative" for k in self._actors(c, role)]
        return targets, pairs

    def _antecedent_agent(self, noun: Token) -> list[str]:
        """The agent of the event a definite description points back to ("condemned the attack")."""
        relation = self.triggers[noun.i].relation
        for ev in reversed(self.history):
            if ev.relation == relation and ev.token < noun.i:
                return [ev.agent]
        return []

    def _loose_targets(self, tok: Token) -> list[str]:
        """Actors an embedded clause acts on when it is not itself a trigger ("offered to hand over to X")."""
        found: list[str] = []
        queue = [tok]
        while queue and not found:
            node = queue.pop(0)
            for child in node.children:
                if child.dep_ in ("nsubj", "nsubjpass", "csubj", "ccomp", "advcl", "mark", "relcl"):
                    continue  # another clause, another actor
                if child.dep_ in ("dobj", "dative"):
                    found += self._actors(child, "target")
                    queue.append(child)
                elif child.dep_ == "prep" and child.lower_ in ("to", "with", "for", "against", "on", "from", "into"):
                    for obj in child.children:
                        if obj.dep_ == "pobj":
                            found += self._actors(obj, "target")
                            queue.append(obj)
                        elif obj.dep_ == "conj":
                            queue.append(obj)  # "exports to and imports from X"
                elif child.dep_ in ("prep", "pobj", "conj"):
                    queue.append(child)  # not into "to restore X": a purpose is not a target
        return list(dict.fromkeys(found))

    # -- the component -----------------------------------------------------------------

    def _entry(self, tok: Token, pos: str) -> Trigger | None:
        if pos == "VERB" and any(c.dep_ == "auxpass" for c in tok.children) and self.lex.triggers_for(tok.lower_, "ADJ"):
            pos = "ADJ"  # "is opposed to", "is prepared to"
        for entry in self.lex.triggers_for(tok.lemma_, pos) or self.lex.triggers_for(tok.lower_, pos):
            if entry.particle and not any(c.dep_ in ("prt", "prep") and c.lower_ == entry.particle for c in tok.children):
                continue
            if entry.modifier and not any(c.lemma_ == entry.modifier for c in tok.lefts):
                continue
            if not entry.particle and pos == "VERB" and any(
                c.dep_ == "prt" and (tok.lemma_, c.lower_) in self.phrasal for c in tok.children
            ):
                continue  # "call off" is not "call"
            if entry.requires:
                objs = [c for c in tok.children if c.dep_ in ("dobj", "nsubjpass")]
                objs += [o for obj in objs for o in self._preps(obj, "of")]
                if not any(o.lemma_ in entry.requires for o in objs):
                    continue
            return entry
        return None

    def __call__(self, doc: Doc) -> Doc:
        self.tokmap = doc._.dip_token_mention
        self.table = doc._.dip_entities
        self.groups: dict[int, list[str]] = doc._.dip_groups or {}
        self.borrowed = False
        self.history: list[FoundEvent] = []
        self.phrasal = {(t.lemma, t.particle) for ts in self.lex.triggers.values() for t in ts if t.particle}
        self.triggers: dict[int, Trigger] = {}
        evaluations: list[Token] = []
        for match_id, start, _end in self.matcher(doc):
            label = doc.vocab.strings[match_id]
            tok = doc[start]
            if label == "EVAL":
                evaluations.append(tok)
                continue
            if start in self.triggers or start in self.tokmap:
                continue
            if label == "NOUN" and tok.dep_ == "compound" and tok.head.pos_ in ("NOUN", "PROPN"):
                # "mediation effort": the head stands for the event; "war games": no event of its own
                if tok.head.lemma_ in self.event_heads and tok.head.i not in self.triggers:
                    entry = self._entry(tok, label)
                    if entry is not None:
                        self.triggers[tok.head.i] = entry
                continue
            entry = self._entry(tok, label)
            if entry is not None:
                self.triggers[start] = entry
        events: list[FoundEvent] = []
        consumed: set[int] = set()
        order = sorted(self.triggers, key=lambda i: (self.triggers[i].kind == "event", i))
        self.history = []
        for tok in evaluations:
            events += self._evaluation(tok, consumed)
        for match_id, start, _end in self.speech_matcher(doc):
            events += self._demands(doc[start])
        for i in order:
            if i in consumed:
                continue
            events += self._event(doc[i], self.triggers[i], consumed)
        events += self._caption_visits(doc)
        for _match_id, start, _end in self.be_matcher(doc):
            events += self._presence(doc[start])
        events += self._visits_abroad(events)
        doc._.dip_events = events
        return doc

    def _clause_triggers(self, head: Token) -> set[int]:
        """Triggers inside an embedded clause or object, short of clauses with their own subject."""
        found: set[int] = set()
        stack = [head]
        while stack:
            node = stack.pop()
            if node.i in self.triggers:
                found.add(node.i)
            for child in node.children:
                if child.dep_ in ("relcl", "advcl", "ccomp", "parataxis") and any(
                    c.dep_ in ("nsubj", "nsubjpass") for c in child.children
                ):
                    continue
                stack.append(child)
        return found

    def _embedded(self, tok: Token) -> Token | None:
        for child in tok.children:
            if child.dep_ in ("xcomp", "ccomp") or (child.dep_ in ("acl", "relcl") and tok.pos_ == "NOUN"):
                return child
        for child in tok.children:
            if child.dep_ in ("dobj", "nsubjpass"):
                return child
        for child in tok.children:
            if child.dep_ == "prep" and child.lower_ in ("of", "to", "on", "upon"):
                for obj in child.children:
                    if obj.dep_ in ("pobj", "pcomp"):
                        return obj
        return None

    def _event(self, tok: Token, entry: Trigger, consumed: set[int]) -> list[FoundEvent]:
        relation, cameo, confidence = entry.relation, entry.cameo, 0.9
        targets, pairs = self._targets(tok, entry)
        if entry.kind in ("control", "reverse"):
            inner = self._embedded(tok)
            if entry.kind == "reverse" and (inner is None or (inner.i not in self.triggers and inner.lemma_ not in _REVERSIBLE_OBJECTS)):
                return []
            if inner is not None:
                inner_entry = self.triggers.get(inner.i)
                consumed.update(self._clause_triggers(inner))
                if inner.dep_ in ("xcomp", "acl") and any(c.dep_ == "neg" for c in inner.children) \
                        and entry.relation == "agreedWith":
                    relation, cameo = "rejected", "120"  # "vowed not to return X": a refusal
                if inner_entry is not None:
                    consumed.add(inner.i)
                    consumed.update(c.i for c in inner.conjuncts)
                    if entry.relation == "agreedWith" and inner_entry.relation in _FORCE:
                        relation, cameo = "threatened", "130"
                    if entry.kind == "reverse" and inner_entry.relation in _HOSTILE:
                        relation, cameo = "madeConcessionTo", "080"  # "called off the strike": a climb-down
                    if not targets and not pairs:
                        targets, pairs = self._targets(inner, inner_entry)
                own_subject = any(c.dep_ in ("nsubj", "nsubjpass") for c in inner.children)
                if not targets and not pairs and not (own_subject and entry.relation == "agreedWith"):
                    targets = self._loose_targets(inner)
            if entry.kind == "reverse" and not targets and not pairs:
                targets = self._loose_targets(tok)
            if entry.relation == "requested" and not targets and any(c.dep_ == "dobj" for c in tok.children):
                return []  # "urged Western governments to…": the addressee is the target, and it is unnamed
            if entry.relation == "threatened" and not targets and inner is not None and inner.dep_ == "ccomp":
                # "warned that Iran would be in great danger": the one the warning is about
                targets = [k for sub in inner.children if sub.dep_ in ("nsubj", "nsubjpass")
                           for k in self._actors(sub, "target")]
            if entry.kind == "control" and not targets and not pairs and entry.relation != "agreedWith" \
                    and not (entry.relation == "threatened" and self._condition(inner or tok) is not None):
                return []
        if entry.kind == "event" and entry.requires:
            # "signed a trade agreement": the object belongs to this event, not to one of its own
            for child in tok.children:
                if child.dep_ in ("dobj", "nsubjpass"):
                    consumed.update(self._clause_triggers(child))
        if tok.lemma_ in ("request", "invitation") and tok.head.lower_ in ("at", "upon") and not targets:
            targets = self._governor_subject(tok)  # "met at Israel's request": Israel asked the meeting body
        self.borrowed = False
        agents = self._agents(tok, entry)
        polarity, modality = self.modality.of(tok)
        location = self._location(tok)
        condition = self._condition(tok)
        if condition is None and entry.kind == "control" and (inner := self._embedded(tok)) is not None:
            condition = self._condition(inner)  # "warned that Iran would respond if the US threatened it"
        unless = condition is not None and any(m.dep_ == "mark" and m.lower_ == "unless" for m in condition.children)
        if condition is not None and (relation in _FORCE or unless) and relation != "threatened":
            # "will withdraw its force unless…", "may halt mediation if…": CAMEO codes an ultimatum as a threat
            relation, cameo, modality = "threatened", "130", "asserted"
        if relation == "threatened" and condition is not None and any(
                m.dep_ == "mark" and m.lower_ == "unless" for m in condition.children):
            named = [self.tokmap[s.i].metonym or self.tokmap[s.i].key for s in condition.children
                     if s.dep_ in ("nsubj", "nsubjpass") and s.i in self.tokmap]
            targets = named or targets  # "…unless Panama reduced China's influence": Panama is threatened
        if relation == "threatened" and not targets and not pairs and condition is not None:
            targets = [self.tokmap[s.i].metonym or self.tokmap[s.i].key for s in condition.children
                       if s.dep_ in ("nsubj", "nsubjpass") and s.i in self.tokmap]
        if relation == "threatened" and not targets and tok.lemma_ == "warn":
            targets = [k for c in tok.children if c.dep_ == "ccomp"
                       for sub in c.children if sub.dep_ in ("nsubj", "nsubjpass") for k in self._actors(sub, "target")]
        if relation == "protestedAgainst" and not targets:
            targets = self._place_country(tok)  # protesters in a country protest against its government
        if relation in ("sanctioned", "attacked", "coerced") and not targets and not pairs:
            host = tok.head if tok.pos_ in ("NOUN", "PROPN") and tok.dep_ == "dobj" else tok
            targets = self._place_country(host)  # "sanctions on 500 targets in Russia"
        out: list[FoundEvent] = []

        def emit(agent: str, target: str, conf: float) -> None:
            if agent == target and relation not in _DOMESTIC:
                return
            if relation in ("requested", "threatened") and self._same_side(agent, target):
                return  # "Trump asked Rubio to…": an instruction inside a government
            out.append(FoundEvent(relation, agent, target, tok.i, tok.text, cameo, polarity, modality, conf, location))
            self.history.append(out[-1])

        for agent in agents:
            for target in targets:
                emit(agent, target, confidence)
            for a, b in pairs:
                if relation in ("consultedWith",):  # a mediator between two parties
                    emit(agent, a, confidence)
                    emit(agent, b, confidence)
        if not agents:
            for a, b in pairs:
                emit(a, b, 0.8)
        if pairs and agents and set(agents) <= {k for pair in pairs for k in pair}:
            pairs = []  # "X and Y agreed a pact between the two countries": the agents are the parties
        if not targets and not pairs and len(agents) > 1 and relation in _RECIPROCAL and not self.borrowed \
                and (relation in SYMMETRIC or tok.lemma_ in self.reciprocal):
            for a in agents:
                for b in agents:
                    if a != b and (relation not in SYMMETRIC or a < b):
                        emit(a, b, 0.8)
        return out

    def _condition(self, tok: Token) -> Token | None:
        """The verb of an "if"/"unless" clause that conditions the event, if any."""
        verb = tok if tok.pos_ in ("VERB", "AUX") else tok.head
        for node in (verb, verb.head):
            for child in node.children:
                if child.dep_ == "advcl" and any(m.dep_ == "mark" and m.lower_ in ("if", "unless") for m in child.children):
                    return child
        return None

    def _place_country(self, tok: Token) -> list[str]:
        """The country where the clause takes place ("rioted at a jail in northern Israel")."""
        found: list[str] = []
        queue = [p for p in tok.children if p.dep_ == "prep" and p.lower_ in ("in", "at")]
        for _ in range(3):
            nxt = []
            for prep in queue:
                for obj in prep.children:
                    m = self.tokmap.get(obj.i)
                    if m is not None and (m.type == "Country" or m.metonym):
                        found.append(m.metonym or m.key)
                    nxt += [p for p in obj.children if p.dep_ == "prep" and p.lower_ in ("in", "at", "of")]
            queue = nxt
        return found[:1]

    def _demands(self, verb: Token) -> list[FoundEvent]:
        """"X said Y must…": a demand on Y (CAMEO 10), whatever Y must do."""
        out: list[FoundEvent] = []
        for clause in verb.children:
            if clause.dep_ != "ccomp" or not any(a.dep_ == "aux" and a.lower_ in ("must", "should") for a in clause.children):
                continue
            subjects = [c for c in clause.children if c.dep_ == "nsubj"]
            if not subjects:
                continue
            targets = self._actors(subjects[0], "target")
            for agent in self._subject(verb):
                for target in targets:
                    if agent != target and not self._same_side(agent, target):
                        out.append(FoundEvent("requested", agent, target, verb.i, verb.text, "100", "affirmed", "asserted", 0.7))
        return out

    def _evaluation(self, adj: Token, consumed: set[int]) -> list[FoundEvent]:
        """"negotiating with X would be unwise / not honorable / would not solve anything" -> rejected (CAMEO 125)."""
        verb = adj.head if adj.pos_ == "ADJ" else adj
        while verb.dep_ == "conj" and verb.head.i != verb.i and verb.pos_ == "ADJ":
            verb = verb.head
        if verb.pos_ == "ADJ":
            verb = verb.head
        negators = self.modality.negators
        negated = any(c.dep_ in ("neg", "preconj", "det") and c.lower_ in negators
                      for c in (*adj.children, *verb.children, *(x for a in adj.conjuncts for x in a.children)))
        if adj.pos_ != "ADJ" and not negated:
            return []  # a verb: only "would not solve/help/work" rejects
        if adj.pos_ == "ADJ" and adj.lemma_ in self.positive and not negated:
            return []
        subjects = [c for c in verb.children if c.dep_ in ("csubj", "nsubj") and c.lemma_ in _NEGOTIATION]
        if not subjects:
            return []
        talk = subjects[0]
        targets = self._actors_of_preps(talk, ("with",))
        agents = self._subject(talk) or self._speaker(verb)
        if not targets or not agents:
            return []
        consumed.add(talk.i)
        return [FoundEvent("rejected", a, t, adj.i, adj.text, "125", "affirmed", "reported", 0.7)
                for a in agents for t in targets if a != t]

    def _actors_of_preps(self, tok: Token, words: tuple[str, ...]) -> list[str]:
        return [k for w in words for obj in self._preps(tok, w) for k in self._actors(obj, "target")]

    def _speaker(self, clause: Token) -> list[str]:
        for anc in [clause, *clause.ancestors]:
            if anc.lemma_ in self.modality.speech:
                return self._subject(anc)
        return []

    def _location(self, tok: Token) -> str | None:
        host = tok if tok.pos_ in ("VERB", "AUX") else tok.head
        hosts = [host, *(c for c in host.children if c.dep_ == "dobj")]  # "met X in Panama City"
        for obj in (o for h in hosts for o in self._preps(h, "in")):
            m = self.tokmap.get(obj.i)
            if m is not None and m.type in ("City", "Place", "Country"):
                return m.key
        return None

    def _same_side(self, agent: str, target: str) -> bool:
        """A person and an actor of the person's own country."""
        info = self.table.get(agent)
        if info is None or info.type != "Person":
            return False
        home = self._country_of(agent)
        return home is not None and self._country_of(target) == home

    def _country_of(self, key: str) -> str | None:
        """The country key an actor or place belongs to, when known."""
        info = self.table.get(key)
        if info is None:
            return None
        if info.type == "Country":
            return info.key
        m = next((m for m in self.tokmap.values() if m.key == key and m.metonym), None)
        if m is not None:
            return m.metonym
        if info.country and (entry := self.gazetteer.country(info.country)):
            self.table.add(entry.key, "Country", entry.name, "", country=entry.country, qid=entry.qid, gazetteer=True)
            return entry.key
        return None

    def _visits_abroad(self, events: list[FoundEvent]) -> list[FoundEvent]:
        """Meeting someone in a foreign country or city means having travelled there (CAMEO 042)."""
        out: list[FoundEvent] = []
        for ev in events:
            if ev.relation not in ("metWith", "negotiatedWith", "consultedWith", "signedAgreementWith") or not ev.location:
                continue
            place = self._country_of(ev.location)
            if place is None:
                continue
            for party in (ev.agent, ev.target):
                info = self.table.get(party)
                if info is None or info.type != "Person":
                    continue  # people travel; states meeting somewhere are coded where they met
                home = self._country_of(party)
                if home is not None and home != place and party != place:
                    out.append(FoundEvent("visited", party, place, ev.token, ev.trigger, "042", ev.polarity,
                                          ev.modality, 0.6, ev.location))
        return out

    def _presence(self, verb: Token) -> list[FoundEvent]:
        """"X, who was in Turkey for a meeting": a foreign official present in a country visited it."""
        if any(c.dep_ == "aux" for c in verb.children) and verb.dep_ != "relcl":
            return []  # "will be in", "has been in talks": not a plain statement of presence
        subjects = [c for c in verb.children if c.dep_ == "nsubj"]
        if not subjects:
            return []
        subject = verb.head if subjects[0].lower_ in _RELATIVES and verb.dep_ == "relcl" else subjects[0]
        people = self._actors(subject, "party")
        out: list[FoundEvent] = []
        for obj in self._preps(verb, "in"):
            m = self.tokmap.get(obj.i)
            if m is None or m.type != "Country":
                continue
            for person in people:
                info = self.table.get(person)
                home = self._country_of(person)
                if info is not None and info.type == "Person" and home is not None and home != m.key:
                    polarity, modality = self.modality.of(verb)
                    out.append(FoundEvent("visited", person, m.key, verb.i, verb.text, "042", polarity, modality, 0.6))
        return out

    def _caption_visits(self, doc: Doc) -> list[FoundEvent]:
        """Verbless captions and headlines: "President X in Qatar" says X was in (visited) Qatar."""
        out: list[FoundEvent] = []
        for sent in doc.sents:
            root = sent.root
            if len(sent) > 14 or any(t.pos_ in ("VERB", "AUX") for t in sent):
                continue
            m = self.tokmap.get(root.i)
            if m is None or m.type != "Person":
                continue
            for obj in self._preps(root, "in"):
                om = self.tokmap.get(obj.i)
                if om is not None and om.type == "Country":
                    out.append(FoundEvent("visited", m.key, om.key, root.i, "in", "042", "affirmed", "asserted", 0.6))
        return out
