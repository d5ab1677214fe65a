"""Languages: every interface string translated into Russian and Kazakh, compiled catalogs in the
repository (no gettext needed at run time), dates and numbers per language, right-to-left ready."""

from __future__ import annotations

import gettext
import html
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


# --- The pages as a Russian or Kazakh reader sees them: no English left over -----------------------

ALLOWED_LATIN = {"Rollcall", "English", "SHA", "JPEG", "PNG", "WebP", "GIF", "PDF", "QR", "FreeOTP", "Aegis",
                 "WGEID"}
# Left out: scripts, identifiers in <code>, and the source text (every piece of it is the record's own text).
_HIDDEN = re.compile(r"""(?s)<(script|style|code|template)\b.*?</\1>|<!--.*?-->|<div class="source-text".*?</div>""")
_ATTRIBUTE = re.compile(r"""\s(?:title|alt|aria-label|placeholder)="([^"]*)\"""")
_LATIN_WORD = re.compile(r"[A-Za-z]{2,}")


# The fields that hold free text of records (names, titles, source texts, quotes, who did what): what a
# page shows of them is record data, not interface. Coded fields (vocabularies, scripts, actions) are
# left out, so that a code shown instead of its label is still caught.
RECORD_TEXT = {
    "access.User": ["username"], "access.Revision": ["author"], "registry.Batch": ["label"],
    "registry.Place": ["name", "other_names"], "registry.Organization": ["name", "other_names"],
    "registry.Facility": ["name", "other_names"], "registry.PersonName": ["text"],
    "registry.Person": ["birth_date_text", "occupation", "phone", "address", "description", "notes"],
    "registry.Relationship": ["note"], "registry.Incident": ["title", "date_text", "description"],
    "registry.Act": ["date_text", "perpetrator_text", "term", "description"], "sources.Attachment": ["filename"],
    "sources.Source": ["title", "outlet", "author", "url", "published_text", "captured_by", "locator", "text",
                       "consent_note"],
    "sources.Claim": ["quantity_text", "what", "as_of_text", "said_by_text", "sentence"],
    "sources.EvidenceLink": ["quote"], "sources.Mention": ["text"], "sources.Proposal": ["payload", "decided_by"],
    "interventions.Intervention": ["authority_text", "sent_on_text", "reference", "answer", "answered_on_text",
                                   "notes"],
    "linkage.Merge": ["merged_by", "undone_by"], "linkage.DuplicateCandidate": ["decided_by"],
}
CODED_KEYS = {"type", "subject", "kind", "role", "qualifier", "unit", "date", "status"}  # in Proposal.payload


def record_texts() -> tuple[re.Pattern, str]:
    """The record data in the database: a pattern for short texts, and all texts joined."""
    from django.apps import apps

    found: set[str] = set()

    def collect(value):
        if isinstance(value, str):
            found.add(value.strip())
        elif isinstance(value, dict):
            for key, v in value.items():
                if key not in CODED_KEYS:
                    collect(v)
        elif isinstance(value, list):
            for v in value:
                collect(v)

    for label, fields in RECORD_TEXT.items():
        for row in apps.get_model(label)._base_manager.values_list(*fields):
            for value in row:
                collect(value)
    short = sorted((t for t in found if 3 <= len(t) <= 300 and _LATIN_WORD.search(t)), key=len, reverse=True)
    pattern = re.compile("|".join(rf"(?<!\w){re.escape(t)}(?!\w)" for t in short))
    return pattern, "\x00".join(found)


def english_left(page: str, records: tuple[re.Pattern, str]) -> set[str]:
    """The Latin words of a page's visible text and labels that are neither record data nor names
    of things that are written in Latin letters in every language (file formats, the brand)."""
    pattern, whole = records
    page = _HIDDEN.sub(" ", page)
    pieces = _ATTRIBUTE.findall(page) + re.sub(r"<[^>]+>", "\n", page).splitlines()
    left = set()
    for piece in pieces:
        text = html.unescape(piece).strip()
        if len(text) >= 12 and text.removesuffix("…") in whole:  # a record's text, perhaps cut short
            continue
        left |= set(_LATIN_WORD.findall(pattern.sub(" ", text))) - ALLOWED_LATIN
    return left


def main_pages() -> list[str]:
    from rollcall.interventions.models import Intervention
    from rollcall.registry.models import Act
    from rollcall.sources.models import Source

    petition = Intervention.objects.get(reference="DEMO-0001")
    detainee = petition.person_id
    published = Source.objects.filter(published_earliest__isnull=False).order_by("pk").first().pk
    protester = Act.objects.filter(type="protest").order_by("pk").first().person_id
    return ["/", f"/persons/{detainee}/", f"/persons/{protester}/", "/search/", "/search/?q=Kalida",
            "/search/?q=Қалида", "/intake/", f"/sources/{published}/", "/claims/", "/claims/people_detained/",
            "/follow-ups/?days=0", "/statistics/", "/statistics/persons_by_status/records/?key=%5B%22missing%22%5D",
            "/review/", f"/persons/{detainee}/petitions/new/", f"/petitions/{petition.pk}/answer/", "/no-such-page/"]


