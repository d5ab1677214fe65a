import pytest

from rollcall.reports import rules
from rollcall.reports.models import CountingRule


def test_every_rule_has_its_words_in_three_languages():
    assert rules.all_rules()
    for rule in rules.all_rules().values():
        for lang in ("en", "ru", "kk"):
            assert len(rule.text_in(lang)) > 40, (rule.code, lang)
            assert rule.title_in(lang)


@pytest.mark.parametrize(
    ("raw", "message"),
    [
        ({"code": "x", "version": 1, "counts": "cats"}, "counts must be one of"),
        ({"code": "x", "version": 1, "counts": "acts", "group_by": "ethnicity"}, "cannot group acts by ethnicity"),
        ({"code": "x", "version": 1, "counts": "acts", "title": {"en": "t"}, "text": {"en": "t"}}, "need en, ru and kk"),
    ],
)
def test_a_malformed_rule_is_refused_with_its_file_named(raw, message):
    with pytest.raises(ValueError, match=message):
        rules.parse(raw, "broken.yaml")


def test_an_unknown_rule_is_a_clear_lookup_error():
    with pytest.raises(LookupError, match="no counting rule 'nope'"):
        rules.get("nope")


@pytest.mark.django_db
def test_publishing_stores_each_version_once():
    rules.publish()
    count = CountingRule.objects.count()
    assert count == len(rules.all_rules())
    assert rules.publish() == 0 and CountingRule.objects.count() == count
