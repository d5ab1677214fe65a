"""`rollcall dedupe`: candidate duplicate persons in bulk, with splink on DuckDB.

Blocking is on our own name keys (``rollcall.names`` word-pair keys, the same the search index
stores), exploded in DuckDB, so two spellings in different scripts meet. The model compares
the folded name, the birth date, sex, ethnicity, relatives' names, and the place of origin as
ONE hierarchical comparison (same village > same county > same prefecture > different):
counting village, county and prefecture as three independent agreements made whole villages
collapse into one cluster in an earlier trial.

Training follows splink's documented steps: the m and u probabilities set here are priors; with
enough persons, u is estimated by random sampling, then m by expectation maximisation in two
sessions, blocked on the name (which trains every other comparison) and on the birth day (which
trains the name), each only when its blocking gives enough pairs. Too small a registry keeps
the priors. Afterwards the pairs are clustered (connected components) and the largest cluster
is reported: when a trained model makes a cluster larger than MAX_CLUSTER (a village collapsing
into one person), the priors are used instead, and the report says so.

Every pair above the threshold is stored as a DuplicateCandidate (open), with the fields that
agreed as our own scorer words them; a pair already decided (merged, rejected) keeps its state.
"""

from __future__ import annotations

import logging
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field

from django.db import transaction

from rollcall.linkage import scoring
from rollcall.linkage.candidates import Registry
from rollcall.linkage.features import PAIR_PREFIXES, WORD_PREFIXES
from rollcall.linkage.models import DuplicateCandidate
from rollcall.registry.models import Person, PersonName, Relationship
from rollcall.search.models import NameKey

log = logging.getLogger(__name__)

U_TRAINING_MIN = 2000  # persons; fewer keep the prior u probabilities
EM_MIN_PAIRS = 200  # blocked pairs an EM session needs, else the prior m probabilities stay
EM_MAX_PAIRS = 2e6
MAX_CLUSTER = 12  # more records than this in one cluster is a collapse, not one person


@dataclass
class Found:
    persons: int = 0
    scored: int = 0
    new: int = 0
    candidates: list[DuplicateCandidate] = field(default_factory=list)
    training: list[str] = field(default_factory=list)  # "u", "m: name", "m: birth_date"; empty: priors
    largest_cluster: int = 0
    fell_back: str = ""  # why the trained model was set aside, if it was


def _level(sql: str, label: str, m: float, u: float) -> dict:
    return {"sql_condition": sql, "label_for_charts": label, "m_probability": m, "u_probability": u}


def _null(sql: str) -> dict:
    return {"sql_condition": sql, "label_for_charts": "null", "is_null_level": True}


