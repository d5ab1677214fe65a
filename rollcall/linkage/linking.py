"""New records decided against the registry in DuckDB: blocking, scoring and ranking as set
operations, the way splink's ``predict_between`` links new records to an existing table.

Pure: no Django. The caller loads the tables below (``load``) and asks ``decide``.

=============  ===================================================================================
table          columns
=============  ===================================================================================
rows           row_id, sex, b_lo, b_hi, village, county, prefecture, ethnicity, citizenship,
               document, has_address                           (one per new record)
row_names      row_id, nidx, text_id                           (its names, first written first)
itexts         text_id, gender                                 (distinct names of the new records)
itok           text_id, form, tidx, root                       (form 0: words; 1: Mandarin reading)
ikeys          text_id, key                                    (selective blocking keys)
persons        person_id, sex, b_lo, b_hi, village, county, prefecture, ethnicity, citizenship,
               has_address                                     (live registry persons)
pnames         person_id, nidx, text_id; ptexts, ptok as itexts, itok
pkeys          key, person_id                                  (the search index's keys: registry_keys)
pdocs          document, person_id                             (documents of earlier imports)
=============  ===================================================================================

The score is the one ``scoring.score`` gives a pair, field by field (the same weights and the
same prior), computed in SQL: names word by word with the same greedy one-to-one pairing
(taken in rounds, best pair of words first), the Indel similarity of roots and consonant
skeletons taken from DuckDB's Levenshtein distance (exact for one substitution or one missing
letter; never higher than Indel), and location as one hierarchical comparison. Addresses are
compared by rapidfuzz, vectorised, for the pairs where both sides have one.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable, Iterator
from concurrent.futures import Future, ThreadPoolExecutor
from contextlib import contextmanager

import duckdb
import pyarrow as pa

from rollcall.linkage import scoring
from rollcall.linkage.features import MAX_NAMES
from rollcall.names.aliases import canonical
from rollcall.names.fold import skeleton
from rollcall.names.keys import MAX_WORDS_FOR_PAIRS

MAX_POSTINGS = 500  # a key, a key and birth year, or a birth day shared by more persons is not selective
KEY_BUDGET = 60  # a row's keys alone are used rarest first while they reach at most this many persons
DATED_BUDGET = 100  # its other word-pair keys with its birth year, likewise (without a year: its keys alone)
ROW_PART = 200_000  # rows whose candidates are ranked at once
TOP_CANDIDATES = 12  # the candidates of a row scored in full, strongest first
MAX_WORDS = 30  # words of one name compared (bit masks in the greedy pairing)
KEY_LENGTH = 80  # the search index's key column
# A candidate's strength (to a millionth; equal sums of 1/n tie however the floats were added)
# before its person id, smaller ids first, as one integer: person ids are below 2**32.
RANK = "round(strength * 1e6)::BIGINT * 4294967296 + (4294967295 - person_id)"

log = logging.getLogger(__name__)


@contextmanager
def _phase(name: str) -> Iterator[None]:
    """Logs (debug) the wall seconds of one step."""
    start = time.perf_counter()
    yield
    log.debug("%s: %.1f s", name, time.perf_counter() - start)


SCHEMAS = {
    "rows": [("row_id", pa.int64()), ("sex", pa.string()), ("b_lo", pa.date32()), ("b_hi", pa.date32()),
             ("village", pa.int64()), ("county", pa.int64()), ("prefecture", pa.int64()),
             ("ethnicity", pa.string()), ("citizenship", pa.string()), ("document", pa.string()),
             ("has_address", pa.bool_())],
    "persons": [("person_id", pa.int64()), ("sex", pa.string()), ("b_lo", pa.date32()), ("b_hi", pa.date32()),
                ("village", pa.int64()), ("county", pa.int64()), ("prefecture", pa.int64()),
                ("ethnicity", pa.string()), ("citizenship", pa.string()), ("has_address", pa.bool_())],
    "row_names": [("row_id", pa.int64()), ("nidx", pa.int32()), ("text_id", pa.int64())],
    "pnames": [("person_id", pa.int64()), ("nidx", pa.int32()), ("text_id", pa.int64())],
    "itexts": [("text_id", pa.int64()), ("gender", pa.string())],
    "ptexts": [("text_id", pa.int64()), ("gender", pa.string())],
    "itok": [("text_id", pa.int64()), ("form", pa.int8()), ("tidx", pa.int32()), ("root", pa.string())],
    "ptok": [("text_id", pa.int64()), ("form", pa.int8()), ("tidx", pa.int32()), ("root", pa.string())],
    "ikeys": [("text_id", pa.int64()), ("key", pa.string())],
    "pkeys": [("key", pa.string()), ("person_id", pa.int64())],
    "pdocs": [("document", pa.string()), ("person_id", pa.int64())],
}


def _levels(column: str, levels) -> str:
    cases = " ".join(f"WHEN {column} >= {threshold} THEN {weight}" for threshold, weight, _ in levels)
    return f"CASE {cases} END"


def _pair_keys(root_a: str, skel_a: str, root_b: str, skel_b: str) -> str:
    """keys._pair_keys in SQL: the p:, q:, z: and s: keys of two words, each pair sorted."""
    def pair(prefix: str, x: str, y: str) -> str:
        return f"'{prefix}:' || least({x}, {y}) || '+' || greatest({x}, {y})"

    return ", ".join((pair("p", f"left({root_a}, 3)", f"left({root_b}, 3)"),
                      pair("q", f"left({skel_a}, 3)", f"left({skel_b}, 3)"),
                      pair("z", skel_a, skel_b),
                      pair("s", f"right({root_a}, 3)", f"right({root_b}, 3)")))


YMD = "CASE WHEN b_lo = b_hi AND year(b_lo) BETWEEN 1000 AND 9999 THEN year(b_lo) * 10000 + month(b_lo) * 100 + day(b_lo) END"


def _date_typo(a: str, b: str) -> str:
    """Whether the exact birth days of a and b are one typo apart: Damerau-Levenshtein distance 1
    between their YYYYMMDD forms. Where both have one as a number (``ymd``), a single differing
    digit is one, more than two are not, and only two differing digits are compared as text."""
    text = f"damerau_levenshtein(strftime({a}.b_lo, '%Y%m%d'), strftime({b}.b_lo, '%Y%m%d')) = 1"
    digits = " + ".join(f"(({a}.ymd // {10 ** k}) % 10 <> ({b}.ymd // {10 ** k}) % 10)::INTEGER" for k in range(8))
    return (f"(CASE WHEN {a}.ymd IS NULL OR {b}.ymd IS NULL THEN {text} "
            f"ELSE CASE {digits} WHEN 1 THEN true "
            f"WHEN 2 THEN damerau_levenshtein({a}.ymd::VARCHAR, {b}.ymd::VARCHAR) = 1 ELSE false END END)")


def _indel(a: str, b: str) -> str:
    """Indel normalised similarity from the Levenshtein distance: 1 - (2 lev - |la - lb|) / (la + lb)."""
    return (f"(1.0 - (2 * levenshtein({a}, {b}) - abs(length({a}) - length({b})))"
            f" / greatest(length({a}) + length({b}), 1))")


WORD_SIMILARITY = f"""
CASE WHEN x.root = y.root THEN 1.0
     WHEN x.alias IS NOT NULL AND x.alias = y.alias THEN 0.95
     WHEN (contains(x.root, 'ng') OR contains(y.root, 'ng'))
          AND replace(x.root, 'ng', 'n') = replace(y.root, 'ng', 'n')
          THEN least(0.5 * {_indel('x.root', 'y.root')} + 0.5 * {_indel('x.skel', 'y.skel')}, 0.7)
     WHEN least(length(x.root), length(y.root)) >= 4
          AND (starts_with(x.root, y.root) OR starts_with(y.root, x.root))
          THEN greatest(0.5 * {_indel('x.root', 'y.root')} + 0.5 * {_indel('x.skel', 'y.skel')}, 0.85)
     ELSE 0.5 * {_indel('x.root', 'y.root')} + 0.5 * {_indel('x.skel', 'y.skel')} END
