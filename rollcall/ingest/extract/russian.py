"""Russian: natasha's NER (PER, ORG, LOC) with names normalised to the nominative.

natasha ships its models; they load once per process (about a second). The morphology tagger
runs before `normalize`, as natasha needs (PITFALLS.md).
"""

from __future__ import annotations

import re
from functools import cache

from . import gazetteer as gz
from . import lexicon
from .model import Analysis, Mention, Sentence
from .persons import assign_roles, fold


@cache
def pipeline():
    from natasha import MorphVocab, NewsEmbedding, NewsMorphTagger, NewsNERTagger, Segmenter

    emb = NewsEmbedding()
    return Segmenter(), MorphVocab(), NewsMorphTagger(emb), NewsNERTagger(emb)


def analyse(text: str) -> Analysis:
    from natasha import Doc

    segmenter, vocab, morph, ner = pipeline()
    paragraphs = re.split(r"\n\s*\n|\n", text)
    sentences: list[Sentence] = []
    full: list[str] = []
    orgs: dict[str, None] = {}
    places: dict[str, None] = {}
    offset = 0
    for pi, para in enumerate(paragraphs):
        base = text.index(para, offset) if para else offset
        offset = base + len(para)
        if not para.strip():
            continue
        doc = Doc(para)
        doc.segment(segmenter)
        doc.tag_ner(ner)
        if doc.spans:
            doc.tag_morph(morph)
        for sent in doc.sents:
            st = Sentence(sent.text, base + sent.start, base + sent.stop, pi)
            sentences.append(st)
        for span in doc.spans:
            span.normalize(vocab)
            name = (span.normal or span.text).strip()
            kind = {"PER": "person", "ORG": "org", "LOC": "place"}[span.type]
            if kind == "person":
                name = _person(name, full)
                if not name:
                    continue
            elif kind == "org":
                name = gz.canonical("organizations", name) or name
                orgs[name] = None
            else:
                name = gz.canonical("places", name) or name
                places[name] = None
            st = next((s for s in sentences if s.start <= base + span.start < s.end), None)
            if st is not None:
                st.mentions.append(Mention(kind, name, base + span.start, base + span.stop, span.text))
    lex = lexicon.get("ru")
    return Analysis(
        text=text, language="ru", sentences=sentences, persons=assign_roles(sentences, lex, full),
        organizations=list(orgs), places=list(places),
    )


def _person(name: str, full: list[str]) -> str | None:
    """The full name for a mention: new full names are kept, one word resolves to an earlier one."""
    parts = name.split()
    if len(parts) >= 2:
        if name not in full:
            full.append(name)
        return name
    key = fold(name)
    hits = [n for n in full if key in (fold(n.split()[0]), fold(n.split()[-1]))]
    return hits[-1] if hits else None
