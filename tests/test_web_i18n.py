"""Languages: every interface string translated into Russian and Kazakh, compiled catalogs in the
repository (no gettext needed at run time), dates and numbers per language, right-to-left ready."""

from __future__ import annotations

import gettext
import re
from pathlib import Path

import pytest
from django.test import Client

import rollcall

WEB = Path(rollcall.__file__).parent / "web"
LOCALE = Path(rollcall.__file__).parent / "locale"
TRANSLATE = re.compile(r"""\{% (?:translate|trans) (["'])(.+?)\1""")
LAZY = re.compile(r"""\b_\(\s*"([^"]+)"\s*[,)]""")


def interface_strings() -> set[str]:
    found = set()
    for path in WEB.rglob("*.html"):
        found |= {m[1] for m in TRANSLATE.findall(path.read_text(encoding="utf-8"))}
    for path in WEB.glob("*.py"):
        found |= {s for s in LAZY.findall(path.read_text(encoding="utf-8"))}
    return found


@pytest.mark.parametrize("lang", ["ru", "kk"])
def test_every_interface_string_has_a_compiled_translation(lang):
    with open(LOCALE / lang / "LC_MESSAGES" / "django.mo", "rb") as f:
        catalog = gettext.GNUTranslations(f)
    missing = [s for s in interface_strings() if catalog.gettext(s) == s]
    assert missing == []


@pytest.mark.django_db
@pytest.mark.parametrize("lang, words", [("ru", ["Поиск", "Войти"]), ("kk", ["Іздеу", "Кіру"])])
def test_the_language_switcher_changes_the_interface(lang, words):
    client = Client()
    response = client.post("/i18n/setlang/", {"language": lang, "next": "/search/"})
    assert response.status_code == 302
    page = client.get("/search/").content.decode()
    assert f'lang="{lang}"' in page and all(w in page for w in words)


def test_the_stylesheet_uses_logical_properties_only():
    css = (WEB / "static" / "web" / "rollcall.css").read_text()
    assert not re.search(r"(margin|padding|border)-(left|right)\b|text-align:\s*(left|right)|float:\s*(left|right)", css)


@pytest.mark.django_db
def test_a_right_to_left_language_sets_dir(settings):
    settings.LANGUAGES = [*settings.LANGUAGES, ("ug", "ئۇيغۇرچە")]
    client = Client()
    client.post("/i18n/setlang/", {"language": "ug"})
    assert 'dir="rtl"' in client.get("/").content.decode()


@pytest.mark.django_db
def test_dates_are_written_per_language():
    from django.utils import translation

    from rollcall.web.datewords import describe

    expected = {"en": "spring 2018", "ru": "весна 2018", "kk": "2018 жылдың көктемі"}
    for lang, words in expected.items():
        with translation.override(lang):
            assert describe("2018-21") == words
    with translation.override("ru"):
        assert describe("2019-06-03") == "3 июня 2019 г."


def test_no_page_asset_comes_from_another_site():
    for path in list(WEB.rglob("*.html")) + list(WEB.rglob("*.css")) + list(WEB.rglob("*.js")):
        text = path.read_text(encoding="utf-8")
        assert not re.search(r"""(src|href)=["']?(https?:)?//""", text), path
        assert "@import" not in text and "url(http" not in text, path