"""



class Linker:
    def __init__(self, memory_limit: str | None = None, threads: int | None = None):
        self.db = duckdb.connect(config={"preserve_insertion_order": False})
        if memory_limit:
            self.db.execute(f"SET memory_limit = '{memory_limit}'")
        if threads:
            self.db.execute(f"SET threads = {int(threads)}")

    def close(self) -> None:
        self.db.close()

    def meanwhile(self, step: Callable[[Linker], None]) -> Future:
        """step(linker) in a thread, on a second connection to this linker's database, while the
        caller goes on: DuckDB works without holding Python's interpreter lock. ``result()`` of the
        answer waits and raises what the step raised; the caller leaves the step's tables alone
        until then."""
        twin = Linker.__new__(Linker)
        twin.db = self.db.cursor()

        def run() -> None:
            try:
                step(twin)
            finally:
                twin.db.close()

        executor = ThreadPoolExecutor(1, thread_name_prefix="linker")
        try:
            return executor.submit(run)
        finally:
            executor.shutdown(wait=False)

    def load(self, table: str, columns: dict[str, list]) -> None:
        """(Re)create one input table from columns of Python values."""
        schema = pa.schema(SCHEMAS[table])
        arrow = pa.table({name: pa.array(columns[name], type=kind) for name, kind in SCHEMAS[table]}, schema=schema)
        self.db.register(f"_{table}_arrow", arrow)
        self.db.execute(f"CREATE OR REPLACE TABLE {table} AS SELECT * FROM _{table}_arrow")
        self.db.unregister(f"_{table}_arrow")

    def create_empty(self, table: str) -> None:
        self.load(table, {name: [] for name, _ in SCHEMAS[table]})

    # -- candidates ---------------------------------------------------------------------------

    def candidates(self) -> int:
        """Pairs (new record, registry person) worth scoring: a shared selective name key or
        document; or, for the same exact birth day, a document or an address on both sides.

        A row's name keys are taken two ways, so that the work per row stays bounded however
        large the registry grows (a key shared by 5 persons in 100,000 is shared by 50 in a
        million):

        * alone, rarest first, while the persons they reach stay within ``KEY_BUDGET``;
        * its other word-pair keys together with its birth year (a composite key, like a blocking
          rule on name and year): the persons who share the key and were born that year, rarest
          first within ``DATED_BUDGET``. A row without a birth year has only its keys alone, and
          they get both budgets.

        Rows are taken ``ROW_PART`` at a time, so that the pairs in flight stay few."""
        self.db.execute(f"""
            CREATE OR REPLACE TABLE live_keys AS
              SELECT k.key, k.person_id, p.b_lo, p.b_hi FROM pkeys k JOIN persons p USING (person_id);
            CREATE OR REPLACE TABLE keycount AS SELECT key, count(*) AS n FROM live_keys GROUP BY key;
            CREATE OR REPLACE TABLE rkeys AS
              SELECT DISTINCT n.row_id, k.key, c.n FROM row_names n JOIN ikeys k USING (text_id)
              JOIN keycount c USING (key) WHERE n.nidx < {MAX_NAMES};
            -- each row's keys alone, rarest first, while the persons they reach stay within the budget
            CREATE OR REPLACE TABLE rsel AS
              SELECT s.row_id, s.key, s.n, w.b_lo, w.b_hi FROM rows w JOIN (
                SELECT row_id, key, n, sum(n) OVER (PARTITION BY row_id ORDER BY n, key ROWS UNBOUNDED PRECEDING)
                  AS reach FROM rkeys WHERE n <= {MAX_POSTINGS}) s USING (row_id)
              -- a row of unknown birth year has no dated keys: its keys alone get both budgets
              WHERE s.reach <= CASE WHEN year(w.b_lo) = year(w.b_hi) THEN {KEY_BUDGET}
                                    ELSE {KEY_BUDGET} + {DATED_BUDGET} END;
            -- the row's other word-pair keys, if its birth year is known, with that year
            CREATE OR REPLACE TABLE rdated AS
              SELECT r.row_id, r.key, year(w.b_lo) AS y FROM rkeys r JOIN rows w USING (row_id)
              WHERE year(w.b_lo) = year(w.b_hi) AND left(r.key, 2) IN ('p:', 'q:', 'z:', 's:') AND NOT EXISTS (
                SELECT 1 FROM rsel s WHERE s.row_id = r.row_id AND s.key = r.key);
            CREATE OR REPLACE TABLE ykeys AS
              SELECT k.key, year(k.b_lo) AS y, k.person_id, k.b_lo, k.b_hi
              FROM live_keys k SEMI JOIN (SELECT DISTINCT key FROM rdated) d USING (key)
              WHERE year(k.b_lo) = year(k.b_hi);
            CREATE OR REPLACE TABLE ysel AS
              SELECT s.row_id, s.key, s.y, s.n, w.b_lo, w.b_hi FROM rows w JOIN (
                SELECT d.row_id, d.key, d.y, c.n,
                       sum(c.n) OVER (PARTITION BY d.row_id ORDER BY c.n, d.key ROWS UNBOUNDED PRECEDING) AS reach
                FROM rdated d JOIN (SELECT key, y, count(*) AS n FROM ykeys GROUP BY ALL) c USING (key, y)
                WHERE c.n <= {MAX_POSTINGS}) s USING (row_id)
              WHERE s.reach <= {DATED_BUDGET};
            CREATE OR REPLACE TABLE pair (row_id BIGINT, person_id BIGINT, born BOOLEAN);
        """)
        last, top = self.db.execute("SELECT (SELECT coalesce(max(row_id), -1) FROM rows), "
                                    "(SELECT coalesce(max(person_id), 0) FROM persons)").fetchall()[0]
        if top >= 2 ** 32:
            raise ValueError(f"person id {top} too large to rank candidates by (RANK): ids must be below 2**32")
        for first in range(0, last + 1, ROW_PART):
            self._strongest(first, first + ROW_PART)
        self.db.execute(f"""
            INSERT INTO pair
              SELECT DISTINCT r.row_id, d.person_id, false FROM rows r JOIN pdocs d USING (document)
              WHERE r.document <> '' AND d.person_id IN (SELECT person_id FROM persons)
                AND NOT EXISTS (SELECT 1 FROM pair q WHERE q.row_id = r.row_id AND q.person_id = d.person_id);
            CREATE OR REPLACE TABLE days AS
              SELECT b_lo AS day FROM persons WHERE b_lo = b_hi GROUP BY b_lo HAVING count(*) <= {MAX_POSTINGS};
            INSERT INTO pair
              SELECT r.row_id, p.person_id, true FROM rows r JOIN persons p ON p.b_lo = r.b_lo
              WHERE r.b_lo = r.b_hi AND p.b_lo = p.b_hi AND r.b_lo IN (SELECT day FROM days)
                AND ((r.has_address AND p.has_address)
                     OR (r.document <> '' AND p.person_id IN (SELECT person_id FROM pdocs)))
                AND NOT EXISTS (SELECT 1 FROM pair q WHERE q.row_id = r.row_id AND q.person_id = p.person_id);
            DROP TABLE rkeys; DROP TABLE rdated; DROP TABLE ykeys;
        """)
        return self.db.execute("SELECT count(*) FROM pair").fetchall()[0][0]

    def _strongest(self, first: int, last: int) -> None:
        """The TOP_CANDIDATES strongest persons of rows first..last-1 into pair: most keys shared,
        rarest keys, same birth day or year (ties: the smaller person id). Birth dates travel
        with the keys (``rsel``, ``ysel``, ``live_keys``, ``ykeys``), so the pairs are ranked
        without looking anything up; the strength and the person id are ranked as one integer
        (``RANK``), which DuckDB keeps the top of much faster than a pair of values."""
        self.db.execute(f"""
            INSERT INTO pair
            WITH shared AS (
              SELECT r.row_id, k.person_id, r.n, r.b_lo AS r_lo, r.b_hi AS r_hi, k.b_lo AS p_lo, k.b_hi AS p_hi
              FROM rsel r JOIN live_keys k USING (key) WHERE r.row_id >= {first} AND r.row_id < {last}
              UNION ALL
              SELECT r.row_id, k.person_id, r.n, r.b_lo, r.b_hi, k.b_lo, k.b_hi
              FROM ysel r JOIN ykeys k USING (key, y) WHERE r.row_id >= {first} AND r.row_id < {last}),
            keyed AS (
              SELECT row_id, person_id,
                     count(*) + sum(1.0 / n) + max(CASE WHEN r_lo IS NULL OR p_lo IS NULL THEN 0
                                                        WHEN r_lo = p_lo AND r_hi = p_hi THEN 2
                                                        WHEN year(r_lo) = year(p_lo) THEN 0.5 ELSE 0 END) AS strength
              FROM shared GROUP BY row_id, person_id)
            SELECT row_id, unnest(max_by(person_id, {RANK}, {TOP_CANDIDATES})), false
            FROM keyed GROUP BY row_id
        """)

    def address_pairs(self) -> list[tuple[int, int]]:
        """Candidate pairs where both sides have an address (to be compared by the caller)."""
        return self.db.execute("""
            SELECT q.row_id, q.person_id FROM pair q JOIN rows r USING (row_id) JOIN persons p USING (person_id)
            WHERE r.has_address AND p.has_address""").fetchall()

    def load_address_similarity(self, rows: list[int], persons: list[int], similarity: list[float]) -> None:
        arrow = pa.table({"row_id": pa.array(rows, pa.int64()), "person_id": pa.array(persons, pa.int64()),
                          "sim": pa.array(similarity, pa.float64())})
        self.db.register("_addr_arrow", arrow)
        self.db.execute("CREATE OR REPLACE TABLE addr AS SELECT * FROM _addr_arrow")
        self.db.unregister("_addr_arrow")

    # -- names --------------------------------------------------------------------------------

    def _roots(self, tables: tuple[str, ...] = ("itok", "ptok")) -> None:
        """roots(rid, root, skel, alias, alias_skel): each distinct word root of the tables' words,
        numbered (``rid``) so that words are joined and grouped by integers, not text."""
        union = " UNION ".join(f"SELECT root FROM {t}" for t in tables)
        roots = [r for (r,) in self.db.execute(f"SELECT DISTINCT root FROM ({union})").fetchall()]
        aliases = [canonical(r) for r in roots]
        arrow = pa.table({"rid": pa.array(range(len(roots)), pa.int32()), "root": pa.array(roots, pa.string()),
                          "skel": pa.array([skeleton(r) for r in roots], pa.string()),
                          "alias": pa.array(aliases, pa.string()),
                          "alias_skel": pa.array([skeleton(a) if a else None for a in aliases], pa.string())})
        self.db.register("_roots_arrow", arrow)
        self.db.execute("CREATE OR REPLACE TABLE roots AS SELECT * FROM _roots_arrow")
        self.db.unregister("_roots_arrow")

    def registry_keys(self) -> None:
        """pkeys from the registry's words (ptok, pnames): the keys ``rollcall.names.keys.token_keys``
        gives each name, which are those the search index stores, built here set-wise instead of
        read back row by row."""
        self._roots(("ptok",))
        self.db.execute(f"""
            CREATE OR REPLACE TEMP TABLE _w AS
              SELECT t.text_id, t.form, t.tidx, t.root, r.skel,
                     CASE WHEN t.form = 0 THEN r.alias END AS alias,
                     CASE WHEN t.form = 0 THEN r.alias_skel END AS alias_skel
              FROM ptok t JOIN roots r USING (root);
            CREATE OR REPLACE TEMP TABLE _pw AS
              SELECT a.text_id, a.root AS ar, a.skel AS ak, b.root AS br, b.skel AS bk,
                     coalesce(a.alias, a.root) AS aar, coalesce(a.alias_skel, a.skel) AS aak,
                     coalesce(b.alias, b.root) AS bar, coalesce(b.alias_skel, b.skel) AS bak,
                     a.alias IS NOT NULL OR b.alias IS NOT NULL AS aliased
              FROM _w a JOIN _w b ON a.text_id = b.text_id AND a.form = b.form AND a.tidx < b.tidx
              WHERE b.tidx < {MAX_WORDS_FOR_PAIRS};
            CREATE OR REPLACE TEMP TABLE _tkeys AS
              SELECT DISTINCT text_id, left(key, {KEY_LENGTH}) AS key FROM (
                SELECT text_id, 'r:' || root AS key FROM _w WHERE length(root) >= 2
                UNION ALL SELECT text_id, 'k:' || skel FROM _w WHERE length(skel) >= 2
                UNION ALL SELECT text_id, 'a:' || alias FROM _w WHERE alias IS NOT NULL
                UNION ALL SELECT text_id, unnest([{_pair_keys("ar", "ak", "br", "bk")}]) FROM _pw
                UNION ALL SELECT text_id, unnest([{_pair_keys("aar", "aak", "bar", "bak")}]) FROM _pw WHERE aliased);
            CREATE OR REPLACE TABLE pkeys AS
              SELECT DISTINCT k.key, n.person_id FROM pnames n JOIN _tkeys k USING (text_id);
            DROP TABLE _w; DROP TABLE _pw; DROP TABLE _tkeys;
        """)

    def name_tables(self) -> None:
        """roots, iwords, pwords, icount, pcount: what scoring names needs of every word, made once
        for all pairs. iwords and pwords are itok and ptok's first MAX_WORDS words by root number."""
        self._roots()
        self.db.execute(f"""
            CREATE OR REPLACE TABLE iwords AS SELECT t.text_id, t.form, t.tidx, r.rid
              FROM itok t JOIN roots r USING (root) WHERE t.tidx < {MAX_WORDS};
            CREATE OR REPLACE TABLE pwords AS SELECT t.text_id, t.form, t.tidx, r.rid
              FROM ptok t JOIN roots r USING (root) WHERE t.tidx < {MAX_WORDS};
            CREATE OR REPLACE TABLE icount AS SELECT text_id, form, count(*) AS n FROM itok
              WHERE tidx < {MAX_WORDS} GROUP BY ALL;
            CREATE OR REPLACE TABLE pcount AS SELECT text_id, form, count(*) AS n FROM ptok
              WHERE tidx < {MAX_WORDS} GROUP BY ALL;
        """)

    def name_scores(self, pairs: str = "pair") -> None:
        """name(row_id, person_id, score, shared): compare_prepared's best score over the pairs of
        names (first MAX_NAMES of each), and whether a word root of 3+ letters is shared.

        Each distinct pair of word roots is compared once (``wsim``); the greedy one-to-one pairing
        of words, best pair first, is done in rounds (``_pair_up``). Words are carried by their
        root's number (``roots.rid``), and a pair of names with its pair of forms by one number,
        ``g = 3 * pid + 2 * fa + fb`` (``pid``: the pair of names in ``tpair``; fa + fb < 2), so
        that the large joins and groupings are on integers. Needs ``name_tables``."""
        self.db.execute(f"""
            CREATE OR REPLACE TABLE tpair AS
              SELECT (row_number() OVER ())::BIGINT AS pid, ta, tb FROM (
                SELECT DISTINCT a.text_id AS ta, b.text_id AS tb
                FROM {pairs} q JOIN row_names a ON a.row_id = q.row_id AND a.nidx < {MAX_NAMES}
                JOIN pnames b ON b.person_id = q.person_id AND b.nidx < {MAX_NAMES});
            CREATE OR REPLACE TEMP TABLE _x AS
              SELECT * FROM iwords t SEMI JOIN (SELECT DISTINCT ta FROM tpair) p ON t.text_id = p.ta;
            CREATE OR REPLACE TEMP TABLE _y AS
              SELECT * FROM pwords t SEMI JOIN (SELECT DISTINCT tb FROM tpair) p ON t.text_id = p.tb;
            CREATE OR REPLACE TEMP TABLE _wp AS
              SELECT 3 * p.pid + 2 * x.form + y.form AS g, x.tidx AS i, y.tidx AS j, x.rid AS ra, y.rid AS rb
              FROM tpair p JOIN _x x ON x.text_id = p.ta JOIN _y y ON y.text_id = p.tb
              WHERE x.form + y.form < 2;
            -- each distinct pair of roots compared once (an alias counts only for words, form 0)
            CREATE OR REPLACE TEMP TABLE wsim AS
              SELECT ra, rb, aliased, greatest(length(x.root), length(y.root))::DOUBLE AS w,
                     aliased AND ra = rb AND length(x.root) >= 3 AS shared, {WORD_SIMILARITY} AS sim
              FROM (SELECT d.ra, d.rb, d.aliased,
                           {{'root': rx.root, 'skel': rx.skel, 'alias': CASE WHEN d.aliased THEN rx.alias END}} AS x,
                           {{'root': ry.root, 'skel': ry.skel, 'alias': CASE WHEN d.aliased THEN ry.alias END}} AS y
                    FROM (SELECT DISTINCT ra, rb, g % 3 = 0 AS aliased FROM _wp) d
                    JOIN roots rx ON rx.rid = d.ra JOIN roots ry ON ry.rid = d.rb);
            CREATE OR REPLACE TABLE words AS
              SELECT p.g, p.i, p.j, s.w, s.sim, s.shared
              FROM _wp p JOIN wsim s ON s.ra = p.ra AND s.rb = p.rb AND s.aliased = (p.g % 3 = 0);
            DROP TABLE _x; DROP TABLE _y; DROP TABLE _wp; DROP TABLE wsim;
        """)
        self._pair_up()
        self.db.execute(f"""
            CREATE OR REPLACE TABLE tscore AS
              WITH f AS (SELECT g.ta, g.tb, g.shared,
                                g.t / g.ws * CASE WHEN g.k > 1 THEN 0.7 + 0.3 * g.m ELSE 1.0 END
                                  * pow(0.9, abs(a.n - b.n)) AS score
                         FROM paired g JOIN icount a ON a.text_id = g.ta AND a.form = g.fa
                         JOIN pcount b ON b.text_id = g.tb AND b.form = g.fb)
              SELECT f.ta, f.tb, bool_or(f.shared) AS shared,
                     least(1.0, greatest(0.0, max(f.score)
                       * CASE WHEN a.gender IS NOT NULL AND b.gender IS NOT NULL AND a.gender <> b.gender
                              THEN 0.85 ELSE 1.0 END)) AS score
              FROM f JOIN itexts a ON a.text_id = f.ta JOIN ptexts b ON b.text_id = f.tb
              GROUP BY f.ta, f.tb, a.gender, b.gender;
            CREATE OR REPLACE TABLE name AS
              SELECT q.row_id, q.person_id, coalesce(max(t.score), 0.0) AS score,
                     coalesce(bool_or(t.shared), false) AS shared
              FROM {pairs} q JOIN row_names a ON a.row_id = q.row_id AND a.nidx < {MAX_NAMES}
              JOIN pnames b ON b.person_id = q.person_id AND b.nidx < {MAX_NAMES}
              LEFT JOIN tscore t ON t.ta = a.text_id AND t.tb = b.text_id
              GROUP BY ALL;
        """)

    def _pair_up(self) -> None:
        """paired(ta, tb, fa, fb, t, ws, m, k, shared): the greedy one-to-one pairing of the words of
        two names (rollcall.names.compare._pair_up), best pair first (ties: first words first).

        Taken in rounds: each round every pair of names takes its best pair of words still free,
        and drops the pairs that share a word with it. Taking the first free pair of the sorted
        list, again and again, is what one pass down the sorted list does."""
        self.db.execute("""
            CREATE OR REPLACE TEMP TABLE _left AS SELECT g, i, j, w, sim FROM words;
            CREATE OR REPLACE TEMP TABLE _taken (g BIGINT, w DOUBLE, sim DOUBLE);
        """)
        for _ in range(MAX_WORDS):
            self.db.execute("""
                CREATE OR REPLACE TEMP TABLE _best AS
                  SELECT g, arg_max({'i': i, 'j': j, 'w': w, 'sim': sim}, {'sim': sim, 'i': -i, 'j': -j}) AS b
                  FROM _left GROUP BY g;
                INSERT INTO _taken SELECT g, b.w, b.sim FROM _best;
                CREATE OR REPLACE TEMP TABLE _left AS
                  SELECT l.* FROM _left l JOIN _best b USING (g)
                  WHERE l.i <> b.b.i AND l.j <> b.b.j;
            """)
            if not self.db.execute("SELECT count(*) FROM _left").fetchone()[0]:
                break
        self.db.execute("""
            CREATE OR REPLACE TABLE paired AS
              SELECT p.ta, p.tb, ((t.g % 3) // 2)::TINYINT AS fa, (t.g % 3 % 2)::TINYINT AS fb,
                     t.t, t.ws, t.m, t.k, s.shared FROM (
                SELECT g, sum(sim * w) AS t, sum(w) AS ws, least(min(sim), 1.0) AS m, count(*) AS k
                FROM _taken GROUP BY g) t
              JOIN (SELECT g, bool_or(shared) AS shared FROM words GROUP BY g) s USING (g)
              JOIN tpair p ON p.pid = t.g // 3;
            DROP TABLE _left; DROP TABLE _taken; DROP TABLE _best;
        """)

    # -- scores and decisions -----------------------------------------------------------------

    def score(self, pairs: str = "pair") -> None:
        """scored(row_id, person_id, weight, probability): scoring.score's weights, in SQL."""
        name_levels = _levels("n.score", scoring.NAME_LEVELS)
        self.db.execute("CREATE TABLE IF NOT EXISTS addr (row_id BIGINT, person_id BIGINT, sim DOUBLE)")
        self.db.execute(f"""
            CREATE OR REPLACE TABLE docw AS
              SELECT q.row_id, q.person_id,
                     CASE WHEN bool_or(d.document = r.document) THEN 14.0
                          WHEN min(damerau_levenshtein(d.document, r.document)) <= 1 THEN 7.0 ELSE -3.0 END AS w
              FROM {pairs} q JOIN rows r USING (row_id) JOIN pdocs d ON d.person_id = q.person_id
              WHERE r.document <> '' GROUP BY ALL;
            CREATE OR REPLACE TABLE scored AS
            WITH parts AS (
              SELECT q.row_id, q.person_id, q.born,
                CASE WHEN n.row_id IS NULL THEN NULL
                     WHEN {name_levels} < 0 AND n.shared THEN {scoring.PARTLY}
                     ELSE {name_levels} END AS name_w,
                CASE WHEN r.b_lo IS NULL OR p.b_lo IS NULL THEN NULL
                     WHEN r.b_lo = r.b_hi AND p.b_lo = p.b_hi THEN
                       CASE WHEN r.b_lo = p.b_lo THEN 6.0
                            WHEN {_date_typo("r", "p")}
                              OR (year(r.b_lo) = year(p.b_lo) AND month(r.b_lo) = day(p.b_lo)
                                  AND day(r.b_lo) = month(p.b_lo)) THEN 2.0
                            WHEN abs(year(r.b_lo) - year(p.b_lo)) <= 1 THEN -2.0 ELSE -5.0 END
                     WHEN r.b_lo <= p.b_hi AND p.b_lo <= r.b_hi THEN 2.0
                     WHEN abs(year(r.b_lo) - year(p.b_lo)) <= 1 THEN -1.5 ELSE -4.0 END AS birth_w,
                CASE WHEN r.sex IS NULL OR p.sex IS NULL THEN NULL WHEN r.sex = p.sex THEN 0.8 ELSE -5.0 END AS sex_w,
                CASE WHEN coalesce(r.village, r.county, r.prefecture) IS NULL
                       OR coalesce(p.village, p.county, p.prefecture) IS NULL THEN NULL
                     WHEN r.village = p.village THEN 5.0 WHEN r.county = p.county THEN 3.0
                     WHEN r.prefecture = p.prefecture THEN 1.0 ELSE -1.5 END AS location_w,
                CASE WHEN r.ethnicity IS NULL OR p.ethnicity IS NULL THEN NULL
                     WHEN r.ethnicity = p.ethnicity THEN 0.5 ELSE -4.0 END AS ethnicity_w,
                CASE WHEN r.citizenship IS NULL OR p.citizenship IS NULL THEN NULL
                     WHEN r.citizenship = p.citizenship THEN 0.2 ELSE -0.5 END AS citizenship_w,
                d.w AS document_w,
                CASE WHEN a.sim IS NULL THEN NULL WHEN a.sim >= 0.9 THEN 4.0 WHEN a.sim >= 0.7 THEN 1.5
                     ELSE -1.0 END AS address_w
              FROM {pairs} q JOIN rows r USING (row_id) JOIN persons p USING (person_id)
              LEFT JOIN name n ON n.row_id = q.row_id AND n.person_id = q.person_id
              LEFT JOIN docw d ON d.row_id = q.row_id AND d.person_id = q.person_id
              LEFT JOIN addr a ON a.row_id = q.row_id AND a.person_id = q.person_id)
            SELECT row_id, person_id, round(w::DOUBLE, 2) AS weight,
                   round(1.0 / (1.0 + pow(2.0, -(w::DOUBLE + {scoring.PRIOR}))), 4)::DOUBLE AS probability
            FROM (SELECT *, coalesce(name_w, 0) + coalesce(birth_w, 0) + coalesce(sex_w, 0) + coalesce(location_w, 0)
                            + coalesce(ethnicity_w, 0) + coalesce(citizenship_w, 0) + coalesce(document_w, 0)
                            + coalesce(address_w, 0) AS w
                  FROM parts)
            -- found by birth day alone: worth it only if a document or the address agrees
            WHERE NOT born OR document_w > 0 OR address_w > 0;
        """)

    def best(self, top: int = 5) -> duckdb.DuckDBPyRelation:
        """Per new record: best and runner-up (weight, probability) and the top candidates as JSON
        text, ``[[person id, probability], ...]`` best first (NULL when none is 0.05 probable)."""
        return self.db.sql(f"""
            WITH ranked AS (
              SELECT *, row_number() OVER (PARTITION BY row_id ORDER BY weight DESC, person_id) AS rk
              FROM scored)
            SELECT row_id,
                   max(person_id) FILTER (WHERE rk = 1) AS best,
                   max(probability) FILTER (WHERE rk = 1) AS p1, max(weight) FILTER (WHERE rk = 1) AS w1,
                   max(probability) FILTER (WHERE rk = 2) AS p2, max(weight) FILTER (WHERE rk = 2) AS w2,
                   '[' || string_agg('[' || person_id || ', ' || probability || ']', ', ' ORDER BY rk)
                     FILTER (WHERE probability >= 0.05) || ']' AS top
            FROM ranked WHERE rk <= {top} GROUP BY row_id""")

    def link(self, addresses: Callable[[list[tuple[int, int]]], list[float]] | None = None) -> None:
        """The candidate pairs of every row and their address similarity; then ``parts`` or ``run``."""
        with _phase("candidates"):
            self.candidates()
            for table in ("live_keys", "keycount", "rsel", "ysel", "days"):  # no longer needed
                self.db.execute(f"DROP TABLE IF EXISTS {table}")
        if addresses is not None:
            pairs = self.address_pairs()
            if pairs:
                sims = addresses(pairs)
                self.load_address_similarity([r for r, _ in pairs], [p for _, p in pairs], sims)
        with _phase("name tables"):
            self.name_tables()
            for table in ("rows", "persons"):  # exact birth days as numbers YYYYMMDD, for score
                self.db.execute(f"CREATE OR REPLACE TABLE {table} AS SELECT *, {YMD} AS ymd FROM {table}")

    def parts(self, size: int = ROW_PART, first_size: int | None = None,
              threads_later: int | None = None) -> Iterator[tuple[int, int, pa.Table]]:
        """After ``link``: (start, end, ``best`` of rows start..end-1) for each part of the rows,
        in order; the first part first_size rows (a caller waits for it), the others size.

        Names are compared and pairs scored a part at a time, so that the tables in flight stay
        small, and so that the caller can store one part while the next is scored: DuckDB works
        without holding Python's interpreter lock. threads_later: DuckDB's threads after the first
        part (one leaves a core to a caller that stores meanwhile)."""
        count = self.db.execute("SELECT coalesce(max(row_id), -1) + 1 FROM rows").fetchall()[0][0]
        start, step = 0, first_size or size
        while start < count:
            end = min(start + step, count)
            with _phase(f"rows {start}-{end - 1}: names and scores"):
                self.db.execute(f"CREATE OR REPLACE TABLE part AS SELECT * FROM pair WHERE row_id >= {start} "
                                f"AND row_id < {end}")
                self.name_scores("part")
                self.score("part")
                best = self.best().arrow()
            yield start, end, best.read_all() if hasattr(best, "read_all") else best
            if start == 0 and threads_later:
                self.db.execute(f"SET threads = {int(threads_later)}")
            start, step = end, size

    def run(self, addresses: Callable[[list[tuple[int, int]]], list[float]] | None = None):
        """candidates, addresses, names, scores of every row at once: the relation of ``best``."""
        self.link(addresses)
        with _phase("name scores"):
            self.name_scores()
        with _phase("scores"):
            self.score()
        return self.best()
