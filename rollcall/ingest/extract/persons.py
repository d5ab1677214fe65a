"""Person names in English text by rule: capitalised runs with name evidence, then surnames.

Evidence for a run of two to four capitalised words: a known given name, a surname ending
typical of Kazakh, Uyghur or Russian names (-bek, -bay, -khan, -uly, -ova ...), a Chinese
family name with a pinyin given name, a title before it, a speech verb or an apposition after
it, "by" before it, or the run standing alone on its line. One word alone ("Karibai said") is
resolved to the full name given earlier in the document.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from . import gazetteer as gz
from . import lexicon
from .model import Mention, Sentence

_CAP = re.compile(r"^[A-Z][a-zà-ÿ'’]+(?:-[A-Z]?[a-zà-ÿ'’]+)*$")
_TITLE_BEFORE = re.compile(
    r"(?:ambassador|minister|president|premier|leader|chairman|spokes\w+|official|envoy|consul|"
    r"governor|deputy|senator|mayor|akim|correspondent|journalist|reporter|editor|expert|analyst|"
    r"researcher|professor|activist|dr\.?|mr\.?|mrs\.?|ms\.?|by|and|named|called)\s*$",
    re.IGNORECASE,
)
_AFTER = re.compile(
    r"^(?:\s*,\s*(?:a|an|the|who|whose|head|leader|member|chair|founder|director|one)\b|\s*['’]s\s+(?:husband|wife|son|daughter|brother|sister|mother|father)"
    r"|\s+(?:said|says|told|added|wrote|believes|confirmed|acknowledged|explained|noted|is an?)\b)",
)


@dataclass
class Word:
    text: str
    start: int
    end: int
    i: int


@lru_cache(maxsize=65536)
def fold(name: str) -> str:
    """A spelling key for one name part: Baibolat = Baybolat, Gaukhar = Gaukar."""
    s = name.casefold().replace("’", "'")
    for a, b in (("kh", "k"), ("zh", "j"), ("iy", "i"), ("y", "i"), ("q", "k"), ("gh", "g")):
        s = s.replace(a, b)
    return re.sub(r"(.)\1", r"\1", s)


class PersonFinder:
    def __init__(self, language: str = "en"):
        self.lex = lexicon.get(language)
        self.full: list[str] = []

    def _score(self, text: str, words: list[Word], alone: bool) -> int:
        first, rest = words[0].text, [w.text for w in words[1:]]
        score = 0
        if first.casefold() in gz.given_names():
            score += 2
        if any(gz.has_name_ending(w) for w in rest):
            score += 2
        elif gz.has_name_ending(first):
            score += 1
        if len(words) == 2 and gz.looks_chinese(first, rest[0]):
            score += 2
        if re.search(r"(?:written|reported|reporting|published|photos?|edited)\s+by\s*$", text[max(0, words[0].start - 20):words[0].start], re.I):
            score += 2
        elif _TITLE_BEFORE.search(text[max(0, words[0].start - 20):words[0].start]):
            score += 1 if text[max(0, words[0].start - 4):words[0].start].strip().lower() in ("by", "and") else 2
        if _AFTER.match(text[words[-1].end:words[-1].end + 40]):
            score += 1
        if alone:
            score += 1
        return score

    def run(self, text: str, spans: list[tuple[Sentence, list[Word], list[tuple[int, int]]]]) -> None:
        singles: list[tuple[Sentence, Word]] = []
        for sent, words, blocked in spans:
            runs: list[list[Word]] = [[]]
            for w in words:
                ok = (
                    _CAP.match(w.text) and w.text.casefold() not in gz.non_person_words()
                    and not any(a <= w.start < b for a, b in blocked)
                )
                if ok and (not runs[-1] or text[runs[-1][-1].end:w.start].strip() == ""):
                    runs[-1].append(w)
                elif ok:
                    runs.append([w])
                elif runs[-1]:
                    runs.append([])
            for run in runs:
                if len(run) == 1:
                    singles.append((sent, run[0]))
                elif 2 <= len(run) <= 4:
                    alone = sent.text.strip().rstrip(".") == text[run[0].start:run[-1].end]
                    if self._score(text, run, alone) >= 2:
                        name = " ".join(w.text for w in run)
                        name = re.sub(r"['’]s$", "", name)
                        if name not in self.full:
                            self.full.append(name)
                        sent.mentions.append(Mention("person", name, run[0].start, run[-1].end, name))
        for sent, w in singles:
            name = self.resolve(w.text, w.start, sent)
            if name:
                sent.mentions.append(Mention("person", name, w.start, w.end, w.text))
        for sent, _, _ in spans:
            sent.mentions.sort(key=lambda m: m.start)

    def resolve(self, word: str, at: int, sent: Sentence) -> str | None:
        key = fold(re.sub(r"['’]s$", "", word))
        hits = [n for n in self.full if key in (fold(n.split()[0]), fold(n.split()[-1]))]
        return hits[-1] if len(hits) == 1 or hits else None

    def roles(self, sentences: list[Sentence]) -> dict[str, str]:
        return assign_roles(sentences, self.lex, self.full)


# Roles a sentence can suggest for everyone in it; titles (official, journalist, expert) must
# stand next to the name ("told reporters" does not make the speaker a journalist).
_CONTEXT_ROLES = ("activist", "witness", "relative", "detainee")
_BYLINE = re.compile(r"\b(?:written|reporting|reported|published|edited)\s+by\b", re.I)
# Officials brief the press: "X told reporters", "X told a news conference", "X said at a briefing".
_BRIEFING = re.compile(
    r"^\s*(?:\w+\s+){0,2}(?:told|said at|speaking at|at)\s+(?:a\s+|the\s+)?(?:reporters|journalists|"
    r"(?:news |press )?(?:briefing|conference))|^\s*(?:\w+\s+){0,2}(?:сказал|заявил|сообщил)[аи]?\s+(?:журналистам|на брифинге)",
    re.I,
)
_CONTEXT_WINDOW = 60  # a cue for a context role must be this near the name, in the same clause


def assign_roles(sentences: list[Sentence], lex, names: list[str]) -> dict[str, str]:
    """Role per person from cues: titles and appositions weigh 3, the rest of the sentence 1."""
    scores: dict[str, dict[str, int]] = {n: {} for n in names}
    for sent in sentences:
        people = sent.of("person")
        byline = bool(people) and _BYLINE.search(sent.text) is not None
        for m in people:
            s = scores.setdefault(m.name, {})
            rel_start, rel_end = m.start - sent.start, m.end - sent.start
            before = sent.text[max(0, rel_start - 40):rel_start]
            before = re.split(r"[,;.“”\"]", before)[-1]
            after = sent.text[rel_end:]
            appos = after[:1] in (",", "’", "'") and re.split(r"(?<=\w)[,;.](?!\w)", after[1:], maxsplit=1)[0] or ""
            if after[:1] in ("’", "'") or re.match(r"\s+(?:is|was)\s", after):
                appos = re.split(r"[,;.](?!\w)", after, maxsplit=1)[0][:80]
            others = [o for o in people if o is not m]
            if byline:
                s["journalist"] = s.get("journalist", 0) + 2
            if _BRIEFING.match(after[:60]):
                s["official"] = s.get("official", 0) + 2
            # the clause around the name: no further than the next or previous quotation mark
            near_before = re.split(r"[“”\"«»;]", sent.text[max(0, rel_start - _CONTEXT_WINDOW):rel_start])[-1]
            # names listed together share what follows the list ("A, B and C, who protested")
            tail = m
            for o in people[people.index(m) + 1:]:
                if re.fullmatch(r"\s*(?:,\s*(?:and\s+)?|and\s+|и\s+)", sent.text[tail.end - sent.start:o.start - sent.start]):
                    tail = o
                else:
                    break
            after_list = sent.text[tail.end - sent.start:]
            near_after = re.split(r"[“”\"«»;]", after_list[:_CONTEXT_WINDOW])[0]
            near = f"{near_before} {near_after}"
            for role, rx in lex.roles.items():
                direct = (role not in ("relative", "detainee", "witness") and rx.search(before)) or rx.search(appos)
                if direct:
                    s[role] = s.get(role, 0) + 3
                elif role in _CONTEXT_ROLES and rx.search(near) and (role != "relative" or not others):
                    s[role] = s.get(role, 0) + 1
    out: dict[str, str] = {}
    for name in names:
        s = scores.get(name) or {}
        best = max(lex.role_order, key=lambda r: (s.get(r, 0), -lex.role_order.index(r)))
        out[name] = best if s.get(best) else "other"
    return out
