from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

import rollcall.names as names

PACKAGE = Path(names.__file__).parent


def test_the_names_package_imports_no_django() -> None:
    code = (
        "import sys, rollcall.names\n"
        "names = rollcall.names\n"
        "names.NameIndex().add(1, 'Serikzhan Bilash')\n"
        "bad = sorted(m for m in sys.modules if m.split('.')[0] == 'django')\n"
        "assert not bad, bad\n"
    )
    subprocess.run([sys.executable, "-c", code], check=True, cwd=PACKAGE.parent.parent)


def test_no_module_in_the_package_names_django_in_an_import() -> None:
    for path in PACKAGE.glob("*.py"):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if isinstance(node, ast.Import):
                assert all(not a.name.startswith("django") for a in node.names), path
            if isinstance(node, ast.ImportFrom):
                assert not (node.module or "").startswith("django"), path


def test_the_public_api_is_documented_in_the_package_docstring() -> None:
    for name in names.__all__:
        if name[0].islower() or name == "NameIndex":
            assert name in (names.__doc__ or ""), name


def test_normalize_is_the_folded_latin_form() -> None:
    assert names.normalize("Серикжан Билаш") == "serikjan bilash"
    assert names.normalize("Serikjan  Bilash") == "serikjan bilash"
