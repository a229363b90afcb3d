"""Who did what to whom: the actors a clause's parse names as agents and targets.

Shared by the event rules of ``dip_events``. An argument is a noun phrase resolved to entity
keys: a mention, a group ("the two sides"), the owner of a thing ("Kenyan officials",
"Chile's efforts"), list members ("countries such as Peru and Chile"), or the subject a
nominal event or an infinitive borrows from the clause it hangs from.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from spacy.tokens import Doc, Token

from diplokg.gazetteer import load_gazetteer

from .mentions import ACTOR_TYPES, EntityTable, Mention
from .modality import Modality
from .vocab import Trigger, load_lexicon

if TYPE_CHECKING:
    from .events import FoundEvent

__all__ = ["ArgumentReader", "PARTY_RELATIONS"]

SUBJECTS = ("nsubj", "csubj")
_MODS = frozenset({"poss", "compound", "amod", "nmod"})
RELATIVES = frozenset({"who", "which", "that", "whom"})
_TOPIC_PREPS = frozenset({"on", "about", "over", "regarding", "concerning"})
#: Prepositions of circumstance: "spoke at a rally", "after the killing of X" name an occasion, not an act of the subject.
_CIRCUMSTANCE_PREPS = frozenset({"at", "during", "after", "before", "following", "since", "amid", "despite", "until"})
#: Relations whose target is a party met, not a thing owned ("hosts an American air base" hosts no one).
PARTY_RELATIONS = frozenset({"visited", "hosted", "metWith", "spokeWith", "negotiatedWith"})


def _opposed(tok: Token) -> bool:
    """A modifier under the prefix "anti-" ("anti-India"): what the head is against, not its owner."""
    doc = tok.doc
    if tok.lower_.startswith("anti-"):
        return True
    if tok.i >= 1 and doc[tok.i - 1].lower_ == "anti-":
        return True
    return tok.i >= 2 and doc[tok.i - 1].text == "-" and doc[tok.i - 2].lower_ == "anti"


class ArgumentReader:
    """Resolves agents and targets for the event rules; holds the state of the document being read."""

    def __init__(self) -> None:
        self.lex = load_lexicon()
        self.light = self.lex.word_class("light_verbs")
        self.agent_nouns = self.lex.word_class("agent_nouns")
        self.list_heads = self.lex.word_class("list_heads")
        self.relatives = self.lex.word_class("relative_nouns")
        self.responses = self.lex.word_class("response_nouns")
        self.documents = self.lex.word_class("document_nouns")
        self.modality = Modality(self.lex)
        self.gazetteer = load_gazetteer()
        self.tokmap: dict[int, Mention] = {}
        self.table = EntityTable()
        self.groups: dict[int, list[str]] = {}
        self.triggers: dict[int, Trigger] = {}
        self.history: list[FoundEvent] = []
        self.borrowed = False

    def read(self, doc: Doc) -> None:
        """Take the mentions, entities and groups of a new document."""
        self.tokmap = doc._.dip_token_mention
        self.table = doc._.dip_entities
        self.groups = doc._.dip_groups or {}
        self.triggers = {}
        self.history = []
        self.borrowed = False

    def _np(self, tok: Token, role: str, depth: int = 0) -> list[str]:
        """The actors a noun phrase headed by ``tok`` stands for (several for lists)."""
        m: Mention | None = self.tokmap.get(tok.i)
        if m is not None:
            if m.metonym:
                return [m.metonym]
            if m.source == "demonym" and tok.pos_ in ("NOUN", "PROPN"):
                # "Kenyan Somalis", "the Greeks of northern Cyprus": the group belongs where it lives
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
            # "the King of Jordan, Abdullah", "Petrov's widow, Anna Petrova": the named person
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
        # "Police said…": a common noun capitalised at the start of a sentence
        lemma = tok.lemma_.lower() if tok.is_sent_start else tok.lemma_
        if lemma in self.list_heads:
            for prep in tok.children:
                if prep.dep_ == "prep" and (prep.lower_ in ("as", "like", "including")):
                    items = [o for o in prep.children if o.dep_ == "pobj"]
                    if items:
                        return self._actors(items[0], role, depth + 1)
        if role in ("agent", "party") and lemma not in self.agent_nouns:
            return []
        if lemma in self.relatives:
            return []  # "Petrov's widow" is not Petrov
        # owner of the head: "Kenyan officials", "Chile's efforts", "U.S. border patrol agents";
        # coordinated owners each own it ("Czech and Slovak officials")
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
            # "an apology by Tokyo", "a camp for Sudanese refugees": whom the object belongs to
            for word in ("by", "for", "of", "in", "from", "to"):
                for obj in self._preps(tok, word):
                    found = self._np(obj, "agent" if word == "by" else "target", depth + 1)
                    if found:
                        return found
            for obj in self._participle_agents(tok):
                if found := self._np(obj, "target", depth + 1):
                    return found  # "condemned the attack carried out by Israeli forces", "fields owned by X"
        if lemma in self.agent_nouns:
            # "rebels in Chad", "a group based in Trinidad": the group acts for where it is
            holders = [tok, *(c for c in tok.children if c.dep_ == "acl" and c.lemma_ == "base")]
            for prep in (p for h in holders for p in h.children):
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
        if tok.lower_ in ("they", "we") and tok.dep_ == "nsubj" and depth == 0:
            # "French farmers said they would…": the speakers
            clause = tok.head
            while clause.dep_ == "conj" and clause.head.i != clause.i:
                clause = clause.head
            if clause.dep_ == "ccomp" and clause.head.lemma_ in self.modality.speech:
                speakers = [c for c in clause.head.children if c.dep_ == "nsubj"]
                if speakers and speakers[0].tag_ in ("NNS", "NNPS"):
                    return self._actors(speakers[0], role, depth + 1)
        trigger = self.triggers.get(tok.i)
        if trigger is not None and role == "agent" and tok.pos_ in ("NOUN", "PROPN") and depth == 0:
            # "US Predator attacks killed…", "Israeli strikes destroyed…": the attackers
            owners = [self.tokmap[c.i].metonym or self.tokmap[c.i].key for c in tok.children
                      if c.dep_ in ("compound", "amod", "poss") and c.i in self.tokmap and not _opposed(c)]
            if owners:
                return owners
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
            if child.dep_ in SUBJECTS:
                if child.lower_ in RELATIVES and verb.dep_ == "relcl":
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
                return self._actors(objects[0], "agent")  # "accuse Minsk of supplying arms": Minsk supplies
        if climbs < 4 and verb.dep_ == "acl" and verb.head.dep_ == "attr":
            return self._subject(verb.head.head, climbs + 1)  # "Colombia is the second country to cut ties"
        infinitive = verb.dep_ == "relcl" and any(c.dep_ == "aux" and c.lower_ == "to" for c in verb.children)
        if climbs < 4 and (verb.dep_ == "acl" or infinitive) and verb.head.i not in self.tokmap:
            if verb.tag_ == "VBG":
                found = self._actors(verb.head, "agent")  # "refugees fleeing the war": the refugees flee
                if not found and verb.head.lemma_ in self.documents:
                    # "issued a statement condemning X": the issuer of the document speaks through it
                    found = self._governor_subject(verb.head)
                return found
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
            if tok.dep_ in ("ccomp", "parataxis") and tok.i != noun.i:
                return []  # "said there were arrests in Cuba": a reported clause has agents of its own
            if head.pos_ in ("VERB", "AUX") and any(c.dep_ == "expl" for c in head.children):
                return []  # "there were arrests": an existential names no agent
            if head.pos_ in ("VERB", "AUX"):
                if head.i in self.triggers and self.triggers[head.i].kind == "event" and head.lemma_ not in self.light \
                        and head.lemma_ not in self.modality.speech and tok.dep_ in ("dobj", "nsubjpass", "attr"):
                    return []  # "criticised the visit": the critic did not visit
                subject = self._subject(head)
                if subject or any(c.dep_ in (*SUBJECTS, "nsubjpass") for c in head.children):
                    return subject
            elif head.i != noun.i and head.pos_ in ("NOUN", "PROPN"):
                owners = [c for c in head.children if c.dep_ == "poss"]
                if owners and (found := self._actors(owners[0], "agent")):
                    return found  # "his policy of sanctions on Cuba"
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
        for obj in self._participle_agents(noun):
            # "the demonstration staged by students", "the attack carried out by Hamas": a passive
            # participle names the agent; when it names someone who is no actor, no one else is
            return self._actors(obj, "agent")
        entry = self.triggers.get(noun.i)
        if (entry is not None and entry.kind == "control") or noun.lemma_ in ("threat", "ultimatum", "appeal", "proposal"):
            for obj in self._preps(noun, "from"):
                if found := self._actors(obj, "agent"):
                    return found  # "demands from the rebels", "an offer from Hanoi"
        for child in noun.lefts:
            if child.dep_ in ("compound", "amod", "nmod") and child.i in self.tokmap and not _opposed(child):
                m = self.tokmap[child.i]
                if m.type in ACTOR_TYPES or m.metonym:
                    return [m.metonym or m.key]
        object_of = noun
        while object_of.dep_ == "pobj" and object_of.head.lower_ == "of" and object_of.head.head.dep_ == "dobj":
            object_of = object_of.head.head  # "launched ten days of war games"
        if not (object_of.dep_ == "dobj" and object_of.head.lemma_ in self.light):
            self.borrowed = True  # "recalled envoys for consultations": the recallers did not consult each other
        if self._occasion(noun, entry):
            return []
        return self._governor_subject(noun)

    @staticmethod
    def _participle_agents(noun: Token) -> list[Token]:
        """The "by" objects of passive participles on a noun ("the attack carried out by X")."""
        return [o for clause in noun.children if clause.dep_ == "acl" and clause.tag_ == "VBN"
                for a in clause.children if a.dep_ == "agent" for o in a.children if o.dep_ == "pobj"]

    def _occasion(self, noun: Token, entry: Trigger | None) -> bool:
        """The nominal event is the occasion or the cause of the clause, not an act of its subject.

        "made the announcement at a rally", "arrested after the killing of X": whoever is at an
        event did not necessarily do it (meetings and visits excepted: being at one is taking part);
        "in response to the strikes on X": the strikes were the other side's act.
        """
        party = entry is not None and entry.relation in (*PARTY_RELATIONS, "consultedWith")
        tok = noun
        while tok.dep_ in ("pobj", "prep", "conj", "pcomp") and tok.head.i != tok.i:
            head = tok.head
            if tok.dep_ == "prep" and tok.lower_ in _CIRCUMSTANCE_PREPS and not party:
                return True
            if tok.dep_ == "prep" and head.lemma_ in self.responses:
                return True
            if head.pos_ in ("VERB", "AUX"):
                return False
            tok = head
        return False

    def _agents(self, tok: Token, entry: Trigger) -> list[str]:
        agents = self._main_agents(tok, entry)
        if agents and tok.pos_ in ("VERB", "AUX"):
            # "signed by X, the secretary of …, and Y": the parser may hang Y on the verb
            for conj in tok.children:
                if conj.dep_ == "conj" and conj.pos_ in ("PROPN", "NOUN") and conj.i in self.tokmap:
                    agents += [k for k in self._actors(conj, "party") if k not in agents]
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
        return [o for p in tok.children if p.dep_ in ("prep", "agent", "prt", "dative") and p.lower_ == word
                for o in p.children if o.dep_ == "pobj"]

    def _targets(self, tok: Token, entry: Trigger) -> tuple[list[str], list[tuple[str, str]]]:
        """Targets of a trigger, and pairs of parties for "between X and Y"."""
        targets: list[str] = []
        pairs: list[tuple[str, str]] = []
        passive = any(c.dep_ in ("nsubjpass", "auxpass") for c in tok.children)
        hosts = [tok]
        if tok.pos_ in ("NOUN", "PROPN") and tok.dep_ == "dobj":
            hosts.append(tok.head)  # "imposed sanctions on X": the preposition hangs from the verb
        role = "party" if entry.relation in PARTY_RELATIONS else "target"
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
                if not found and not passive and not any(c.dep_ == "dobj" for c in tok.children):
                    # "denounced as a crime Serbia's crackdown": an object shifted past its "as" complement
                    # is read as an apposition of the complement
                    for obj in self._preps(tok, "as"):
                        for child in obj.children:
                            if child.dep_ == "appos" and child.i > obj.i:
                                found += self._actors(child, "target")
                if entry.particle and not found:
                    for obj in self._preps(tok, entry.particle):
                        found += self._actors(obj, "target")
            elif slot == "ccomp":
                for child in tok.children:
                    # "demanded that X…", and "pushed for X to…" (read as a clause marked by "for")
                    if child.dep_ == "ccomp" or (child.dep_ == "advcl" and any(
                            m.dep_ == "mark" and m.lower_ == "for" for m in child.children)):
                        found += [k for s in child.children if s.dep_ in ("nsubj", "nsubjpass") for k in self._actors(s, "target")]
            elif slot == "between":
                for obj in self._preps(tok, "between"):
                    parties = self._actors(obj, "target")
                    pairs += [(a, b) for i, a in enumerate(parties) for b in parties[i + 1:]]
            else:
                for host in hosts:
                    for obj in self._preps(host, slot):
                        found += self._actors(obj, role)
                    found += [k for obj in self._stranded(host, slot) for k in self._actors(obj, role)]
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
            # "anti-India protests", "anti-government rallies": the prefixed modifier is what they oppose
            targets = [k for c in tok.lefts if _opposed(c) and c.i in self.tokmap for k in self._np(c, "target")]
        if not targets and tok.pos_ in ("NOUN", "PROPN"):
            verb = tok.head.head if tok.dep_ == "pobj" and tok.head.head.dep_ == "dobj" else tok
            verb = verb.head if verb.dep_ == "dobj" else None
            if verb is not None and verb.lemma_ in self.light:
                targets = [k for c in verb.children if c.dep_ == "dative" for k in self._actors(c, role)]
        return targets, pairs

    def _stranded(self, tok: Token, word: str) -> list[Token]:
        """Objects of a preposition the parser left empty: "granted asylum to five officers holed up in…"
        reads the officers as the subject of the participle that follows them."""
        out: list[Token] = []
        for prep in tok.children:
            if prep.dep_ == "prep" and prep.lower_ == word and not any(c.dep_ == "pobj" for c in prep.children):
                for clause in tok.children:
                    if clause.dep_ in ("advcl", "ccomp", "xcomp", "conj") and clause.i > prep.i:
                        out += [c for c in clause.children if c.dep_ in ("nsubj", "nsubjpass")
                                and c.left_edge.i == prep.i + 1 and c.tag_ != "PRP"]
        return out

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
                elif child.dep_ == "prep" and child.lower_ in _TOPIC_PREPS and node.pos_ in ("NOUN", "PROPN"):
                    continue  # "share intelligence on X": the topic of a thing, not a party to the act
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

    def _place_country(self, tok: Token) -> list[str]:
        """The country where the clause takes place ("rioted at a jail in northern Israel")."""
        found: list[str] = []
        queue = [p for p in tok.children if p.dep_ == "prep" and p.lower_ in ("in", "at")]
        # "cut cables leading into Aden": the place of the thing acted on
        queue += [p for o in tok.children if o.dep_ == "dobj" for a in o.children if a.dep_ == "acl"
                  for p in a.children if p.dep_ == "prep" and p.lower_ in ("in", "into", "near")]
        # "exploded a series of bombs in Kabul": the place of the thing used or acted on
        objects = [o for o in tok.children if o.dep_ == "dobj"]
        objects += [q for o in objects for p in o.children if p.dep_ == "prep" and p.lower_ == "of"
                    for q in p.children if q.dep_ == "pobj"]
        queue += [p for o in objects for p in o.children if p.dep_ == "prep" and p.lower_ in ("in", "at")]
        for _ in range(3):
            nxt = []
            for prep in queue:
                # "in the capital Kabul": the name in apposition to the place noun
                objs = [o for pobj in prep.children for o in (pobj, *(a for a in pobj.children if a.dep_ == "appos"))]
                for obj in objs:
                    m = self.tokmap.get(obj.i)
                    if m is not None and (m.type == "Country" or m.metonym):
                        found.append(m.metonym or m.key)
                    nxt += [p for p in obj.children if p.dep_ == "prep" and p.lower_ in ("in", "at", "of")]
            queue = nxt
        return found[:1]

    def _actors_of_preps(self, tok: Token, words: tuple[str, ...]) -> list[str]:
        return [k for w in words for obj in self._preps(tok, w) for k in self._actors(obj, "target")]

    def _speaker(self, clause: Token) -> list[str]:
        for anc in [clause, *clause.ancestors]:
            if anc.lemma_ in self.modality.speech:
                return self._subject(anc)
        return []

    def _location(self, tok: Token) -> str | None:
        host = tok if tok.pos_ in ("VERB", "AUX") else tok.head
        hosts = [host, *(c for c in host.children if c.dep_ == "dobj")]  # "met X in Lima"
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
