"""English: spaCy's PhraseMatcher over gazetteers, organisation patterns and name rules.

A blank English pipeline is used (no statistical model is downloaded); it is built once. Speed
(a target of 100 articles/s on 2 cores): the whole article is one spaCy Doc, built from our own
regular-expression tokens (spaCy's rule tokenizer took half the time); sentences follow the
sentencizer's rule plus line breaks; organisation patterns run over token lists in Python (the
Matcher's set predicates build a Python object per token).
"""

from __future__ import annotations

import re
import unicodedata
from bisect import bisect_left, bisect_right
from functools import cache

from spacy.pipeline.sentencizer import Sentencizer

from . import gazetteer as gz
from .model import Analysis, Mention, Sentence
from .persons import PersonFinder, Word

_ORG_HEADS = frozenset(["ministry", "department", "embassy", "consulate", "party", "university", "institute",
              "endowment", "committee", "council", "commission", "service", "agency", "foundation",
              "association", "bureau", "court", "watch", "centre", "center", "administration"])
_NATIONAL = frozenset(["kazakh", "chinese", "u.s.", "us", "american", "russian", "kazakhstan", "china",
                       "kyrgyz", "uzbek", "turkish", "german", "british", "european", "state"])
_DEPARTMENTS = frozenset(["foreign", "justice", "interior", "defense", "defence"])
_MISSIONS = frozenset(["ministry", "embassy", "consulate"])
_GROUP_WORDS = frozenset(["group", "organization", "organisation", "movement", "ngo"])
_PUNCT_CHARS = frozenset(Sentencizer.default_punct_chars)
_ORG_LEAD = re.compile(r"^(?:group|organi[sz]ation|movement|ngo)\s+(?:called\s+|named\s+)?", re.I)
_THE = re.compile(r"^the\s+", re.I)


@cache
def pipeline():
    """The blank pipeline with its matchers, built once per process."""
    import spacy
    from spacy.matcher import PhraseMatcher

    nlp = spacy.blank("en")
    phrases = PhraseMatcher(nlp.vocab, attr="LOWER")
    for kind in ("places", "organizations"):
        variants = [v for v in gz.variants(kind) if re.search(r"[a-z]", v)]
        phrases.add(kind, [_doc(nlp, v, _tokens(v)) for v in variants])
    return nlp, phrases


# Tokens as spaCy's English tokenizer makes them where it matters here: words apart from
# punctuation, hyphens and "'s"; abbreviations ("Mr.", "U.S.") keep their period, so that it
# ends no sentence; every line break is a token of its own, so that no phrase runs across lines.
_TOKEN = re.compile(
    r"(?:[^\W\d_]\.){2,}(?!\w)|\d+(?:[.,]\d+)*|[^\W\d_]+(?:['’](?![sS](?!\w))[^\W\d_]+)*|['’][sS](?!\w)|\n|\S"
)


@cache
def _abbreviations() -> frozenset[str]:
    import spacy

    rules = spacy.blank("en").tokenizer.rules
    return frozenset(k for k in rules if k.endswith(".") and re.fullmatch(r"[A-Za-z.]+", k) and len(k) > 1)


def _tokens(text: str) -> list[tuple[int, int]]:
    abbr = _abbreviations()
    out: list[tuple[int, int]] = []
    for m in _TOKEN.finditer(text):
        a, b = m.span()
        if text[a] == "." and out and out[-1][1] == a and text[out[-1][0]:b] in abbr:
            out[-1] = (out[-1][0], b)
            continue
        out.append((a, b))
    return out


@cache
def _is_punct(tok: str) -> bool:
    return all(unicodedata.category(c).startswith("P") for c in tok)


def _doc(nlp, text: str, spans: list[tuple[int, int]]):
    from spacy.tokens import Doc

    return Doc(nlp.vocab, words=[text[a:b] for a, b in spans])


_LINE_BREAK = re.compile(r"\n\s*\n|\n")


