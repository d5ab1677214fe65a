"""Name search benchmark: our key index against an exhaustive Jaro-Winkler scan.

    python bench/name_search.py [--names N] [--queries Q] [--json] [--seed S]

N synthetic names (Kazakh, Uyghur, Russian and Chinese styles, each stored in a random script)
are indexed with ``rollcall.names.NameIndex``. Each query is another source's spelling of one of
them (another script, transliteration, typo, word order). Reported in one run:

- our search: p50 / p95 ms per query and queries per second (one process, one core);
- the scan: rapidfuzz ``process.cdist`` with Jaro-Winkler over the same normalized names
  (``normalize(name)``), batched, all cores, top 10 per query, and its queries per second;
- recall@10 vs the scan: of the scan's 10 best names, the share that our index also puts forward
  (our candidate pool re-ranked by the scan's own Jaro-Winkler score; ties at the scan's 10th
  score count as found). The pool is ``index.pool(query)``: exactly the names that ``search``
  rescores (key candidates and nearest spellings, each entry expanded to every name it stands
  for); it used to be rebuilt here from ``candidates`` + ``near_spellings``, which could drift
  from what ``search`` really looks at;
- true-match hit@10: how often the name the query was made from is in the top 10, for our
  ranked search and for the scan.
"""

from __future__ import annotations

import argparse
import json
import random
import resource
import statistics
import sys
import time
from pathlib import Path

import numpy as np
from rapidfuzz import process
from rapidfuzz.distance import JaroWinkler

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from rollcall.names import NameIndex, normalize  # noqa: E402
from rollcall.names.synthetic import generate, render, variant  # noqa: E402

TOP = 10


def scan(query_forms: list[str], names: list[str], batch: int) -> tuple[list[np.ndarray], float]:
    """Top-10 positions and scores per query by exhaustive Jaro-Winkler; and seconds taken."""
    results = []
    start = time.perf_counter()
    for i in range(0, len(query_forms), batch):
        scores = process.cdist(
            query_forms[i : i + batch],
            names,
            scorer=JaroWinkler.normalized_similarity,
            dtype=np.float32,
            workers=-1,
        )
        top = np.argpartition(-scores, TOP, axis=1)[:, :TOP]
        for row, cols in zip(scores, top, strict=True):
            order = cols[np.argsort(-row[cols])]
            results.append(np.stack([order.astype(np.float32), row[order]]))
    return results, time.perf_counter() - start


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--names", type=int, default=1_000_000)
    parser.add_argument("--queries", type=int, default=500)
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--batch", type=int, default=8, help="queries per cdist call")
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args(argv)
    rng = random.Random(args.seed)

    t0 = time.perf_counter()
    people = generate(args.names, seed=args.seed)
    stored = [render(p, rng) for p in people]
    index = NameIndex()
    for i, name in enumerate(stored):
        index.add(i, name)
    index.candidates("warm up")  # builds the arrays
    build_s = time.perf_counter() - t0
    folded = [normalize(name) for name in stored]

    picks = [rng.randrange(args.names) for _ in range(args.queries)]
    queries = [variant(people[p], rng) for p in picks]

    # Our search, one query at a time.
    times, ours_hit, recall = [], 0, []
    pools = []
    for q, truth in zip(queries, picks, strict=True):
        start = time.perf_counter()
        results = index.search(q, limit=TOP)
        times.append(time.perf_counter() - start)
        ours_hit += any(r[0] == truth or stored[r[0]] == stored[truth] for r in results)
        pools.append(index.pool(q))
    total_s = sum(times)

    query_forms = [normalize(q) for q in queries]
    scanned, scan_s = scan(query_forms, folded, args.batch)
    scan_hit = 0
    for q_form, pool, top, truth in zip(query_forms, pools, scanned, picks, strict=True):
        positions, scores = top[0].astype(np.int64), top[1]
        scan_hit += any(int(p) == truth or stored[int(p)] == stored[truth] for p in positions)
        tenth = float(scores[-1]) - 1e-6
        pool_scores = sorted(
            (JaroWinkler.normalized_similarity(q_form, folded[p]) for p in pool), reverse=True
        )[:TOP]
        recall.append(sum(1 for s in pool_scores if s >= tenth) / TOP)

    report = {
        "names": args.names,
        "queries": args.queries,
        "build_s": round(build_s, 1),
        "peak_rss_mb": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024),
        "ours_p50_ms": round(statistics.median(times) * 1000, 3),
        "ours_p95_ms": round(float(np.percentile(times, 95)) * 1000, 3),
        "ours_qps": round(len(queries) / total_s, 1),
        "recall_at_10_vs_scan": round(float(np.mean(recall)), 4),
        "ours_true_match_hit_at_10": round(ours_hit / len(queries), 4),
        "scan_qps": round(len(queries) / scan_s, 1),
        "scan_true_match_hit_at_10": round(scan_hit / len(queries), 4),
        "speedup_vs_scan": round((len(queries) / total_s) / (len(queries) / scan_s), 1),
        "example_query": queries[0],
        "example_results": index.search(queries[0], limit=3),
    }
    if args.json:
        print(json.dumps(report, ensure_ascii=False))
        return 0
    rows = [
        ("names indexed", f"{report['names']:,}", f"built in {report['build_s']} s"),
        ("queries", f"{report['queries']:,}", f"peak RSS {report['peak_rss_mb']:,} MB"),
        ("our p50 / p95 ms per query", f"{report['ours_p50_ms']} / {report['ours_p95_ms']}", ""),
        ("our queries/s (1 core)", f"{report['ours_qps']:,}", ""),
        ("scan queries/s (all cores)", f"{report['scan_qps']:,}", "rapidfuzz cdist, JW"),
        ("speed-up vs scan", f"{report['speedup_vs_scan']}x", "target >= 20x"),
        ("recall@10 vs scan", f"{report['recall_at_10_vs_scan']:.4f}", "target >= 0.99"),
        ("true match in top 10: ours", f"{report['ours_true_match_hit_at_10']:.4f}", ""),
        ("true match in top 10: scan", f"{report['scan_true_match_hit_at_10']:.4f}", ""),
    ]
    width = max(len(r[0]) for r in rows)
    for label, value, note in rows:
        print(f"{label:<{width}}  {value:>14}  {note}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
