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


def _one_blas_thread() -> None:
    """Run the BLAS library on one thread in this process.

    natasha's taggers multiply small matrices (one sentence at a time); with OpenBLAS's thread
    pool on a shared 2-core machine every product waits for busy threads, and the Russian path
    ran ten times slower (3.5 instead of 36 articles/s). The environment variable only counts
    before numpy is loaded, so the loaded library is told through threadpoolctl.
    """
    from threadpoolctl import threadpool_limits

    threadpool_limits(limits=1, user_api="blas")


@cache
def pipeline():
    import numpy  # noqa: F401  (loads OpenBLAS, so that it can be told to use one thread)
    from natasha import MorphVocab, NewsEmbedding, NewsMorphTagger, NewsNERTagger, Segmenter

    _one_blas_thread()
    emb = NewsEmbedding()
    return Segmenter(), MorphVocab(), NewsMorphTagger(emb), NewsNERTagger(emb)


def analyse(text: str) -> Analysis:
    from natasha import Doc
    from natasha.doc import adapt_spans, inject_morph, sent_words

    segmenter, vocab, morph, ner = pipeline()
    paragraphs = re.split(r"\n\s*\n|\n", text)
    sentences: list[Sentence] = []
    full: list[str] = []
    orgs: dict[str, None] = {}
    places: dict[str, None] = {}
    offset = 0
    # NER for all lines of the article in batches (natasha tags one line per call otherwise);
    # morphology only for the sentences that hold a name, which is all normalising needs.
    markups = iter(ner.map([p for p in paragraphs if p.strip()]))
    for pi, para in enumerate(paragraphs):
        base = text.index(para, offset) if para else offset
        offset = base + len(para)
        if not para.strip():
            continue
        doc = Doc(para)
        doc.segment(segmenter)
        doc.spans = list(adapt_spans(doc, next(markups).spans))
        doc.envelop_span_tokens()
        doc.envelop_sent_spans()
        named = [sent for sent in doc.sents if sent.spans]
        for sent, markup in zip(named, morph.map([sent_words(x) for x in named]), strict=True):
            inject_morph(sent.tokens, markup.tokens)
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
