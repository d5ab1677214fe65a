"""Synthetic names for tests and benchmarks, and spellings of them as other writers make them.

Names are built from name parts in Kazakh, Uyghur, Russian and Chinese styles with a seeded
random generator, so the same seed gives the same list. ``variant(name, rng)`` rewrites a
generated name the way another source would: another script, another transliteration, a typo,
another word order, another suffix. Nothing here is used for real matching.
"""

from __future__ import annotations

import random
from dataclasses import dataclass

from rollcall.names.transliterate import cyrillic_to_latin, han_to_pinyin


def _words(text: str) -> tuple[str, ...]:
    return tuple("" if w == "-" else w for w in text.split())


# Kazakh names are often compounds: a first element and a second one (Нұр + лан, Ер + бол).
KZ_HEADS = _words(
    "Нұр Жан Ер Сер Бек Бол Қайыр Дәу Асыл Ал Ақ Қал Бақ Сайра Гүл Ай Мұхтар Дос Ере Жарқын Қуан "
    "Мейір Нар Ора Сұлтан Талғат Тұр Ұлан Шолпан Әлі Бау Бай Бағдат Ғали Есен Жақсы Жұма Кен Қаз "
    "Қыдыр Мақсат Мұрат Назар Орын Сағын Сәуле Тілек Төле Үмбет Хасен Шер Ырыс Ілия Ербо Серік "
    "Айдын Арман Ғалым Дархан Ержан Қанат Марат Рүстем Самат Темір Ерлан Бекзат Құдайберген"
)
KZ_TAILS = _words(
    "лан бек бол болат жан хан тай сұлтан ғали әлі бай нұр гүл жол ғұл бике ай хат қали мұрат "
    "тас бет құл ғазы сейіт зада дәулет ырыс ғабыл бақыт ағаш мырза ел қызы һан сары темір ат"
)
KZ_GIVEN_FEMALE = _words(
    "Гаухар Сайрагүл Гүлнар Айгүл Жанар Динара Мәдина Айгерім Әсел Ақмарал Бақыт Гүлфия "
    "Қалида Ләззат Меруерт Назгүл Раушан Сәуле Толқын Шынар Ұлжан Зере Әлия Жұлдыз Мөлдір"
)
UY_GIVEN = _words(
    "Ilham Abdurehim Memet Tursun Rahile Gulshen Mihrigul Adil Erkin Nurmemet Abdukerim Ablimit "
    "Tahir Perhat Zumret Mutellip Enwer Qurban Rozi Tohti Yasin Ekber Nijat Dilnur Aynur Patigul "
    "Hebibulla Abliz Osman Sadir Kamil Yalqun Muhter Rustem Shohret Tursunay Mahire Hasiyet Nurgul "
    "Eziz Kerim Ubul Hoshur Weli Sawut Halmurat Tashpolat Ghulam Exmetjan Ruqiye Sanubar Zulpiye"
)
RU_GIVEN_M = _words(
    "Сергей Александр Вячеслав Дмитрий Николай Андрей Игорь Олег Павел Юрий Владимир"
)
RU_GIVEN_F = _words("Елена Ольга Наталья Татьяна Ирина Светлана Юлия Анна Марина Людмила Галина")
RU_SURNAMES = _words(
    "Иванов Смирнов Кузнецов Попов Васильев Петров Соколов Михайлов Новиков Федоров Морозов "
    "Волков Алексеев Лебедев Семенов Егоров Павлов Козлов Степанов Николаев Орлов Андреев Макаров "
    "Никитин Захаров Зайцев Соловьев Борисов Яковлев Григорьев Романов Воробьев Сергеев Кузьмин "
    "Фролов Александров Дмитриев Королев Гусев Киселев Ильин Максимов Поляков Сорокин Виноградов "
    "Ковалев Белов Медведев Антонов Тарасов Жуков Баранов Филиппов Комаров Давыдов Беляев Герасимов"
)
HAN_SURNAMES = _words("王 李 张 刘 陈 杨 黄 赵 吴 周 徐 孙 马 朱 胡 郭 何 高 林 罗 郑 梁 谢 宋 唐")
HAN_GIVEN = _words(
    "伟 芳 娜 敏 静 丽 强 磊 军 洋 勇 艳 杰 娟 涛 明 超 秀 霞 平 刚 桂 英 华 晓 建 国 红 玉"
)