@pytest.mark.django_db
@pytest.mark.parametrize("lang", ["ru", "kk"])
def test_no_english_is_left_on_the_main_pages(demo, users, lang):
    client = Client()
    client.force_login(users["administrator"])
    client.cookies["django_language"] = lang
    records = record_texts()
    left = {}
    for url in main_pages():
        response = client.get(url)
        assert response.status_code == (404 if url == "/no-such-page/" else 200), url
        page = response.content.decode()
        assert f'lang="{lang}"' in page
        words = english_left(page, records)
        if words:
            left[url] = sorted(words)
    assert left == {}


@pytest.mark.django_db
@pytest.mark.parametrize("lang", ["ru", "kk"])
def test_no_english_is_left_where_the_public_and_a_volunteer_look(demo, users, lang):
    anonymous, volunteer = Client(), Client()
    volunteer.force_login(users["volunteer"])
    records = record_texts()
    left = {}
    for client, urls in ((anonymous, ["/", "/search/", "/statistics/", "/claims/", "/accounts/login/"]),
                         (volunteer, main_pages()[:4] + ["/review/", "/intake/"])):
        client.cookies["django_language"] = lang
        for url in urls:
            words = english_left(client.get(url).content.decode(), records)
            if words:
                left[url] = sorted(words)
    bad_login = anonymous.post("/accounts/login/", {"username": "nobody", "password": "wrong"}).content.decode()
    left["bad sign-in"] = sorted(english_left(bad_login, records))
    assert left == {"bad sign-in": []}


def test_the_english_detector_catches_interface_english_but_not_record_data(demo):
    records = record_texts()
    page = ('<p title="Open the file">Статус: <strong>petition</strong> (Ресми есімі; latin)</p>'
            '<p>Erlan Demo · Rollcall · <code>persons_by_status</code></p><mark>Xinjiang</mark>')
    assert english_left(page, records) == {"Open", "the", "file", "petition", "latin"}


@pytest.mark.django_db
@pytest.mark.parametrize("lang, kind, script, role, placeholder", [
    ("ru", "Обращение: ", "латиница", "Администратор", "Защищённое лицо №"),
    ("kk", "Өтініш: ", "латын жазуы", "Әкімші", "Қорғалған адам №"),
])
def test_petition_kinds_scripts_roles_and_placeholders_are_translated(demo, users, lang, kind, script, role,
                                                                     placeholder):
    from rollcall.interventions.models import Intervention

    admin, volunteer = Client(), Client()
    admin.force_login(users["administrator"])
    volunteer.force_login(users["volunteer"])
    admin.cookies["django_language"] = volunteer.cookies["django_language"] = lang
    detainee = Intervention.objects.get(reference="DEMO-0001").person_id
    page = admin.get(f"/persons/{detainee}/").content.decode()
    assert kind in page and f"; {script})" in page and f"({role})" in page
    assert kind in admin.get("/follow-ups/?days=0").content.decode()
    assert placeholder in volunteer.get("/").content.decode()  # the witness whose identity is protected


@pytest.mark.django_db
@pytest.mark.parametrize("lang, kinds, merged", [
    ("ru", ["Человек", "Организация", "Событие", "Цифра"], "Объединение"),
    ("kk", ["Адам", "Ұйым", "Оқиға", "Сан"], "Біріктіру"),
])
def test_the_review_queue_names_proposal_kinds_in_the_language(demo, users, lang, kinds, merged):
    client = Client()
    client.force_login(users["administrator"])
    client.cookies["django_language"] = lang
    page = client.get("/review/").content.decode()
    assert all(f">{k}</a>" in page for k in kinds)
    assert all(f"<td>{k}</td>" in page for k in ("Человек" if lang == "ru" else "Адам", kinds[3]))
    assert "<title>" in page and "</h2>" not in page.split("</title>")[0]  # the title holds only the title
    assert client.get("/review/?kind=claim").content.decode().count("<td>" + kinds[3] + "</td>") > 0


@pytest.mark.django_db
def test_the_edit_history_is_written_in_the_language(demo, users):
    from rollcall.interventions.models import Intervention

    client = Client()
    client.force_login(users["administrator"])
    client.cookies["django_language"] = "kk"
    detainee = Intervention.objects.get(reference="DEMO-0001").person_id
    history = client.get(f"/persons/{detainee}/").content.decode().split("Өзгерістер тарихы")[1]
    assert "Құру · адам · 1-нұсқа" in history and "create" not in history


@pytest.mark.django_db
@pytest.mark.parametrize("lang, date, number", [
    ("en", "Sept. 1, 2022", "2,000,000"),
    ("ru", "1 сентября 2022 г.", "2\xa0000\xa0000"),
    ("kk", "1 қыркүйек 2022 ж.", "2\xa0000\xa0000"),
])
def test_dates_and_numbers_on_pages_follow_the_language(demo, lang, date, number):
    from rollcall.sources.models import Source

    client = Client()
    client.cookies["django_language"] = lang
    source = Source.objects.filter(published_earliest="2022-09-01").first()
    assert date in client.get(f"/sources/{source.pk}/").content.decode()
    ledger = client.get("/claims/people_detained/").content.decode()
    assert number in ledger


@pytest.mark.django_db
def test_uncertain_dates_read_naturally_in_russian_and_kazakh():
    from django.utils import translation

    from rollcall.web.datewords import describe

    expected = {"ru": ("примерно август 2018 г.", "февраль 2020 г. и позже"),
                "kk": ("шамамен 2018 жылғы тамыз", "2020 жылғы ақпан және одан кейін")}
    for lang, (about, since) in expected.items():
        with translation.override(lang):
            assert (describe("2018-08~"), describe("2020-02/..")) == (about, since)