def settings(prior: float) -> dict:
    place_null = ("(village_l IS NULL AND county_l IS NULL AND prefecture_l IS NULL) OR "
                  "(village_r IS NULL AND county_r IS NULL AND prefecture_r IS NULL)")
    return {
        "link_type": "dedupe_only",
        "unique_id_column_name": "unique_id",
        "probability_two_random_records_match": prior,
        "blocking_rules_to_generate_predictions": [],  # set by the caller (splink's block_on)
        "comparisons": [
            {"output_column_name": "name", "comparison_levels": [
                _null("name_l IS NULL OR name_r IS NULL"),
                _level("name_l = name_r", "same", 0.55, 0.0005),
                _level("jaro_winkler_similarity(name_l, name_r) >= 0.92", "nearly same", 0.3, 0.003),
                _level("jaro_winkler_similarity(name_l, name_r) >= 0.8", "similar", 0.1, 0.03),
                _level("ELSE", "different", 0.05, 0.9665)]},
            {"output_column_name": "birth_date", "comparison_levels": [
                _null("birth_year_l IS NULL OR birth_year_r IS NULL"),
                _level("birth_date_l = birth_date_r", "same day", 0.8, 0.0003),
                _level("birth_year_l = birth_year_r", "same year", 0.15, 0.015),
                _level("abs(birth_year_l - birth_year_r) <= 1", "a year apart", 0.03, 0.03),
                _level("ELSE", "different", 0.02, 0.9547)]},
            {"output_column_name": "sex", "comparison_levels": [
                _null("sex_l IS NULL OR sex_r IS NULL"),
                _level("sex_l = sex_r", "same", 0.98, 0.5),
                _level("ELSE", "different", 0.02, 0.5)]},
            {"output_column_name": "location", "comparison_levels": [
                _null(place_null),
                _level("village_l = village_r", "same village", 0.6, 0.01),
                _level("county_l = county_r", "same county", 0.25, 0.05),
                _level("prefecture_l = prefecture_r", "same prefecture", 0.1, 0.2),
                _level("ELSE", "different", 0.05, 0.74)]},
            {"output_column_name": "ethnicity", "comparison_levels": [
                _null("ethnicity_l IS NULL OR ethnicity_r IS NULL"),
                _level("ethnicity_l = ethnicity_r", "same", 0.97, 0.5),
                _level("ELSE", "different", 0.03, 0.5)]},
            {"output_column_name": "relatives", "comparison_levels": [
                _null("len(relatives_l) = 0 OR len(relatives_r) = 0"),
                _level("len(list_intersect(relatives_l, relatives_r)) > 0", "a relative's name agrees", 0.5, 0.001),
                _level("ELSE", "no relative in common", 0.5, 0.999)]},
        ],
        "retain_intermediate_calculation_columns": False,
        "retain_matching_columns": False,
    }


def person_table(registry: Registry, advance: Callable[[int], None]):
    """One row per live person: the columns the splink model compares."""
    import pandas as pd

    eligible = Person.objects.filter(registry.eligible())
    names: dict[int, list[str]] = defaultdict(list)
    for pid, folded in (PersonName.objects.filter(person__in=eligible).order_by("pk")
                        .values_list("person_id", "folded").iterator(chunk_size=20000)):
        names[pid].append(folded)
    keys: dict[int, set[str]] = defaultdict(set)
    words: dict[int, set[str]] = defaultdict(set)
    rows = (NameKey.objects.filter(name__person__in=eligible)
            .values_list("name__person_id", "key").iterator(chunk_size=50000))
    for pid, key in rows:
        if key.startswith(PAIR_PREFIXES):
            keys[pid].add(key)
        elif key.startswith(WORD_PREFIXES):
            words[pid].add(key)
    relatives: dict[int, set[str]] = defaultdict(set)
    for a, b in Relationship.objects.values_list("subject_id", "object_id"):
        for x, y in ((a, b), (b, a)):
            for folded in names.get(y, [])[:2]:
                relatives[x].add(folded)
    records = []
    for pid, sex, lo, hi, home, born, eth in eligible.values_list(
            "pk", "sex", "birth_date_earliest", "birth_date_latest", "home_place_id", "birthplace_id", "ethnicity"):
        loc = registry.location(home or born)
        own = names.get(pid, [])
        records.append({
            "unique_id": pid,
            "name": " ".join(sorted(own[0].split())) if own else None,
            "bkeys": sorted(keys.get(pid) or words.get(pid) or []),
            "birth_date": lo.isoformat() if lo and lo == hi else None,
            "birth_year": lo.year if lo and hi and lo.year == hi.year else None,
            "sex": sex if sex in ("male", "female") else None,
            "village": str(loc.village) if loc.village else None,
            "county": str(loc.county) if loc.county else None,
            "prefecture": str(loc.prefecture) if loc.prefecture else None,
            "ethnicity": eth or None,
            "relatives": sorted(relatives.get(pid, [])),
        })
    advance(len(records))
    frame = pd.DataFrame.from_records(records, columns=[
        "unique_id", "name", "bkeys", "birth_date", "birth_year", "sex", "village", "county", "prefecture",
        "ethnicity", "relatives"])
    return frame.astype({"birth_year": "Int64"})


@dataclass
class Prediction:
    pairs: list[tuple[int, int, float]]
    training: list[str]
    largest_cluster: int
    fell_back: str = ""


