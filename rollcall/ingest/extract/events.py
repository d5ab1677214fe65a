"""Events: what happened, to whom, when and where, from trigger words in each sentence.

Each cue's trigger runs once over the whole text; its first match in a sentence makes at most
one event of that type. A trigger does not count in a heading line, after a modal or a
negation ("likely to provoke protests", "was not released"), or about an unnamed group
("those who fled"). `who` is not everyone in the sentence: it is the person nearest before the
trigger in the same clause (with the names listed together with it), or the person right after
an active trigger ("police detained X"); a speaker counts only when a pronoun ("he was
detained", "took us") points at them; "X's husband" does not make X the one arrested.
"""

from __future__ import annotations

import re
from bisect import bisect_right

from .. import dates
from .lexicon import Lexicon, lower_same_length
from .model import Mention, Sentence

_DETAIL = re.compile(
    r"\b(?:\d+|one|two|three|four|five|six|seven|eight|nine|ten|fifteen|twenty)\s+"
    r"(?:days?|weeks?|months?|years?|hours?)\b|\b\d+\s+(?:суток|дн\w*|лет|год\w*|месяц\w*|час\w*)",
    re.IGNORECASE,
)
# Words between a trigger and what precedes it that make it hypothetical, negated or generic.
_NOT_REAL = re.compile(
    r"(?:\b(?:likely|unlikely|could|would|might|may|will|threat(?:en\w*)?|risk|fear\w*|possible|"
    r"avoid|prevent|not|never|no|n't|those who|anyone who|people who|if)\b|n't)[^,;:.]{0,18}$"
    r"|(?:\b(?:не|бы|может|могут|возможн\w*|если|угроз\w*|те,? кто)\b)[^,;:.]{0,18}$",
    re.IGNORECASE,
)
_PRONOUN = re.compile(r"(?<!\w)(?:he|she|i|we|me|us|him|her|они|он|она|я|мы|меня|нас|его|ее|её)(?!\w)", re.I)
_POSSESSIVE = re.compile(r"^['’]s?\b")
_LIST_JOIN = re.compile(r"^\s*(?:,\s*(?:and\s+)?|and\s+|и\s+)$")
_CLAUSE_BREAK = re.compile(r"[;:—–]|\s-\s|[“”\"«»]")
# A lower-case subject right before the trigger ("police detained", "activists were arrested"):
# the named person earlier in the sentence is then not who it happened to.
_NOUN_SUBJECT = re.compile(
    r"\b(?!(?:he|she|i|we|they|who|which|that|also|then|later|again|reportedly|allegedly|"
    r"recently|once|had|has|have|was|were|is|are|been|being|be|not|and|or|but|briefly|"
    r"was|one|of|those|the|a|an|to|by|in|on|at|for|with|after|before|since|был|была|было|были|"
    r"уже|также|тоже|не|он|она|они|кто|который|которая|которые|и|в|на)\b)"
    r"[a-zа-яё]{3,}\s+(?:(?:were|was|have been|has been|had been|are|is|been|были|был|была)\s+)?"
    r"(?:\w+ly\s+)?$"
)
_HEADING_END = re.compile(r"[.!?\"”'’»…:)]\s*$")


def _is_heading(sent: Sentence, text: str) -> bool:
    """A line of its own, short and without closing punctuation (a headline, a caption)."""
    line_start = text.rfind("\n", 0, sent.start) + 1
    line_end = text.find("\n", sent.end)
    line = text[line_start:len(text) if line_end < 0 else line_end].strip()
    return line == sent.text.strip() and not _HEADING_END.search(line) and len(line.split()) <= 16


_CLAUSE_SUBJECT = re.compile(
    r"(?:^|[^\w])(\w+)\s+([a-z]{3,}|[а-яё]{3,})\s+(?:were|are|was|is|have been|has been|had been|have|had|"
    r"были|был|была)\s"
)


_RELATIVE_LEAD = ("whose", "who", "which", "that", "of", "the", "чьи", "которых", "чьих")
_NOT_NOUN = ("who", "which", "that", "also", "then", "кто", "который")


def _new_subject(between: str) -> bool:
    """A clause with its own common-noun subject between a name and a trigger
    ("Xi Jinping arrived ..., activists were arrested"); not a relative clause ("whose relatives are")."""
    for m in _CLAUSE_SUBJECT.finditer(between):
        if m.group(1).lower() not in _RELATIVE_LEAD and m.group(2).lower() not in _NOT_NOUN:
            return True
    return False


