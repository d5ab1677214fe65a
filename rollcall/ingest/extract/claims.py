"""Claims: a figure about people, with what it counts and who put it forward."""

from __future__ import annotations

import re
from bisect import bisect_right
from dataclasses import replace

from .. import dates
from . import quantities
from .lexicon import Lexicon
from .model import Sentence

_COUNTED = re.compile(
    r"^(?:\s*(?:of\s+)?(?:the\s+|such\s+|them|those|these)?)\s*(?:[\w-]+\s+){0,3}?"
    r"(?:people|persons|individuals|kazakhs?|uyghurs?|uighurs?|muslims?|citizens|nationals|residents|"
    r"detainees|prisoners|inmates|protesters|demonstrators|activists|families|relatives|children|"
    r"women|men|requests|applications|appeals|petitions|complaints|letters|testimonies|cases|"
    r"members|minorities|refugees|immigrants|returnees|kyrgyz|tajiks|them|those|"
    r"человек|людей|казах\w*|уйгур\w*|мусульман|граждан\w*|заключенн\w*|задержанн\w*|обращени\w*|"
    r"заявлени\w*|жалоб|писем|свидетельств|показани\w*|этническ\w*|сем[ьей]\w*|родственник\w*|"
    r"протестующ\w*|участник\w*|оралман\w*|кандас\w*|из них)\b",
    re.IGNORECASE,
)
_PASSIVE_AFTER = re.compile(r"^\s*(?:were|had been|have been|are|was|being|из них)?\s*(?:\w+\s+)?(?:returned|detained|released|arrested|held|forced|taken|allowed|вернул\w*|задержан\w*|освобожден\w*)", re.I)
_UNIT_AFTER = re.compile(r"^\s*-?\s*(?:days?|weeks?|months?|years?|hours?|minutes?|km|kilomet\w+|miles?|met(?:er|re)s?|dollars?|tenge|yuan|rubles?|euros?|a\.m\.|p\.m\.|суток|дн\w*|лет|год\w*|месяц\w*|час\w*|км|тенге|рубл\w*|юан\w*|долл\w*)\b", re.I)
_DET_BEFORE = re.compile(r"(?:\bthe|\bthese|\bthose|\bhis|\bher|\btheir|\bits|\bour|\bone of|\bэти|\bте)\s*$", re.I)


def _subject(sent: Sentence, q, nxt: int, lex: Lexicon) -> str:
    rel = q.start
    before = sent.text[max(0, rel - 60):rel]
    after = sent.text[q.end:nxt]
    for code, needs_pct, rx in lex.claim_subjects:
        if needs_pct and not q.percent:
            continue
        if rx.search(after) or (needs_pct and rx.search(before)):
            return code
    for code, needs_pct, rx in lex.claim_subjects:
        if not needs_pct and rx.search(before):
            return code
    return "other"


def _by_sentence(sentences: list[Sentence], text: str | None) -> list[list[quantities.Quantity]]:
    """Figures per sentence, offsets within the sentence; the text is scanned once."""
    if text is None:
        return [quantities.find(s.text) for s in sentences]
    out: list[list[quantities.Quantity]] = [[] for _ in sentences]
    starts = [s.start for s in sentences]
    for q in quantities.find(text):
        i = bisect_right(starts, q.start) - 1
        if i < 0 or q.end > sentences[i].end:
            continue
        base = sentences[i].start
        out[i].append(replace(q, start=q.start - base, end=q.end - base))
    return out


def find_claims(
    sentences: list[Sentence], said: list[tuple[str | None, str]], lex: Lexicon,
    text: str | None = None, reference: str | None = None,
) -> list[dict]:
    """Claims in `sentences`; pass the `text` their offsets refer to, to scan it once."""
    out: list[dict] = []
    seen: set[tuple] = set()
    for sent, (who, basis), qs in zip(sentences, said, _by_sentence(sentences, text), strict=True):
        if not qs:
            continue
        date_spans = [(d.start, d.end) for d in dates.find_dates(sent.text, reference)]
        for k, q in enumerate(qs):
            if any(a <= q.start < b for a, b in date_spans) or q.value is None:
                continue
            after = sent.text[q.end:q.end + 60]
            if _UNIT_AFTER.match(after) or _DET_BEFORE.search(sent.text[max(0, q.start - 12):q.start]):
                continue
            if not q.qualifier and 1900 <= (q.value or 0) <= 2100 and "," not in q.text:
                continue
            if not (q.percent or _COUNTED.match(after) or _PASSIVE_AFTER.match(after)):
                continue
            if q.value == 1 and not q.percent:
                continue
            nxt = qs[k + 1].start if k + 1 < len(qs) else len(sent.text)
            subject = _subject(sent, q, nxt, lex)
            key = (q.value, q.qualifier, subject, who)
            if key in seen:
                continue
            seen.add(key)
            claim = {
                "value": q.value, "quantity": q.text.strip(), "what": subject, "subject": subject,
                "qualifier": q.qualifier, "attributed_to": who, "attribution": basis,
                "text": sent.text.strip(),
            }
            if q.low is not None:
                claim["low"], claim["high"] = q.low, q.high
            if q.percent:
                claim["unit"] = "percent"
            out.append(claim)
    return out