def _blocked_pairs(frame, column: str) -> int:
    counts = frame[column].dropna().value_counts()
    return int((counts * (counts - 1) // 2).sum())


def train(linker, frame) -> list[str]:
    """u by random sampling, m by EM blocked on name then on birth day, each when the data allow."""
    from splink import block_on
    from splink.internals.exceptions import SplinkException

    trained: list[str] = []
    if len(frame) < U_TRAINING_MIN:
        return trained
    linker.training.estimate_u_using_random_sampling(max_pairs=1e6, seed=42)
    trained.append("u")
    for column in ("name", "birth_date"):
        if _blocked_pairs(frame, column) < EM_MIN_PAIRS:
            continue
        try:
            linker.training.estimate_parameters_using_expectation_maximisation(
                block_on(column), max_pairs=EM_MAX_PAIRS)
        except (SplinkException, ValueError, ZeroDivisionError) as exc:
            log.info("EM blocked on %s left the priors: %s", column, exc)
            continue
        trained.append(f"m: {column}")
    return trained


def _predict(frame, threshold: float, trained: bool) -> Prediction:
    from splink import Linker, block_on
    from splink.backends.duckdb import DuckDBAPI

    prior = min(0.01, max(1e-6, 5.0 / len(frame) ** 1.5))
    config = settings(prior)
    config["blocking_rules_to_generate_predictions"] = [block_on("bkeys", arrays_to_explode=["bkeys"])]
    linker = Linker(DuckDBAPI().register(frame), config, log_level=logging.WARNING)
    training = train(linker, frame) if trained else []
    predictions = linker.inference.predict(threshold_match_probability=threshold, warning_mode="never")
    out = predictions.as_duckdbpyrelation().select("unique_id_l, unique_id_r, match_probability").fetchall()
    largest = 0
    if out:
        clusters = linker.clustering.cluster_pairwise_predictions_at_threshold(predictions, threshold)
        found = clusters.as_duckdbpyrelation().aggregate("cluster_id, count(*) AS n").max("n").fetchall()[0]
        largest = int(found[0] or 0)
    return Prediction([(int(a), int(b), float(p)) for a, b, p in out], training, largest)


def predict(frame, threshold: float) -> Prediction:
    """Pairs above the threshold, from a trained model unless training made a cluster collapse."""
    if len(frame) < 2:
        return Prediction([], [], 0)
    result = _predict(frame, threshold, trained=True)
    if result.training and result.largest_cluster > MAX_CLUSTER:
        reason = (f"the trained model made a cluster of {result.largest_cluster} persons "
                  f"(more than {MAX_CLUSTER}): the priors were used instead")
        log.warning(reason)
        result = _predict(frame, threshold, trained=False)
        result.fell_back = reason
    return result


def predict_pairs(frame, threshold: float) -> list[tuple[int, int, float]]:
    return predict(frame, threshold).pairs


def find_duplicates(threshold: float = 0.5, advance: Callable[[int], None] | None = None) -> Found:
    advance = advance or (lambda n: None)
    registry = Registry(with_relatives=True)
    frame = person_table(registry, advance)
    found = Found(persons=len(frame))
    prediction = predict(frame, threshold)
    pairs = prediction.pairs
    found.scored = len(pairs)
    found.training, found.largest_cluster, found.fell_back = (
        prediction.training, prediction.largest_cluster, prediction.fell_back)
    ids = {i for a, b, _ in pairs for i in (a, b)}
    features = registry.features(ids)
    with transaction.atomic():
        for a, b, probability in sorted(pairs, key=lambda t: -t[2]):
            a, b = min(a, b), max(a, b)
            if a not in features or b not in features:
                continue
            agreements = scoring.score(features[a], features[b]).agreements
            candidate, created = DuplicateCandidate.objects.get_or_create(
                person_a_id=a, person_b_id=b,
                defaults={"score": round(probability, 4), "agreements": agreements})
            if not created:
                candidate.score, candidate.agreements = round(probability, 4), agreements
                candidate.save(update_fields=["score", "agreements"])
            found.new += created
            found.candidates.append(candidate)
            advance(1)
    return found
