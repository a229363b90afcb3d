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
from spacy.matcher import PhraseMatcher
from spacy.tokens import Doc, Token

from .arguments import RELATIVES, ArgumentReader
from .vocab import SYMMETRIC, Trigger

__all__ = ["EventFinder", "FoundEvent"]

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
#: A country's premises abroad: a protest held at one is a protest against that country.
_MISSIONS = frozenset({"embassy", "consulate", "mission", "legation", "chancery"})


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


class EventFinder(ArgumentReader):
    """The ``dip_events`` component."""

    def __init__(self, nlp: Language, name: str = "dip_events") -> None:
        super().__init__()
        self.name = name
        self.reciprocal = self.lex.word_class("reciprocal_triggers")
        self.list_markers = self.lex.word_class("list_markers")
        self.evaluations = self.lex.word_class("rejecting_evaluations")
        self.positive = self.lex.word_class("positive_evaluations")
        self.phrasal = {(t.lemma, t.particle) for ts in self.lex.triggers.values() for t in ts if t.particle}
        by_pos: dict[str, set[str]] = {"VERB": set(), "NOUN": set(), "ADJ": set()}
        for lemma, pos in self.lex.triggers:
            by_pos[pos].add(lemma)
        # One pass of hash lookups over lemmas finds every candidate; parts of speech are checked after.
        self.matcher = PhraseMatcher(nlp.vocab, attr="LEMMA")
        self.forms = PhraseMatcher(nlp.vocab, attr="LOWER")
        classes = {
            "VERB": by_pos["VERB"], "NOUN": by_pos["NOUN"], "ADJ": by_pos["ADJ"],
            "EVAL": self.evaluations | self.lex.word_class("futile_verbs"),
            "SPEECH": self.lex.word_class("speech_verbs"), "BE": {"be"},
        }
        for label, lemmas in classes.items():
            self.matcher.add(label, [Doc(nlp.vocab, words=[w], lemmas=[w]) for w in sorted(lemmas)])
        self.forms.add("ADJ", [nlp.make_doc(w) for w in sorted(by_pos["ADJ"])])
        self.event_heads = self.lex.word_class("event_heads")
        self.crowds = self.lex.word_class("crowd_nouns")

    def _entry(self, tok: Token, pos: str) -> Trigger | None:
        if pos == "VERB" and any(c.dep_ == "auxpass" for c in tok.children) and self.lex.triggers_for(tok.lower_, "ADJ"):
            pos = "ADJ"  # "is opposed to", "is prepared to"
        for entry in self.lex.triggers_for(tok.lemma_, pos) or self.lex.triggers_for(tok.lower_, pos):
            if entry.particle and not any(
                c.dep_ == "prt" and c.lower_ == entry.particle
                or c.dep_ == "prep" and c.lower_ == entry.particle
                and not any(o.ent_type_ in ("DATE", "TIME") for o in c.children)  # "called on Sunday for…"
                # "pushing for the US to support…": the particle read as the mark of a clause
                or c.dep_ == "advcl" and any(m.dep_ == "mark" and m.lower_ == entry.particle and m.i < c.i
                                             for m in c.children)
                for c in tok.children
            ):
                continue
            if entry.modifier and not any(c.lemma_ == entry.modifier for c in tok.lefts):
                continue
            if not entry.particle and pos == "VERB" and any(
                c.dep_ == "prt" and (tok.lemma_, c.lower_) in self.phrasal for c in tok.children
            ):
                continue  # "call off" is not "call"
            if entry.relation == "spokeWith" and any(c.dep_ == "oprd" for c in tok.children) \
                    and any(c.dep_ == "dobj" for c in tok.children):
                continue  # "called his counterpart a liar": naming, not a telephone call
            if entry.requires:
                objs = [c for c in tok.children if c.dep_ in ("dobj", "nsubjpass")]
                objs += [o for obj in objs for o in self._preps(obj, "of")]
                if not any(o.lemma_ in entry.requires for o in objs):
                    continue
            return entry
        return None

    def __call__(self, doc: Doc) -> Doc:
        self.read(doc)
        evaluations: list[Token] = []
        speech: list[Token] = []
        presence: list[Token] = []
        found = [(doc.vocab.strings[m], s) for m, s, _e in self.matcher(doc)]
        found += [("FORM", s) for _m, s, _e in self.forms(doc)]
        rank = {"VERB": 0, "NOUN": 0, "ADJ": 1, "FORM": 2, "EVAL": 3, "SPEECH": 3, "BE": 3}
        for label, start in sorted(found, key=lambda f: (f[1], rank[f[0]])):
            tok = doc[start]
            pos = tok.pos_
            if label == "EVAL":
                if (pos == "ADJ" and tok.lemma_ in self.evaluations) or (pos == "VERB" and tok.lemma_ not in self.evaluations):
                    evaluations.append(tok)
                continue
            if label == "SPEECH":
                if pos == "VERB":
                    speech.append(tok)
                continue
            if label == "BE":
                if pos in ("AUX", "VERB") and start + 1 < len(doc) and doc[start + 1].lower_ == "in":
                    presence.append(tok)
                continue
            if (label == "VERB" and pos not in ("VERB", "AUX")) or (label == "NOUN" and pos not in ("NOUN", "PROPN")) \
                    or (label == "ADJ" and pos not in ("ADJ", "VERB")):
                continue
            if start in self.triggers or start in self.tokmap:
                continue
            if label == "FORM":
                label = "ADJ"
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
        for tok in evaluations:
            events += self._evaluation(tok, consumed)
        for verb in speech:
            events += self._demands(verb)
        for i in order:
            if i in consumed:
                continue
            events += self._event(doc[i], self.triggers[i], consumed)
        events += self._caption_visits(doc)
        for verb in presence:
            events += self._presence(verb)
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
        entry = self.triggers.get(tok.i)
        if entry is not None and entry.particle:
            # "called for sanctions against X": the particle's object is the event asked for
            for obj in self._preps(tok, entry.particle):
                return obj
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
        if tok.lemma_ in ("request", "invitation") and tok.head.lower_ in ("at", "upon") and not targets:
            targets = self._governor_subject(tok)  # "met at Israel's request": Israel asked the meeting body
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
                    if entry.relation == "requested" and inner_entry.relation in _FORCE and not targets:
                        # "called for sanctions against X": asking others to punish X condemns X (CAMEO 11)
                        relation, cameo = "accused", "111"
                    if not targets and not pairs:
                        targets, pairs = self._targets(inner, inner_entry)
                own_subject = any(c.dep_ in ("nsubj", "nsubjpass") for c in inner.children)
                if not targets and not pairs and not (own_subject and entry.relation == "agreedWith"):
                    targets = self._loose_targets(inner)
            if entry.kind in ("reverse", "control") and entry.relation != "agreedWith" and not targets and not pairs:
                targets = self._loose_targets(tok)  # "refusing entry to Malians": the preposition hangs from the verb
            if entry.relation == "requested" and not targets and any(c.dep_ == "dobj" for c in tok.children):
                return []  # "urged Western governments to…": the addressee is the target, and it is unnamed
            condition_subject = inner is not None and (cond := self._condition(inner)) is not None and any(
                c.dep_ in ("nsubj", "nsubjpass") and c.i in self.tokmap for c in cond.children)
            if entry.relation == "threatened" and not targets and inner is not None and inner.dep_ == "ccomp" \
                    and not condition_subject:
                # "warned that Chad would pay a price": the one the warning is about
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
        self.borrowed = False
        agents = self._agents(tok, entry)
        if relation == "expelled" and not agents and any(c.dep_ == "nsubjpass" for c in tok.children):
            # "diplomats were expelled from Germany": with no "by", the country left is the one expelling
            hosts = [k for obj in self._preps(tok, "from") for k in self._actors(obj, "agent")]
            if hosts:
                agents, targets = hosts, [t for t in targets if t not in hosts]
        polarity, modality = self.modality.of(tok)
        clause = tok.head if tok.dep_ == "dobj" else tok
        # "X and Y failed to reach agreement": CAMEO codes the failure as a rejection (FAIL, 120), each of the other
        failed = relation == "agreedWith" and polarity == "negated" and clause.dep_ == "xcomp" \
            and clause.head.lemma_ == "fail" and not any(c.dep_ == "neg" for c in clause.head.children)
        location = self._location(tok)
        condition = self._condition(tok)
        if condition is None and entry.kind == "control" and (inner := self._embedded(tok)) is not None:
            condition = self._condition(inner)  # "warned that Chad would respond if Niger moved troops"
        if modality == "planned" and relation in ("attacked", "coerced"):
            # "X said it would blockade Paris": announced violence is a threat (CAMEO 13); an announced
            # sanction is coded as the measure itself
            relation, cameo, modality = "threatened", "130", "asserted"
        if modality == "planned" and relation == "expelled" and tok.lemma_ == "withdraw":
            # "will withdraw its inspectors from X": an announced pull-out of an international presence
            # is a threat to halt involvement (CAMEO 136)
            relation, cameo, modality = "threatened", "136", "asserted"
        unless = condition is not None and any(m.dep_ == "mark" and m.lower_ == "unless" for m in condition.children)
        if condition is not None and (relation in _FORCE or unless) and relation != "threatened":
            # "will withdraw its force unless…", "may halt mediation if…": CAMEO codes an ultimatum as a threat
            relation, cameo, modality = "threatened", "130", "asserted"
        if relation == "threatened" and condition is not None and any(
                m.dep_ == "mark" and m.lower_ == "unless" for m in condition.children):
            named = [self.tokmap[s.i].metonym or self.tokmap[s.i].key for s in condition.children
                     if s.dep_ in ("nsubj", "nsubjpass") and s.i in self.tokmap and self.tokmap[s.i].type != "Person"]
            targets = named or targets  # "…unless Togo closes the camps": Togo is threatened
        if relation == "threatened" and not targets and not pairs and condition is not None:
            targets = [self.tokmap[s.i].metonym or self.tokmap[s.i].key for s in condition.children
                       if s.dep_ in ("nsubj", "nsubjpass") and s.i in self.tokmap and self.tokmap[s.i].type != "Person"]
        if relation == "threatened" and not targets and tok.lemma_ == "warn":
            targets = [k for c in tok.children if c.dep_ == "ccomp"
                       for sub in c.children if sub.dep_ in ("nsubj", "nsubjpass") for k in self._actors(sub, "target")]
        if relation == "protestedAgainst" and not agents:
            # "ethnic Greeks demonstrated in Cyprus": a crowd with no state of its own acts where it is
            crowd = [c for c in tok.children if c.dep_ == "nsubj" and (
                c.lemma_ in self.agent_nouns or any(m.lower_ == "ethnic" for m in c.children))]
            if crowd:
                agents = self._place_country(tok)
        if relation == "protestedAgainst" and not targets:
            targets = self._protest_site(tok)  # "protested outside the Saudi embassy": against Saudi Arabia
        if relation == "protestedAgainst" and not targets:
            targets = self._place_country(tok)  # protesters in a country protest against its government
        if relation == "protestedAgainst" and not targets and not pairs and not any(
                c.dep_ in ("dobj", "nsubjpass") or (c.dep_ == "prep" and c.lower_ == "against") for c in tok.children):
            # "Nigerians rallied for greater freedoms": with nothing protested named, a crowd protests to its
            # own government (CAMEO codes domestic protest against the country); "protested the strike": an
            # object that names no actor leaves the target unknown
            targets = list(dict.fromkeys(c for a in agents if (info := self.table.get(a)) is not None
                                         and info.type != "Person" and (c := self._country_of(a))))
        if relation in ("sanctioned", "attacked", "coerced") and not targets and not pairs:
            host = tok.head if tok.pos_ in ("NOUN", "PROPN") and tok.dep_ == "dobj" else tok
            targets = self._place_country(host)  # "sanctions on 500 targets in Russia"
        if relation in ("coerced", "attacked") and not targets and not pairs and self._crowd_object(tok):
            # "police dispersed the protesters", "prevented the demonstration": with no one else named, the
            # authorities repress their own country's people (CAMEO 17x codes domestic repression)
            targets = list(dict.fromkeys(c for a in agents if (info := self.table.get(a)) is not None
                                         and info.type != "Person" and (c := self._country_of(a))))
        if relation in ("madeConcessionTo", "coerced") and not targets and not pairs and self._domestic_measure(tok):
            # "the government lifted the state of emergency": a curfew, emergency or martial law bears on the
            # government's own people (CAMEO 0813/0814, 1723/1724)
            targets = list(dict.fromkeys(c for a in agents if (c := self._country_of(a))))
        out: list[FoundEvent] = []

        def emit(agent: str, target: str, conf: float) -> None:
            if agent == target and relation not in _DOMESTIC:
                return
            if relation in ("requested", "threatened") and self._same_side(agent, target) and not (
                    relation == "threatened" and (info := self.table.get(target)) is not None and info.type == "Country"):
                # "the president asked his envoy to…": an instruction inside a government; but a leader who
                # threatens a curfew in his own country threatens its people (CAMEO codes domestic threats)
                return
            if failed:
                out.append(FoundEvent("rejected", agent, target, tok.i, tok.text, "120", "affirmed", modality, conf,
                                      location))
            else:
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
        accepts = tok.lemma_ == "agree" and any(o.pos_ in ("NOUN", "PROPN") for o in self._preps(tok, "to"))
        if not targets and not pairs and len(agents) > 1 and relation in _RECIPROCAL and not self.borrowed \
                and (relation in SYMMETRIC or tok.lemma_ in self.reciprocal) and not accepts:
            # "X and Y agreed": with each other; "X and Y must agree to reforms": to something else
            for a in agents:
                for b in agents:
                    if a != b and (relation not in SYMMETRIC or a < b):
                        emit(a, b, 0.8)
        return out

    def _protest_site(self, tok: Token) -> list[str]:
        """The owner of an embassy or consulate a protest is held at ("outside the Saudi embassy")."""
        host = tok.head if tok.pos_ in ("NOUN", "PROPN") and tok.dep_ == "dobj" else tok
        places = [o for p in (*tok.children, *host.children) if p.dep_ == "prep"
                  and p.lower_ in ("outside", "at", "near", "before", "in", "to")
                  for o in p.children if o.dep_ == "pobj"]
        places += [o for front in places if front.lower_ == "front" for o in self._preps(front, "of")]
        return [k for place in places if place.lemma_ in _MISSIONS for k in self._actors(place, "target")][:1]

    def _crowd_object(self, tok: Token) -> bool:
        """The act's object is a protest or a crowd of protesters ("dispersed the rally", "detained students")."""
        objects = [c for c in tok.children if c.dep_ in ("dobj", "nsubjpass")]
        objects += [o for obj in objects for o in self._preps(obj, "of")]  # "dozens of protesters"
        objects += [m for obj in objects for m in obj.lefts if m.dep_ == "compound"]  # "an opposition leader"
        return any(o.lemma_ in self.crowds or (o.i in self.triggers and self.triggers[o.i].relation == "protestedAgainst")
                   for o in objects)

    @staticmethod
    def _domestic_measure(tok: Token) -> bool:
        """The trigger is, or acts on, a curfew, a state of emergency or martial law."""
        words = [tok, *(c for c in tok.children if c.dep_ in ("dobj", "nsubjpass"))]
        words += [o for w in words for p in w.children if p.dep_ == "prep" and p.lower_ == "of"
                  for o in p.children if o.dep_ == "pobj"]
        return any(w.lemma_ in ("curfew", "emergency") or (w.lemma_ == "law" and any(
            m.lower_ == "martial" for m in w.children)) for w in words)

    def _condition(self, tok: Token) -> Token | None:
        """The verb of an "if"/"unless" clause that conditions the event, if any."""
        verb = tok if tok.pos_ in ("VERB", "AUX") else tok.head
        for node in (verb, verb.head):
            for child in node.children:
                if child.dep_ == "advcl" and any(m.dep_ == "mark" and m.lower_ in ("if", "unless") for m in child.children):
                    return child
        return None

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
        subject = verb.head if subjects[0].lower_ in RELATIVES and verb.dep_ == "relcl" else subjects[0]
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
        """Verbless captions and headlines: "President X in Ghana" says X was in (visited) Ghana."""
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
