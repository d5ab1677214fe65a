"""English: spaCy rule components (PhraseMatcher gazetteers, Matcher patterns) and name rules.

A blank English pipeline is used (no statistical model is downloaded); it is built once.
"""

from __future__ import annotations

import re
from functools import cache

from . import gazetteer as gz
from .model import Analysis, Mention, Sentence
from .persons import PersonFinder, Word

_ORG_HEADS = ["ministry", "department", "embassy", "consulate", "party", "university", "institute",
              "endowment", "committee", "council", "commission", "service", "agency", "foundation",
              "association", "bureau", "court", "watch", "centre", "center", "administration"]
_NATIONAL = ["kazakh", "chinese", "u.s.", "us", "american", "russian", "kazakhstan", "china",
             "kyrgyz", "uzbek", "turkish", "german", "british", "european", "state"]


@cache
def pipeline():
    """The blank pipeline with its matchers, built once per process."""
    import spacy
    from spacy.matcher import Matcher, PhraseMatcher

    nlp = spacy.blank("en")
    nlp.add_pipe("sentencizer")
    phrases = PhraseMatcher(nlp.vocab, attr="LOWER")
    for kind in ("places", "organizations"):
        variants = [v for v in gz.variants(kind) if re.search(r"[a-z]", v)]
        phrases.add(kind, list(nlp.tokenizer.pipe(variants)))
    matcher = Matcher(nlp.vocab)
    head = {"LOWER": {"IN": _ORG_HEADS}, "IS_TITLE": True}
    cap = {"IS_TITLE": True, "IS_SENT_START": False}
    matcher.add("org", [
        [cap, {"IS_TITLE": True, "OP": "*"}, head],
        [{"LOWER": {"IN": _NATIONAL}}, {"LOWER": {"IN": ["'s", "’s"]}, "OP": "?"},
         {"LOWER": {"IN": ["foreign", "justice", "interior", "defense", "defence"]}, "OP": "?"},
         {"LOWER": {"IN": ["ministry", "embassy", "consulate"]}}],
        [{"LOWER": "ministry"}, {"LOWER": "of"}, {"IS_TITLE": True, "OP": "+"}],
        [{"LOWER": {"IN": ["group", "organization", "organisation", "movement", "ngo"]}},
         {"LOWER": {"IN": ["called", "named"]}, "OP": "?"}, {"IS_TITLE": True, "OP": "+"}],
    ], greedy="LONGEST")
    return nlp, phrases, matcher


def _words(doc, base: int) -> list[Word]:
    """Tokens with hyphenated parts joined again ("Kassym-Jomart", "Nur-Sultan")."""
    out: list[Word] = []
    glue = False
    for tok in doc:
        if glue and out:
            w = out[-1]
            out[-1] = Word(w.text + tok.text, w.start, base + tok.idx + len(tok.text), w.i)
            glue = tok.text == "-" and not tok.whitespace_
            continue
        out.append(Word(tok.text, base + tok.idx, base + tok.idx + len(tok.text), tok.i))
        glue = not tok.whitespace_ and tok.i + 1 < len(doc) and (
            doc[tok.i + 1].text == "-" or (tok.text == "-" and tok.i > 0)
        ) and tok.is_alpha
    return out


def analyse(text: str) -> Analysis:
    nlp, phrases, matcher = pipeline()
    paragraphs = [p for p in re.split(r"\n\s*\n|\n", text)]
    sentences: list[Sentence] = []
    orgs: dict[str, str] = {}
    places: dict[str, str] = {}
    finder = PersonFinder("en")
    offset = 0
    spans: list[tuple[Sentence, list[Word], list[tuple[int, int]]]] = []
    for pi, (para, doc) in enumerate(zip(paragraphs, nlp.pipe(paragraphs), strict=True)):
        base = text.index(para, offset) if para else offset
        offset = base + len(para)
        blocked: list[tuple[int, int]] = []
        found: list[Mention] = []
        for label, s, e in phrases(doc):
            span = doc[s:e]
            if not span.text[:1].isupper():
                continue
            kind = "place" if doc.vocab.strings[label] == "places" else "org"
            name = gz.canonical("places" if kind == "place" else "organizations", span.text) or span.text
            found.append(Mention(kind, name, base + span.start_char, base + span.end_char, span.text))
            blocked.append((base + span.start_char, base + span.end_char))
        for _, s, e in matcher(doc):
            span = doc[s:e]
            if any(m.kind == "org" and m.start < base + span.end_char and base + span.start_char < m.end for m in found):
                continue
            name = re.sub(r"^(?:group|organi[sz]ation|movement|ngo)\s+(?:called\s+|named\s+)?", "", span.text, flags=re.I)
            name = re.sub(r"^the\s+", "", name, flags=re.I)
            known = gz.canonical("organizations", name)
            found.append(Mention("org", known or name, base + span.start_char, base + span.end_char, span.text))
            blocked.append((base + span.start_char, base + span.end_char))
        words = _words(doc, base)
        for sent in doc.sents:
            st = Sentence(sent.text, base + sent.start_char, base + sent.end_char, pi)
            st.mentions = [m for m in found if st.start <= m.start < st.end]
            sw = [w for w in words if st.start <= w.start < st.end]
            spans.append((st, sw, [(a, b) for a, b in blocked if st.start <= a < st.end]))
            sentences.append(st)
            for m in st.mentions:
                (places if m.kind == "place" else orgs).setdefault(m.name, m.text)
    finder.run(text, spans)
    return Analysis(
        text=text, language="en", sentences=sentences, persons=finder.roles(sentences),
        organizations=list(orgs), places=list(places),
    )