def _lines(text: str) -> list[tuple[int, int]]:
    """(start, end) of each line, split as `re.split(r"\\n\\s*\\n|\\n", text)` splits it."""
    out, at = [], 0
    for m in _LINE_BREAK.finditer(text):
        out.append((at, m.start()))
        at = m.end()
    out.append((at, len(text)))
    return out


def _segment(text: str, spans: list[tuple[int, int]], lines: list[tuple[int, int]]):
    """Sentences (start token, end token, line), capitalised words, and token columns.

    Sentence boundaries follow spaCy's sentencizer (after ., ! or ? and the punctuation that
    closes it) and every line break. Words are tokens with a hyphenated part joined again
    ("Kassym-Jomart", "Nur-Sultan"); only those starting with a capital are kept (names are
    made of them; anything else between two of them breaks a run of name words anyway).
    """
    n = len(spans)
    idx = [a for a, _ in spans]
    length = [b - a for a, b in spans]
    toks = [text[a:b] for a, b in spans]
    breaks = [k for k, t in enumerate(toks) if t == "\n"]
    starts = {k + 1 for k in breaks if k + 1 < n and toks[k + 1] != "\n"}
    if n and toks[0] != "\n":
        starts.add(0)
    punct_chars = _PUNCT_CHARS
    for k in [k for k, t in enumerate(toks) if t in punct_chars]:
        j = k + 1
        while j < n and toks[j] != "\n" and (toks[j] in punct_chars or _is_punct(toks[j])):
            j += 1
        if j < n and toks[j] != "\n":
            starts.add(j)
    ordered = sorted(starts)
    line_starts = [a for a, _ in lines]
    sents: list[tuple[int, int, int]] = []
    for i, s in enumerate(ordered):
        e = ordered[i + 1] if i + 1 < len(ordered) else n
        nb = bisect_left(breaks, s)
        if nb < len(breaks) and breaks[nb] < e:
            e = breaks[nb]
        sents.append((s, e, bisect_right(line_starts, idx[s]) - 1))
    # hyphenated words: an alphabetic token, "-" right after it, and the token right after that
    joined: dict[int, int] = {}  # first token -> last token of a joined word
    tail = -1
    for k in [k for k, t in enumerate(toks) if t == "-"]:
        p = k - 1
        if p < 0 or p == tail or idx[p] + length[p] != idx[k] or not toks[p].isalpha():
            continue
        last = k + 1 if k + 1 < n and idx[k] + 1 == idx[k + 1] and toks[k + 1] != "\n" else k
        joined[p] = last
        tail = last
    words: list[Word] = []
    skip_to = -1
    for k in range(n):
        if k <= skip_to:
            continue
        t = toks[k]
        if k in joined:
            skip_to = joined[k]
            if t[0].isupper():
                words.append(Word(text[idx[k]:idx[skip_to] + length[skip_to]], idx[k], idx[skip_to] + length[skip_to], k))
        elif t[0].isupper():
            words.append(Word(t, idx[k], idx[k] + length[k], k))
    title = [t.istitle() for t in toks]
    return sents, words, idx, length, title


def _org_spans(text: str, idx: list[int], length: list[int], title: list[int], starts: set[int]):
    """Token spans of organisation names by pattern, longest first, none overlapping:
    "Xinjiang Human Rights Watch" (capitalised words ending in an organisation word, not at a
    sentence start), "Kazakhstan's Foreign Ministry", "Ministry of Foreign Affairs",
    "a group called Ata-Jurt". (As spaCy's Matcher with greedy="LONGEST" would give.)"""
    n = len(idx)
    lows = [text[a:a + m].lower() for a, m in zip(idx, length, strict=True)]

    def low(k: int) -> str:
        return lows[k] if k < n else ""

    def title_run(k: int) -> int:
        while k < n and title[k]:
            k += 1
        return k

    found: list[tuple[int, int]] = []
    run = -1  # first token of the current run of capitalised words
    for k in range(n):
        w = lows[k]
        if title[k]:
            if run < 0:
                run = k
            if k > run and w in _ORG_HEADS:
                found.extend((s, k + 1) for s in range(run, k) if s not in starts)
        else:
            run = -1
        if w in _NATIONAL:
            for j in ((k + 1, k + 2) if low(k + 1) in ("'s", "’s") else (k + 1,)):
                for j2 in ((j, j + 1) if low(j) in _DEPARTMENTS else (j,)):
                    if low(j2) in _MISSIONS:
                        found.append((k, j2 + 1))
        elif w == "ministry" and low(k + 1) == "of":
            found.extend((k, e) for e in range(k + 3, title_run(k + 2) + 1))
        elif w in _GROUP_WORDS:
            for j in ((k + 1, k + 2) if low(k + 1) in ("called", "named") else (k + 1,)):
                found.extend((k, e) for e in range(j + 1, title_run(j) + 1))
    taken = [False] * n
    out = []
    for s, e in sorted(found, key=lambda x: (x[1] - x[0], -x[0]), reverse=True):
        if not any(taken[s:e]):
            out.append((s, e))
            for k in range(s, e):
                taken[k] = True
    return out


