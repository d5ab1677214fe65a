"""Names turned once into what linkage needs: tokens, gender, keys. Pure Python (no Django).

``prepare_text`` gives what ``rollcall.names.prepare`` and ``prepared_keys`` give for a whole
name, built word by word: a list of a million names has only some tens of thousands of distinct
words, so each word is transliterated, folded and cut to its root once (``_word_forms``,
``_word``, ``_token``), and a name costs a few dictionary look-ups and its pair keys. Chinese
names are the exception: their transcription and Mandarin reading depend on the characters
together, so they are prepared whole (``prepare_whole``). A long list is still prepared in
worker processes while the main process goes on reading rows and loading the registry.

Registry names are not prepared again: their stored folded form (``PersonName.folded``) already
holds their words in Latin letters, and ``tokens_of_folded`` cuts it into word roots and gender
the way ``prepare`` does.
"""

from __future__ import annotations

import multiprocessing
import os
from collections.abc import Iterable
from concurrent.futures import Future, ProcessPoolExecutor
from functools import lru_cache
from typing import NamedTuple

from rollcall.names import prepare
from rollcall.names.aliases import canonical
from rollcall.names.fold import fold_words, skeleton
from rollcall.names.keys import prepared_keys, token_keys
from rollcall.names.parts import split_parts, strip_suffix
from rollcall.names.prepare import Token
from rollcall.names.scripts import scripts_in
from rollcall.names.transliterate import to_latin

# A pair of words is selective (a handful of persons share it); a lone word is not.
PAIR_PREFIXES = ("p:", "q:", "z:", "s:")
WORD_PREFIXES = ("r:", "k:", "a:")
KEY_LENGTH = 80  # the search index's column
PARALLEL_FROM = 20_000  # distinct names; fewer are prepared in this process
CHUNK = 4000


class Prepared(NamedTuple):
    folded: str
    script: str
    gender: str | None
    roots: tuple[str, ...]  # word roots in the order written
    pinyin: tuple[str, ...]  # a Chinese name's plain Mandarin reading, word by word; else empty
    keys: tuple[str, ...]  # every key, sorted, as the search index stores them
    blocking: tuple[str, ...]  # the selective ones: word pairs, or the words of a one-word name


def _prepared(folded: str, script: str, gender: str | None, roots: tuple[str, ...], pinyin: tuple[str, ...],
              keys: list[str]) -> Prepared:
    pairs = [k for k in keys if k.startswith(PAIR_PREFIXES)]
    blocking = pairs or [k for k in keys if k.startswith(WORD_PREFIXES)]
    return Prepared(folded, script, gender, roots, pinyin, tuple(sorted({k[:KEY_LENGTH] for k in keys})),
                    tuple(dict.fromkeys(k[:KEY_LENGTH] for k in blocking)))


def prepare_whole(text: str) -> Prepared:
    """The reference: ``prepare`` and ``prepared_keys`` over the whole name."""
    p = prepare(text)
    return _prepared(p.folded, p.script, p.gender, tuple(t.root for t in p.tokens),
                     tuple(t.root for t in p.pinyin or ()), prepared_keys(p))


@lru_cache(maxsize=1 << 20)
def _word_forms(word: str) -> tuple[frozenset[str], tuple[str, ...]]:
    """(scripts, folded Latin words) of one space-separated word of a name."""
    return frozenset(scripts_in(word)), tuple(fold_words(to_latin(word)))


@lru_cache(maxsize=1 << 20)
def _token(root: str) -> Token:
    return Token(root, root, skeleton(root), canonical(root), "unknown")


def _script(found: set[str]) -> str:
    if not found:
        return "unknown"
    return found.pop() if len(found) == 1 else "mixed"


