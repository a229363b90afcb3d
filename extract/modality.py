"""Polarity and modality of an event mention (``dip:polarity``, ``dip:modality``)."""

from __future__ import annotations

from spacy.tokens import Token

from .vocab import Lexicon

__all__ = ["Modality"]

_CLAUSE_DEPS = frozenset({"ccomp", "xcomp", "advcl", "conj", "relcl", "acl", "pcomp", "csubj"})


class Modality:
    """Reads negation, futurity, conditionals and reported speech around a trigger."""

    def __init__(self, lex: Lexicon) -> None:
        self.speech = lex.word_class("speech_verbs")
        self.planning = lex.word_class("planning_words")
        self.planning_mods = lex.word_class("planning_modifiers")
        self.hypothetical_mods = lex.word_class("hypothetical_modifiers")
        self.future = lex.word_class("future_auxiliaries")
        self.hypothetical = lex.word_class("hypothetical_auxiliaries")
        self.markers = lex.word_class("hypothetical_markers")
        self.negators = lex.word_class("negators")
        self.failing = lex.word_class("failing_verbs")

    def _clause_head(self, tok: Token) -> Token:
        """The verb whose auxiliaries and negation govern ``tok`` (a noun's light verb, an adjective's copula)."""
        head = tok
        for _ in range(3):
            if head.pos_ in ("VERB", "AUX") or head.head.i == head.i:
                break
            if head.dep_ in ("dobj", "attr", "acomp", "xcomp", "pobj", "prep"):
                head = head.head
            else:
                break
        return head

    def of(self, tok: Token) -> tuple[str, str]:
        """(polarity, modality) of the event whose trigger is ``tok``."""
        verb = self._clause_head(tok)
        negated = any(c.dep_ == "neg" for c in (*tok.children, *verb.children)) or any(
            c.dep_ == "det" and c.lower_ in ("no",) for c in tok.children
        )
        # "is not scheduled to stop in Israel", "did not agree to meet"
        if verb.dep_ == "xcomp" and any(c.dep_ == "neg" for c in verb.head.children):
            negated = True
        # "failed to reach agreement", "refrained from attacking"
        if verb.dep_ in ("xcomp", "pcomp") and verb.head.lemma_ in self.failing:
            negated = True
        elif verb.dep_ == "pcomp" and verb.head.head.lemma_ in self.failing:
            negated = True
        auxes = [c.lower_ for c in verb.children if c.dep_ in ("aux", "auxpass")]
        modality = "asserted"
        if any(a in self.future for a in auxes) or (verb.lower_ == "going" and any(c.dep_ == "xcomp" for c in verb.children)):
            modality = "planned"
        elif any(a in self.hypothetical for a in auxes):
            # "X said it would visit": future in the past, reported as a plan
            clause = verb
            while clause.dep_ == "conj" and clause.head.i != clause.i:
                clause = clause.head
            governor = clause.head if clause.dep_ == "ccomp" else None
            if "would" in auxes and governor is not None and governor.lemma_ in self.speech and governor.tag_ == "VBD":
                modality = "planned"
            else:
                modality = "hypothetical"
        if any(c.dep_ == "amod" and c.lower_ in self.planning_mods for c in tok.children):
            modality = "planned"
        elif any(c.dep_ == "amod" and c.lower_ in self.hypothetical_mods for c in tok.children) or any(
                c.dep_ == "det" and c.lower_ in ("any", "every") for c in tok.children):
            modality = "hypothetical"  # "a possible war", "before any negotiations"
        # "preparing an offensive", "plans a visit"
        if modality == "asserted" and tok.dep_ == "dobj" and tok.head.lemma_ in self.planning:
            modality = "planned"
        # "plans to visit", "is due to sign"
        if verb.dep_ == "xcomp" and verb.head.lemma_ in self.planning and modality == "asserted":
            modality = "planned"
        if any(c.dep_ == "advcl" and any(m.dep_ == "mark" and m.lower_ in self.markers for m in c.children)
               for c in verb.children):
            return ("negated" if negated else "affirmed"), "hypothetical"
        node = verb
        for _ in range(6):
            if any(c.dep_ == "mark" and c.lower_ in self.markers for c in node.children):
                return ("negated" if negated else "affirmed"), "hypothetical"
            if node.dep_ not in _CLAUSE_DEPS or node.head.i == node.i:
                break
            node = node.head
        if modality == "asserted":
            for anc in verb.ancestors:
                if anc.lemma_ in self.speech and anc.pos_ in ("VERB", "AUX"):
                    modality = "reported"
                    break
            else:
                if any(c.dep_ == "prep" and c.lower_ == "according" for c in verb.children):
                    modality = "reported"
        return ("negated" if negated else "affirmed"), modality
