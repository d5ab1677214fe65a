"""Fill a data folder with N synthetic persons (names, acts, a few relatives) for benchmarks.

    ROLLCALL_DATA=/tmp/big .venv/bin/python bench/populate.py --persons 100000

Bulk inserts bypass the per-record history signals on purpose (a benchmark fixture, not data
entry); the name index is built in bulk afterwards. Prints the time taken.
"""

from __future__ import annotations

import argparse
import os
import random
import sys
import time


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--persons", type=int, default=100_000)
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args(argv)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "rollcall.settings")
    import django

    django.setup()
    from django.db import transaction

    from rollcall.access import sensitivity as sens
    from rollcall.maintenance import setup
    from rollcall.names import detect_script, normalize
    from rollcall.names.synthetic import generate, render
    from rollcall.registry.fields import derive_bounds
    from rollcall.registry.models import Act, Person, PersonName, Place
    from rollcall.registry.signals import statuses
    from rollcall.search.indexing import index_names

    setup.init()
    rng = random.Random(args.seed)
    started = time.perf_counter()
    places = [Place.objects.create(name=f"County {i}", kind="county",
                                   parent=Place.objects.get_or_create(name="Ili", kind="prefecture")[0])
              for i in range(20)]
    act_types = ["detention", "internment", "sentence", "release", "return", "disappearance", "travel_ban"]
    ethnicities = ["kazakh"] * 6 + ["uyghur"] * 3 + ["kyrgyz", "hui", ""]
    people = generate(args.persons, args.seed)
    batch = 5000
    for start in range(0, args.persons, batch):
        chunk = people[start:start + batch]
        with transaction.atomic():
            persons = Person.objects.bulk_create([
                Person(sensitivity=rng.choice([sens.PUBLIC, sens.RESTRICTED, sens.RESTRICTED]),
                       ethnicity=rng.choice(ethnicities), citizenship=rng.choice(["china", "kazakhstan", "dual"]),
                       sex=rng.choice(["male", "female"]), home_place=rng.choice(places))
                for _ in chunk])
            names, acts = [], []
            for person, synthetic in zip(persons, chunk, strict=True):
                for script in ("latin", "cyrillic") if rng.random() < 0.5 else ("latin",):
                    text = render(synthetic, rng, script)
                    names.append(PersonName(person=person, text=text, script=detect_script(text),
                                            folded=normalize(text)[:300], sensitivity=person.sensitivity))
                year = rng.randint(2016, 2022)
                for _ in range(rng.randint(1, 3)):
                    month = rng.randint(1, 12)
                    acts.append(Act(person=person, type=rng.choice(act_types), date=f"{year}-{month:02d}",
                                    sensitivity=person.sensitivity))
                    year += rng.randint(0, 2)
            for act in acts:
                derive_bounds(act, "date")
            PersonName.objects.bulk_create(names)
            Act.objects.bulk_create(acts)
            by_person: dict[int, list] = {}
            for act in acts:
                by_person.setdefault(act.person_id, []).append(act)
            for person in persons:
                for field, value in statuses(by_person.get(person.pk, [])).items():
                    setattr(person, field, value)
            Person.objects.bulk_update(persons, ["status", "status_restricted", "status_public"])
            index_names(names)
        done = min(start + batch, args.persons)
        print(f"\r{done:>9} persons  {done / (time.perf_counter() - started):8.0f}/s", end="", file=sys.stderr)
    setup.refresh_statistics()
    print(f"\npopulated {args.persons} persons in {time.perf_counter() - started:.1f} s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
