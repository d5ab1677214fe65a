"""How alike two names are, whatever their order, script or completeness, and why.

Words are paired one to one, best pairs first, so word order does not matter
(Bilash Serikzhan = Serikzhan Bilash). Two words are alike by their folded roots
(suffixes -uly/-ova/... stripped) and by their consonant skeletons, half each, so vowel drift in
Chinese transcriptions (赛尔克坚 -> sairkjan ~ serikjan) costs little while a changed consonant
costs a lot. An alias pair (Mukhammed / Mamet) counts as 0.95. ``n`` against ``ng`` is a real
difference (Kurmanaliyeva is not Kurmangaliyev) and caps the word at 0.7.

Two names are no stronger than their weakest pair of words: the weighted mean is multiplied by
0.7 + 0.3 x the weakest pair, so brothers Yerbol and Yerlan Dauletbek stay apart although their
longer word agrees.

A name with fewer words may still match (a partial name): each word without a counterpart
costs 10 %. Genders that the suffixes give and that disagree cost 15 %.

The score is in 0..1. Rough reading: >= 0.85 strong, 0.7-0.85 worth a look, below that weak.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import lru_cache

from rapidfuzz.distance import Indel

from rollcall.names.fold import skeleton
from rollcall.names.prepare import PreparedName, Token, prepare

STRONG = 0.85
WEAK_WORD = 0.55
MISSING_WORD_FACTOR = 0.9
GENDER_FACTOR = 0.85
ALIAS_SCORE = 0.95
NG_CAP = 0.7
WEAKEST_BASE = 0.7


@dataclass(frozen=True)
class Match:
    score: float
    reasons: list[str] = field(default_factory=list)

    @property
    def strong(self) -> bool:
        return self.score >= STRONG


def word_similarity(a: Token, b: Token) -> tuple[float, str]:
    """(similarity, kind) for two prepared words; kind names the rule that decided."""
    return _word_similarity(a.root, b.root, a.skel, b.skel, a.alias, b.alias)


@lru_cache(maxsize=1 << 18)
def _word_similarity(
    root_a: str, root_b: str, skel_a: str, skel_b: str, alias_a: str | None, alias_b: str | None
) -> tuple[float, str]:
    if root_a == root_b:
        return 1.0, "same"
    if alias_a is not None and alias_a == alias_b:
        return ALIAS_SCORE, "alias"
    by_root = Indel.normalized_similarity(root_a, root_b)
    by_skeleton = Indel.normalized_similarity(skel_a, skel_b)
    score = 0.5 * by_root + 0.5 * by_skeleton
    if ("ng" in root_a or "ng" in root_b) and root_a.replace("ng", "n") == root_b.replace(
        "ng", "n"
    ):
        return min(score, NG_CAP), "n/ng differ"
    # One word is the start of the other: a shortened name (Kassym / Kassymzhomart).
    short, long_ = sorted((root_a, root_b), key=len)
    if len(short) >= 4 and long_.startswith(short):
        score = max(score, 0.85)
    return score, "similar" if score >= WEAK_WORD else "different"


def _merged(tokens: tuple[Token, ...]) -> list[tuple[Token, ...]]:
    """The word list with each adjacent pair written as one word (Kali Olla -> Kaliolla)."""
    out = []
    for i in range(len(tokens) - 1):
        a, b = tokens[i], tokens[i + 1]
        root = a.root + b.root
        joined = Token(a.text + b.text, root, skeleton(root), None, a.role)
        out.append(tokens[:i] + (joined,) + tokens[i + 2 :])
    return out


def _pair_up(
    a: tuple[Token, ...], b: tuple[Token, ...]
) -> tuple[float, list[tuple[Token, Token, float, str]], int]:
    """Greedy one-to-one pairing: (weighted mean similarity, pairs, words left over)."""
    if len(a) == 2 and len(b) == 2:  # most names: the same pairing, without the general loop
        return _pair_up_two(a, b)
    return _pair_up_any(a, b)


def _pair_up_any(
    a: tuple[Token, ...], b: tuple[Token, ...]
) -> tuple[float, list[tuple[Token, Token, float, str]], int]:
    scored = []
    for i, ta in enumerate(a):
        for j, tb in enumerate(b):
            sim, kind = word_similarity(ta, tb)
            scored.append((sim, i, j, kind))
    scored.sort(key=lambda item: item[0], reverse=True)
    used_a: set[int] = set()
    used_b: set[int] = set()
    pairs = []
    total = weight = 0.0
    for sim, i, j, kind in scored:
        if i in used_a or j in used_b:
            continue
        used_a.add(i)
        used_b.add(j)
        w = max(len(a[i].root), len(b[j].root))
        total += sim * w
        weight += w
        pairs.append((a[i], b[j], sim, kind))
    core = total / weight if weight else 0.0
    if len(pairs) > 1:
        core *= WEAKEST_BASE + (1 - WEAKEST_BASE) * min(p[2] for p in pairs)
    return core, pairs, abs(len(a) - len(b))


def _pair_up_two(
    a: tuple[Token, ...], b: tuple[Token, ...]
) -> tuple[float, list[tuple[Token, Token, float, str]], int]:
    """``_pair_up`` for two words against two: the best pair, then the other two words."""
    a0, a1 = a
    b0, b1 = b
    s00 = _word_similarity(a0.root, b0.root, a0.skel, b0.skel, a0.alias, b0.alias)
    s01 = _word_similarity(a0.root, b1.root, a0.skel, b1.skel, a0.alias, b1.alias)
    s10 = _word_similarity(a1.root, b0.root, a1.skel, b0.skel, a1.alias, b0.alias)
    s11 = _word_similarity(a1.root, b1.root, a1.skel, b1.skel, a1.alias, b1.alias)
    # The first best in the general loop's order (00, 01, 10, 11) decides the pairing.
    best = max(s00[0], s01[0], s10[0], s11[0])
    if s00[0] == best or (s11[0] == best and s01[0] != best and s10[0] != best):
        first, second = (
            ((a0, b0, s00), (a1, b1, s11)) if s00[0] == best else ((a1, b1, s11), (a0, b0, s00))
        )
    else:
        first, second = (
            ((a0, b1, s01), (a1, b0, s10)) if s01[0] == best else ((a1, b0, s10), (a0, b1, s01))
        )
    (x1, y1, (sim1, kind1)), (x2, y2, (sim2, kind2)) = first, second
    w1 = max(len(x1.root), len(y1.root))
    w2 = max(len(x2.root), len(y2.root))
    core = (sim1 * w1 + sim2 * w2) / (w1 + w2)
    core *= WEAKEST_BASE + (1 - WEAKEST_BASE) * min(sim1, sim2)
    return core, [(x1, y1, sim1, kind1), (x2, y2, sim2, kind2)], 0


def _score_tokens(
    a: tuple[Token, ...], b: tuple[Token, ...]
) -> tuple[float, list[tuple[Token, Token, float, str]], int]:
    best = _pair_up(a, b)
    best_score = best[0] * MISSING_WORD_FACTOR ** best[2]
    if len(a) != len(b) and min(len(a), len(b)) >= 1:
        longer, shorter, flip = (a, b, False) if len(a) > len(b) else (b, a, True)
        for merged in _merged(longer):
            core, pairs, left = _pair_up(shorter, merged) if flip else _pair_up(merged, shorter)
            if flip:
                pairs = [(x, y, s, k) for y, x, s, k in pairs]
            candidate = core * MISSING_WORD_FACTOR**left
            if candidate > best_score:
                best, best_score = (core, pairs, left), candidate
    return best_score, best[1], best[2]


def compare_prepared(a: PreparedName, b: PreparedName, explain: bool = True) -> Match:
    if not a.tokens or not b.tokens:
        return Match(0.0, ["a name has no letters"] if explain else [])
    score, pairs, left = _score_tokens(a.tokens, b.tokens)
    via_pinyin = False
    for x, y in ((a.pinyin, b.tokens), (a.tokens, b.pinyin)):
        if x and y:
            alt, alt_pairs, alt_left = _score_tokens(x, y)
            if alt > score:
                score, pairs, left, via_pinyin = alt, alt_pairs, alt_left, True
    gender_clash = a.gender is not None and b.gender is not None and a.gender != b.gender
    if gender_clash:
        score *= GENDER_FACTOR
    score = max(0.0, min(1.0, score))
    if not explain:
        return Match(score)
    reasons = [f"{x.text} ~ {y.text}: {sim:.2f} ({kind})" for x, y, sim, kind in pairs]
    if left:
        reasons.append(f"partial name: {left} word(s) without a counterpart")
    if gender_clash:
        reasons.append(f"gender differs ({a.gender} / {b.gender})")
    if via_pinyin:
        reasons.append("read as Mandarin pinyin")
    return Match(round(score, 4), reasons)


def compare(a: str, b: str) -> Match:
    """Similarity of two names in any scripts, with the reasons for the score."""
    return compare_prepared(prepare(a), prepare(b))
