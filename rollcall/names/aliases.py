"""Hand-kept aliases: forms of one name that no transliteration rule turns into each other.

The table lives in ``data/aliases.yaml`` (one group per name, any script). ``canonical(root)``
answers the group label for a folded word root, or None. The comparison treats two words with
the same label as the same name, with the reason "alias"; the keys index the label too, so an
alias also finds its candidates.
"""

from __future__ import annotations

from functools import lru_cache
from importlib import resources
from pathlib import Path

import yaml

from rollcall.names.fold import fold_words
from rollcall.names.parts import strip_suffix
from rollcall.names.transliterate import to_latin

DEFAULT_TABLE = "data/aliases.yaml"


def _fold_root(form: str) -> str:
    words = fold_words(to_latin(str(form)))
    return strip_suffix("".join(words))[0] if words else ""


def load_groups(text: str) -> dict[str, str]:
    """Folded root -> group label, from the YAML text of an alias table."""
    data = yaml.safe_load(text) or {}
    table: dict[str, str] = {}
    for group in data.get("groups", []):
        roots = [r for r in (_fold_root(form) for form in group) if r]
        if not roots:
            continue
        for root in roots:
            table.setdefault(root, roots[0])
    return table


@lru_cache(maxsize=1)
def _table() -> dict[str, str]:
    path = resources.files("rollcall.names").joinpath(DEFAULT_TABLE)
    return load_groups(path.read_text(encoding="utf-8"))


def canonical(root: str) -> str | None:
    """The alias group label of a folded root, or None when it is in no group."""
    return _table().get(root)


def table_from_file(path: str | Path) -> dict[str, str]:
    return load_groups(Path(path).read_text(encoding="utf-8"))
