"""Extraction of persons, organisations, places, claims and events from a Document.

    >>> from rollcall.ingest.extract import extract_document
    >>> extract_document(doc)["persons"]
    [{"name": "Beibut Atamkulov", "role": "official"}, ...]

English goes through spaCy rule components, Russian through natasha; both share the claim,
event and attribution rules (cue words per language in data/lexicon.yaml).
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from pathlib import Path

from ..document import Document
from ..read import read_path
from . import lexicon
from .attribution import speakers
from .claims import find_claims
from .events import find_events

__all__ = ["extract_document", "extract_path", "extract_paths", "extract_text"]


def _analyse(text: str, language: str):
    if language == "ru" or language == "kk":
        from .russian import analyse
    else:
        from .english import analyse
    return analyse(text)


def extract_text(text: str, language: str = "en", published: str | None = None) -> dict:
    """Persons, organisations, places, claims and events in `text` (no file metadata)."""
    lang = "ru" if language in ("ru", "kk") else "en"
    a = _analyse(text, lang)
    lex = lexicon.get(lang)
    said = speakers(a.sentences, lex)
    return {
        "persons": [{"name": n, "role": r} for n, r in a.persons.items()],
        "organizations": a.organizations,
        "places": a.places,
        "claims": find_claims(a.sentences, said, lex, a.text, published),
        "events": find_events(a.sentences, lex, published, a.text, said),
    }


def extract_document(doc: Document) -> dict:
    """The per-document format of DESIGN.md (`rollcall extract --json`), with extra fields."""
    text = doc.text
    if doc.title and doc.title not in text[: len(doc.title) + 5]:
        text = f"{doc.title}\n\n{text}"
    result = extract_text(text, doc.language or "en", doc.published)
    if doc.author and all(p["name"] != doc.author for p in result["persons"]):
        result["persons"].append({"name": doc.author, "role": "journalist"})
    return {
        "file": doc.file, "title": doc.title, "language": doc.language,
        "published": doc.published, "outlet": doc.outlet, "author": doc.author, "url": doc.url,
        **result,
    }


def extract_path(path: str | Path) -> list[dict]:
    """One result per document in the file (a WARC may hold several). ReadError if unreadable."""
    return [extract_document(d) for d in read_path(path)]


def extract_paths(paths: Sequence[str | Path], workers: int | None = None) -> Iterator[tuple[str | Path, list[dict] | Exception]]:
    """(path, extract_path(path)) for each path in order, or the exception it raised.

    On many files the work is spread over worker processes, one per core (`workers`: how many;
    0 for none; default: rollcall.ingest.parallel.default_workers).
    """
    from .. import parallel

    if workers is None:
        workers = parallel.default_workers(len(paths))
    yield from parallel.ordered_map(extract_path, paths, workers)