# Kazakh Cyrillic -> Kazakh Arabic script (as written in Xinjiang), for generated variants.
_KZ_ARABIC = dict(
    zip(
        "аәбвгғдеёжзийкқлмнңоөпрстуұүфхһцчшщъыіьэюя",
        _words(
            "ا ٴا ب ۋ گ ع د ە يو ج ز ي ي ك ق ل م ن ڭ و ٴو پ ر س ت ۋ ۇ ٴۇ ف ح ھ تس چ ش ش - ى ٴى - ە يۋ يا"
        ),
        strict=True,
    )
)
_RU_FROM_KZ = str.maketrans("әғқңөұүһіӘҒҚҢӨҰҮҺІ", "агкноууxиАГКНОУУХИ")
_UY_ARABIC = {
    "sh": "ش",
    "ch": "چ",
    "gh": "غ",
    "ng": "ڭ",
    "zh": "ژ",
    "a": "ا",
    "e": "ە",
    "i": "ى",
    "o": "و",
    "u": "ۇ",
    "b": "ب",
    "p": "پ",
    "t": "ت",
    "j": "ج",
    "x": "خ",
    "d": "د",
    "r": "ر",
    "z": "ز",
    "s": "س",
    "f": "ف",
    "q": "ق",
    "k": "ك",
    "g": "گ",
    "l": "ل",
    "m": "م",
    "n": "ن",
    "h": "ھ",
    "w": "ۋ",
    "y": "ي",
}
_LATIN_VARIANTS = (
    ("zh", "j"),
    ("j", "zh"),
    ("kh", "h"),
    ("kh", "q"),
    ("q", "k"),
    ("q", "kh"),
    ("y", "i"),
    ("ay", "ai"),
    ("ai", "ay"),
    ("u", "w"),
    ("ye", "e"),
    ("ie", "iye"),
    ("ll", "l"),
    ("gh", "g"),
)


@dataclass(frozen=True)
class SyntheticName:
    name: str
    style: str  # kazakh, uyghur, russian, chinese
    parts: tuple[str, ...]  # canonical parts (Cyrillic for Kazakh/Russian, Latin/Han otherwise)
    gender: str


def _kazakh(rng: random.Random) -> SyntheticName:
    female = rng.random() < 0.45
    if female and rng.random() < 0.5:
        given = rng.choice(KZ_GIVEN_FEMALE)
    else:
        given = rng.choice(KZ_HEADS) + rng.choice(KZ_TAILS)
    father = rng.choice(KZ_HEADS) + rng.choice(KZ_TAILS)
    roll = rng.random()
    if roll < 0.45:
        surname = father
    elif roll < 0.8:
        soft = father[-1] in "аәеиоөұүыіуй"
        stem = father[:-1] if father.endswith("й") else father
        surname = (
            stem + ("ева" if female else "ев") if soft else father + ("ова" if female else "ов")
        )
    else:
        surname = father + ("қызы" if female else "ұлы")
    parts = (given.capitalize(), surname.capitalize())
    return SyntheticName(" ".join(parts), "kazakh", parts, "f" if female else "m")


def _uyghur(rng: random.Random) -> SyntheticName:
    parts = (rng.choice(UY_GIVEN), rng.choice(UY_GIVEN))
    return SyntheticName(" ".join(parts), "uyghur", parts, "")


def _russian(rng: random.Random) -> SyntheticName:
    female = rng.random() < 0.5
    given = rng.choice(RU_GIVEN_F if female else RU_GIVEN_M)
    surname = rng.choice(RU_SURNAMES) + ("а" if female else "")
    return SyntheticName(f"{given} {surname}", "russian", (given, surname), "f" if female else "m")


def _chinese(rng: random.Random) -> SyntheticName:
    given = "".join(rng.choice(HAN_GIVEN) for _ in range(rng.choice((1, 2))))
    surname = rng.choice(HAN_SURNAMES)
    return SyntheticName(surname + given, "chinese", (surname, given), "")


