"""Events: what happened, to whom, when and where, from trigger words in each sentence."""

from __future__ import annotations

import re

from .. import dates
from .lexicon import Lexicon
from .model import Sentence

_DETAIL = re.compile(
    r"\b(?:\d+|one|two|three|four|five|six|seven|eight|nine|ten|fifteen|twenty)\s+"
    r"(?:days?|weeks?|months?|years?|hours?)\b|\b\d+\s+(?:суток|дн\w*|лет|год\w*|месяц\w*|час\w*)",
    re.IGNORECASE,
)


def find_events(sentences: list[Sentence], lex: Lexicon, reference: str | None) -> list[dict]:
    out: list[dict] = []
    seen: set[tuple] = set()
    last_when: str | None = None
    for sent in sentences:
        found_dates = dates.find_dates(sent.text, reference)
        for cue in lex.events:
            m = cue.trigger.search(sent.text)
            if not m:
                continue
            after = sent.text[m.end():m.end() + 25]
            before = sent.text[max(0, m.start() - 25):m.start()]
            if cue.after_not and cue.after_not.search(after):
                continue
            if cue.before_not and cue.before_not.search(before):
                continue
            who = list(dict.fromkeys(p.name for p in sent.of("person")))
            places = sent.of("place")
            where = min(places, key=lambda p: abs(p.start - sent.start - m.start())).name if places else None
            when = min(found_dates, key=lambda d: abs(d.start - m.start())) if found_dates else None
            detail = _DETAIL.search(sent.text)
            key = (cue.type, tuple(who), when.edtf if when else None)
            if key in seen:
                continue
            seen.add(key)
            out.append({
                "type": cue.type, "who": who, "when": when.edtf if when else None,
                "when_text": when.text if when else None, "where": where,
                "detail": detail.group(0) if detail else None, "text": sent.text.strip(),
            })
        if found_dates:
            last_when = found_dates[-1].edtf
    del last_when
    return out