def prepare_text(text: str) -> Prepared:
    """``prepare_whole(text)``, word by word from caches (a Chinese name whole)."""
    scripts: set[str] = set()
    folded: list[str] = []
    for word in text.split():
        found, words = _word_forms(word)
        scripts |= found
        folded.extend(words)
    if "han" in scripts:
        return prepare_whole(text)
    roots, gender = _roots_and_gender(folded)
    keys = list(dict.fromkeys(token_keys(tuple(_token(r) for r in roots))))
    return _prepared(" ".join(folded), _script(scripts), gender, roots, (), keys)


def prepare_many(texts: list[str]) -> list[Prepared]:
    return [prepare_text(t) for t in texts]


@lru_cache(maxsize=1 << 18)
def _word(word: str) -> tuple[str, str | None, str | None]:
    """(root, gender, detached gender) of one folded word.

    A detached word (``uly``, ``kyzy`` written apart) belongs to the word before it: asked of
    ``split_parts`` with a word in front, it leaves one part instead of two.
    """
    root, _, gender = strip_suffix(word)
    probe = split_parts(f"a {word}").parts
    if len(probe) == 1 and probe[0].gender:
        return root, gender, probe[0].gender
    return root, gender, None


def tokens_of_folded(folded: str) -> tuple[tuple[str, ...], str | None]:
    """(word roots, gender) of a folded name, as ``prepare`` gives them for the original text."""
    return _roots_and_gender(folded.split())


def _roots_and_gender(words: Iterable[str]) -> tuple[tuple[str, ...], str | None]:
    roots: list[str] = []
    genders: list[str | None] = []
    for word in words:
        root, gender, detached = _word(word)
        if detached and roots:
            genders[-1] = detached
            continue
        if root:
            roots.append(root)
            genders.append(gender)
    found = {g for g in genders if g}
    return tuple(roots), (found.pop() if len(found) == 1 else None)


class Preparer:
    """prepare_text over distinct texts, in worker processes when there are many.

    ``add(texts)`` queues the texts not seen yet; ``results()`` waits and answers text -> Prepared.
    """

    def __init__(self, workers: int | None = None, parallel_from: int = PARALLEL_FROM):
        self.done: dict[str, Prepared] = {}
        self.pending: list[str] = []
        self.futures: list[tuple[list[str], Future]] = []
        self.seen: set[str] = set()
        self.workers = workers if workers is not None else min(4, os.cpu_count() or 1)
        self.parallel_from = parallel_from
        self.pool: ProcessPoolExecutor | None = None

    def add(self, texts: Iterable[str]) -> None:
        """Texts wait until there are enough for the workers (all of them go there then), or until
        ``results``, which prepares a short list in this process."""
        for text in texts:
            if text not in self.seen:
                self.seen.add(text)
                self.pending.append(text)
        if self.workers > 0 and len(self.seen) >= self.parallel_from and (
                self.pool is None or len(self.pending) >= CHUNK):
            self._flush()

    def _flush(self) -> None:
        if not self.pending:
            return
        if self.pool is None and self.workers > 0 and len(self.seen) >= self.parallel_from:
            self.pool = ProcessPoolExecutor(self.workers, mp_context=multiprocessing.get_context("spawn"))
        pending, self.pending = self.pending, []
        if self.pool is None:
            self.done.update(zip(pending, prepare_many(pending), strict=True))
            return
        for start in range(0, len(pending), CHUNK):
            chunk = pending[start:start + CHUNK]
            self.futures.append((chunk, self.pool.submit(prepare_many, chunk)))

    def results(self) -> dict[str, Prepared]:
        """Every text added, prepared; handed over (the preparer keeps no reference to them)."""
        self._flush()
        try:
            for chunk, future in self.futures:
                self.done.update(zip(chunk, future.result(), strict=True))
        finally:
            self.close()
        self.futures = []
        done, self.done, self.seen = self.done, {}, set()
        return done

    def close(self) -> None:
        if self.pool is not None:
            self.pool.shutdown(wait=True, cancel_futures=True)
            self.pool = None