_STYLES = ((0.55, _kazakh), (0.25, _uyghur), (0.12, _russian), (0.08, _chinese))


def render(person: SyntheticName, rng: random.Random, script: str | None = None) -> str:
    """One written form of a generated name: 'cyrillic', 'latin', 'arabic', 'han' or random."""
    if person.style == "chinese":
        script = script or rng.choice(("han", "latin"))
        if script == "han":
            return person.name
        surname, given = (han_to_pinyin(p) for p in person.parts)
        return f"{surname.capitalize()} {given.capitalize()}"
    if person.style == "uyghur":
        script = script or rng.choice(("latin", "latin", "arabic", "cyrillic"))
        if script == "arabic":
            return " ".join(_uyghur_arabic(p) for p in person.parts)
        if script == "cyrillic":
            return " ".join(_uyghur_cyrillic(p) for p in person.parts)
        return person.name
    script = script or rng.choice(("latin", "latin", "cyrillic", "russian"))
    if script == "cyrillic":
        return person.name
    if script == "russian":
        return person.name.translate(_RU_FROM_KZ)
    if script == "arabic" and person.style == "kazakh":
        return " ".join("".join(_KZ_ARABIC.get(c, c) for c in p.lower()) for p in person.parts)
    return cyrillic_to_latin(person.name)


def _uyghur_arabic(word: str) -> str:
    word = word.lower()
    out = "ئ" if word[0] in "aeiou" else ""
    i = 0
    while i < len(word):
        if word[i : i + 2] in _UY_ARABIC:
            out += _UY_ARABIC[word[i : i + 2]]
            i += 2
        else:
            out += _UY_ARABIC.get(word[i], "")
            i += 1
    return out


_UY_CYRILLIC = {
    "sh": "ш",
    "ch": "ч",
    "gh": "ғ",
    "ng": "ң",
    "zh": "ж",
    "a": "а",
    "e": "е",
    "i": "и",
    "o": "о",
    "u": "у",
    "b": "б",
    "p": "п",
    "t": "т",
    "j": "ж",
    "x": "х",
    "d": "д",
    "r": "р",
    "z": "з",
    "s": "с",
    "f": "ф",
    "q": "қ",
    "k": "к",
    "g": "г",
    "l": "л",
    "m": "м",
    "n": "н",
    "h": "һ",
    "w": "в",
    "y": "й",
}


def _uyghur_cyrillic(word: str) -> str:
    word = word.lower()
    out, i = "", 0
    while i < len(word):
        if word[i : i + 2] in _UY_CYRILLIC:
            out, i = out + _UY_CYRILLIC[word[i : i + 2]], i + 2
        else:
            out, i = out + _UY_CYRILLIC.get(word[i], ""), i + 1
    return out.capitalize()


def generate(count: int, seed: int = 0) -> list[SyntheticName]:
    rng = random.Random(seed)
    weights = [w for w, _ in _STYLES]
    makers = [m for _, m in _STYLES]
    return [rng.choices(makers, weights)[0](rng) for _ in range(count)]


def typo(word: str, rng: random.Random) -> str:
    if len(word) < 4:
        return word
    i = rng.randrange(1, len(word) - 1)
    kind = rng.choice(("drop", "swap", "double"))
    if kind == "drop":
        return word[:i] + word[i + 1 :]
    if kind == "swap":
        return word[:i] + word[i + 1] + word[i] + word[i + 2 :]
    return word[:i] + word[i] + word[i:]


def variant(person: SyntheticName, rng: random.Random) -> str:
    """Another source's spelling of a generated name."""
    text = render(person, rng)
    words = text.split()
    if text.isascii():
        for _ in range(rng.randint(1, 3)):
            old, new = rng.choice(_LATIN_VARIANTS)
            text = text.replace(old, new, 1)
        words = text.split()
        if rng.random() < 0.3:
            k = rng.randrange(len(words))
            words[k] = typo(words[k], rng)
    if rng.random() < 0.25 and len(words) > 1:
        words.reverse()
    return " ".join(words)