def _by_sentence(bounds: list[tuple[int, int]], items: list, starts: list[int]) -> list[list]:
    """The items starting in each sentence (start <= item start < end), in their own order."""
    out: list[list] = [[] for _ in bounds]
    sentence_starts = [a for a, _ in bounds]
    for item, at in zip(items, starts, strict=True):
        i = bisect_right(sentence_starts, at) - 1
        if i >= 0 and at < bounds[i][1]:
            out[i].append(item)
    return out


def analyse(text: str) -> Analysis:
    nlp, phrases = pipeline()
    spans = _tokens(text)
    doc = _doc(nlp, text, spans)
    lines = _lines(text)
    sents, words, idx, length, title = _segment(text, spans, lines)

    places_label = nlp.vocab.strings["places"]
    found: list[Mention] = []
    blocked: list[tuple[int, int]] = []
    for label, s, e in phrases(doc):
        a, b = idx[s], idx[e - 1] + length[e - 1]
        if not text[a:a + 1].isupper():
            continue
        surface = text[a:b]
        kind = "place" if label == places_label else "org"
        name = gz.canonical("places" if kind == "place" else "organizations", surface) or surface
        found.append(Mention(kind, name, a, b, surface))
        blocked.append((a, b))
    orgs_found = [m for m in found if m.kind == "org"]
    for s, e in _org_spans(text, idx, length, title, {a for a, _, _ in sents}):
        a, b = idx[s], idx[e - 1] + length[e - 1]
        if any(m.start < b and a < m.end for m in orgs_found):
            continue
        surface = text[a:b]
        name = _ORG_LEAD.sub("", surface)
        name = _THE.sub("", name)
        m = Mention("org", gz.canonical("organizations", name) or name, a, b, surface)
        found.append(m)
        orgs_found.append(m)
        blocked.append((a, b))

    sentences: list[Sentence] = []
    spans: list[tuple[Sentence, list[Word], list[tuple[int, int]]]] = []
    orgs: dict[str, str] = {}
    places: dict[str, str] = {}
    word_starts = [w.start for w in words]
    bounds = [(idx[a], idx[b - 1] + length[b - 1]) for a, b, _ in sents]
    in_sentence = _by_sentence(bounds, found, [m.start for m in found])
    blocked_in = _by_sentence(bounds, blocked, [x for x, _ in blocked])
    for (_, _, li), (s_start, s_end), mentions, blocks in zip(sents, bounds, in_sentence, blocked_in, strict=True):
        st = Sentence(text[s_start:s_end], s_start, s_end, li)
        st.mentions = mentions
        lo, hi = bisect_left(word_starts, s_start), bisect_left(word_starts, s_end)
        spans.append((st, words[lo:hi], blocks))
        sentences.append(st)
        for m in st.mentions:
            (places if m.kind == "place" else orgs).setdefault(m.name, m.text)
    finder = PersonFinder("en")
    finder.run(text, spans)
    return Analysis(
        text=text, language="en", sentences=sentences, persons=finder.roles(sentences),
        organizations=list(orgs), places=list(places),
    )
