"""Who said it: the speaker of a sentence, from speech verbs, with paragraph fallbacks."""

from __future__ import annotations

import re

from .lexicon import Lexicon
from .model import Mention, Sentence


def speaker(sent: Sentence, lex: Lexicon, last_person: str | None) -> str | None:
    """The person or organisation a sentence reports as saying something, if it names one."""
    people = [m for m in sent.mentions if m.kind in ("person", "org")]
    for verb in lex.speech.finditer(sent.text):
        at = sent.start + verb.start()
        end = sent.start + verb.end()
        after = [m for m in people if 0 <= m.start - end <= 4]
        if after and (verb.group(0).lower().startswith(("according", "по ")) or not _before(people, at)):
            return after[0].name
        told = verb.group(0).lower().startswith(("told", "tell"))  # "X told RFE/RL": RFE/RL listened
        if after and not (told and _before(people, at)) and re.match(r"\s*$", sent.text[verb.end():after[0].start - sent.start]):
            return after[0].name
        lead = sent.text[:verb.start()]
        if lex.pronoun_subject.search(lead[-40:].rstrip(" ,") ) and last_person:
            return last_person
        before = _before(people, at)
        if before:
            return before.name
        return UNNAMED
    return None


UNNAMED = ""  # a speech verb whose speaker is not named ("rights groups say"): no fallback


def _before(mentions: list[Mention], at: int) -> Mention | None:
    prior = [m for m in mentions if m.end <= at]
    persons = [m for m in prior if m.kind == "person"]
    pick = persons or prior
    return pick[-1] if pick else None


def speakers(sentences: list[Sentence], lex: Lexicon) -> list[tuple[str | None, str]]:
    """(speaker, basis) per sentence: "explicit", "paragraph" or "previous_paragraph"."""
    direct: list[str | None] = []
    last_person: str | None = None
    for s in sentences:
        direct.append(speaker(s, lex, last_person))
        ps = s.of("person")
        if ps:
            last_person = ps[-1].name
    out: list[tuple[str | None, str]] = []
    for i, s in enumerate(sentences):
        if direct[i] == UNNAMED:
            out.append((None, "unnamed"))
            continue
        if direct[i]:
            out.append((direct[i], "explicit"))
            continue
        same = [j for j in range(len(sentences)) if sentences[j].paragraph == s.paragraph and direct[j]]
        if same:
            quote_first = s.text.lstrip()[:1] in "\"“«"
            later = [j for j in same if j > i]
            j = later[0] if (quote_first and later) else min(same, key=lambda j: (abs(j - i), -j))
            out.append((direct[j], "paragraph"))
            continue
        prev = [j for j in range(i) if sentences[j].paragraph == s.paragraph - 1 and direct[j]]
        out.append((direct[prev[-1]], "previous_paragraph") if prev else (None, "none"))
    return out