def _who(sent: Sentence, ts: int, te: int, speaker: str | None, prev_person: str | None) -> list[str]:
    """Persons the trigger at [ts, te) (offsets in the sentence) is about."""
    people = [m for m in sent.of("person")]
    rel = [(m, m.start - sent.start, m.end - sent.start) for m in people]
    text = sent.text
    chosen: list[Mention] = []
    lead = text[:ts]
    clause_start = max((m.end() for m in _CLAUSE_BREAK.finditer(lead)), default=0)
    before = [(m, a, b) for m, a, b in rel if b <= ts and a >= clause_start and ts - b <= 150]
    # "X's husband" / "X's lawyer": X is not the subject, unless "X's arrest".
    before = [(m, a, b) for m, a, b in before
              if not (_POSSESSIVE.match(text[b:b + 3]) and ts - b > 4)]
    verb = text[ts:te].endswith(("ed", "ан", "ен", "ли", "ла", "л"))
    if before and not (verb and _NOUN_SUBJECT.search(lead[before[-1][2]:])) and not _new_subject(lead[before[-1][2]:]):
        m, a, b = before[-1]
        group = [m]
        k = before.index((m, a, b))
        while k > 0 and _LIST_JOIN.match(text[before[k - 1][2]:before[k][1]]):
            k -= 1
            group.insert(0, before[k][0])
        chosen = group
    if not chosen:
        after = [(m, a, b) for m, a, b in rel if a >= te and a - te <= 40 and not _CLAUSE_BREAK.search(text[te:a])]
        if after and not re.match(r"^\s*(?:said|says|told|added|according)", text[after[0][2]:], re.I):
            chosen = [after[0][0]]
    names = list(dict.fromkeys(m.name for m in chosen))
    if not names and _PRONOUN.search(text[max(0, ts - 14):te + 5]):
        ref = speaker or prev_person
        if ref:
            names = [ref]
    elif speaker and speaker in names and len(names) == 1 and not re.search(
        r"\b(?:was|were|been|is|are|had|has|have|who)\b", text[ts - 40 if ts > 40 else 0:ts], re.I
    ):
        names = []  # the one who reports it, not the one it happened to
    return names


def find_events(
    sentences: list[Sentence], lex: Lexicon, reference: str | None, text: str,
    said: list[tuple[str | None, str]] | None = None,
) -> list[dict]:
    """Events in `sentences` (whose offsets are in `text`); `said` is the speaker per sentence."""
    starts = [s.start for s in sentences]
    hits: dict[int, list[tuple[int, object, int, int]]] = {}
    done: set[tuple[int, int]] = set()
    low = lower_same_length(text)
    if low is not None:  # one pass for all triggers, then which cues match where it stopped
        found = [(k, cue, m) for c in lex.any_event.finditer(low)
                 for k, cue in enumerate(lex.events) if (m := cue.trigger_lower.match(low, c.start()))]
    else:
        found = sorted(((k, cue, m) for k, cue in enumerate(lex.events) for m in cue.trigger.finditer(text)),
                       key=lambda f: f[2].start())
    for k, cue, m in found:
        i = bisect_right(starts, m.start()) - 1
        if i < 0 or (i, k) in done or m.end() > sentences[i].end:
            continue
        done.add((i, k))
        base = sentences[i].start
        hits.setdefault(i, []).append((k, cue, m.start() - base, m.end() - base))
    out: list[dict] = []
    seen: set[tuple] = set()
    prev_person: str | None = None
    for i, sent in enumerate(sentences):
        if i and sent.paragraph != sentences[i - 1].paragraph:
            prev_person = None
        found = hits.get(i)
        if found and not _is_heading(sent, text):
            found_dates = dates.find_dates(sent.text, reference)
            speaker = said[i][0] if said else None
            for _, cue, ts, te in sorted(found, key=lambda h: h[0]):
                after = sent.text[te:te + 25]
                before = sent.text[max(0, ts - 25):ts]
                if cue.after_not and cue.after_not.search(after):
                    continue
                if cue.before_not and cue.before_not.search(before):
                    continue
                if _NOT_REAL.search(sent.text[max(0, ts - 40):ts]):
                    continue
                who = _who(sent, ts, te, speaker, prev_person)
                places = sent.of("place")
                where = min(places, key=lambda p: abs(p.start - sent.start - ts)).name if places else None
                when = min(found_dates, key=lambda d: abs(d.start - ts)) if found_dates else None
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
        ps = sent.of("person")
        if ps:
            prev_person = ps[-1].name
    return out
