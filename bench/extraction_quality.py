"""Precision and recall of extraction against the hand-written gold annotations.

    .venv/bin/python bench/extraction_quality.py [--gold DIR --pages DIR] [--json]

Without --gold it reports two sets apart: the seed pages (tests/data/gold against
tests/data/ingest/seeds), which the rules were written while looking at, and the held-out
texts (tests/data/gold/heldout against tests/data/ingest/heldout), annotated before the
extractor was run on them: the honest estimate for unseen articles.

A gold entry with several spellings (a list) matches any of them; names also match by spelling
key (Baibolat = Baybolat). Claims match by value, events by type plus a snippet of their
sentence or a shared person.
"""

from __future__ import annotations

import argparse
import json
import re
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from rollcall.ingest.extract import extract_path  # noqa: E402
from rollcall.ingest.extract.persons import fold  # noqa: E402


def norm(s: str) -> str:
    s = s.replace("’", "'").casefold()
    s = re.sub(r"^the\s+|'s\b", " ", s)
    return " ".join(fold(w) for w in re.findall(r"[\w/.-]+", s))


def aliases(item) -> list[str]:
    return [norm(x) for x in (item if isinstance(item, list) else [item])]


def same(a: str, gold) -> bool:
    na = norm(a)
    for g in aliases(gold):
        if na == g or (len(na) > 3 and len(g) > 3 and (f" {na} " in f" {g} " or f" {g} " in f" {na} ")):
            return True
    return False


def score_sets(found: list[str], gold: list) -> tuple[int, int, int, int]:
    """(true positives among found, found, gold matched, gold)."""
    tp = sum(1 for f in found if any(same(f, g) for g in gold))
    hit = sum(1 for g in gold if any(same(f, g) for f in found))
    return tp, len(found), hit, len(gold)


def match_claims(found: list[dict], gold: list[dict]) -> tuple[int, int]:
    """(gold claims found, of those with the right attribution)."""
    used: set[int] = set()
    hit = right = 0
    for g in gold:
        for i, f in enumerate(found):
            if i in used or f["value"] != g["value"]:
                continue
            used.add(i)
            hit += 1
            ga, fa = g["attributed_to"], f.get("attributed_to")
            if (ga is None and fa is None) or (ga is not None and fa is not None and same(fa, ga)):
                right += 1
            break
    return hit, right


def match_events(found: list[dict], gold: list[dict]) -> int:
    used: set[int] = set()
    hit = 0
    for g in gold:
        for i, f in enumerate(found):
            if i in used or f["type"] != g["type"]:
                continue
            if g["text"].casefold() in f.get("text", "").casefold() or (
                g["who"] and set(g["who"]) & set(f["who"])
            ):
                used.add(i)
                hit += 1
                break
    return hit


def run(gold_dir: Path, pages: Path) -> dict:
    t = {k: [0, 0, 0, 0] for k in ("persons", "organizations", "places")}
    roles = [0, 0]
    claims = [0, 0, 0, 0]  # found, gold, hit, attribution right
    events = [0, 0, 0]  # found, gold, hit
    for gf in sorted(gold_dir.glob("*.json")):
        gold = json.loads(gf.read_text(encoding="utf-8"))
        out = extract_path(pages / gold["file"])[0]
        for key in t:
            found = [p["name"] for p in out[key]] if key == "persons" else out[key]
            gl = [p["name"] for p in gold[key]] if key == "persons" else gold[key]
            for i, v in enumerate(score_sets(found, gl)):
                t[key][i] += v
        for g in gold["persons"]:
            f = next((p for p in out["persons"] if same(p["name"], g["name"])), None)
            if f:
                roles[1] += 1
                roles[0] += f["role"] == g["role"]
        hit, right = match_claims(out["claims"], gold["claims"])
        claims[0] += len(out["claims"])
        claims[1] += len(gold["claims"])
        claims[2] += hit
        claims[3] += right
        events[0] += len(out["events"])
        events[1] += len(gold["events"])
        events[2] += match_events(out["events"], gold["events"])

    def pr(tp, n, hit, g):
        return {"precision": round(tp / n, 3) if n else None, "recall": round(hit / g, 3) if g else None}

    res = {k: pr(*v) for k, v in t.items()}
    res["person roles"] = {"accuracy": round(roles[0] / roles[1], 3) if roles[1] else None}
    res["claims"] = pr(claims[2], claims[0], claims[2], claims[1])
    res["claim attribution"] = {"accuracy": round(claims[3] / claims[2], 3) if claims[2] else None}
    res["events"] = pr(events[2], events[0], events[2], events[1])
    return res


SETS = {
    "seed pages": (ROOT / "tests/data/gold", ROOT / "tests/data/ingest/seeds"),
    "held-out texts": (ROOT / "tests/data/gold/heldout", ROOT / "tests/data/ingest/heldout"),
}


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--gold", type=Path)
    ap.add_argument("--pages", type=Path)
    ap.add_argument("--json", action="store_true")
    args = ap.parse_args()
    sets = {"given": (args.gold, args.pages or ROOT / "tests/data/ingest/seeds")} if args.gold else SETS
    results = {name: run(gold, pages) for name, (gold, pages) in sets.items()}
    if args.json:
        print(json.dumps(results if len(results) > 1 else next(iter(results.values())), indent=1))
        return
    for name, res in results.items():
        print(f"{name}\n{'category':<20}{'precision':>10}{'recall':>10}{'accuracy':>10}")
        for k, v in res.items():
            cells = [v.get("precision"), v.get("recall"), v.get("accuracy")]
            print(f"{k:<20}" + "".join(f"{c:>10.3f}" if c is not None else f"{'':>10}" for c in cells))
        print()


if __name__ == "__main__":
    main()
