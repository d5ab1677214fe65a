"""Uncertain dates on models: the EDTF string, the words as said, and derived bounds."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.functional import lazy
from django.utils.translation import get_language

from rollcall import dates


def validate_edtf(value: str) -> None:
    if value:
        try:
            dates.validate(value)
        except dates.EDTFError as exc:
            raise ValidationError(str(exc)) from None


def edtf_fields(verbose: str) -> tuple[models.Field, models.Field, models.Field, models.Field]:
    """(edtf, words, earliest, latest) fields for one uncertain date."""
    return (
        models.CharField(f"{verbose} (EDTF)", max_length=40, blank=True, validators=[validate_edtf],
                         help_text="e.g. 2018, 2018-08~, 2018-21 (spring), 2020-02/.."),
        models.CharField(f"{verbose} as said", max_length=200, blank=True,
                         help_text="the words as the witness or source said them"),
        models.DateField(f"{verbose}, earliest", null=True, blank=True, editable=False),
        models.DateField(f"{verbose}, latest", null=True, blank=True, editable=False),
    )


def derive_bounds(instance: models.Model, prefix: str) -> None:
    """Set <prefix>_earliest and <prefix>_latest from the EDTF in <prefix>; EDTFError if malformed."""
    value = getattr(instance, prefix)
    if value:
        lo, hi = dates.bounds(value)
    else:
        lo = hi = None
    setattr(instance, f"{prefix}_earliest", lo)
    setattr(instance, f"{prefix}_latest", hi)


def term_label(vocabulary: str, code: str) -> str:
    """The label of a vocabulary term in the active language (English when none is active)."""
    from rollcall import vocabularies

    return vocabularies.get(vocabulary)[code].label(get_language() or "en")


# A label that is looked up each time it is shown, so in the language of the request that shows it.
lazy_term_label = lazy(term_label, str)


class VocabularyField(models.CharField):
    """A code from a controlled vocabulary (rollcall/vocabularies/data/<name>.yaml).

    The choices come from the data file at run time and are left out of migrations, so that
    adding a term or changing a label is an edit of data, not a schema change. Their labels are
    lazy: the admin's selects, filters and get_<field>_display() follow the active language.
    """

    def __init__(self, *args, vocabulary: str, **kwargs):
        from rollcall import vocabularies

        self.vocabulary = vocabulary
        kwargs.setdefault("max_length", 40)
        kwargs["choices"] = [(code, lazy_term_label(vocabulary, code)) for code in vocabularies.get(vocabulary).codes()]
        super().__init__(*args, **kwargs)

    def deconstruct(self):
        name, path, args, kwargs = super().deconstruct()
        kwargs.pop("choices", None)
        kwargs["vocabulary"] = self.vocabulary
        return name, path, args, kwargs
