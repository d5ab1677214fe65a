"""Forms of the web interface: they check input and turn it into service arguments."""

from __future__ import annotations

import datetime as dt

from django import forms
from django.conf import settings
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from rollcall import dates, vocabularies
from rollcall.access import sensitivity as sens
from rollcall.sources import photos
from rollcall.web import datewords
from rollcall.web.services import ActInput, AnswerInput, PetitionInput, Upload, Visit

KINSHIP = ("parent_of", "child_of", "spouse_of", "sibling_of", "relative_of")
# What an upload may be, told by its first bytes (never by its name or the browser's word).
SIGNATURES = [(b"\xff\xd8\xff", "image/jpeg"), (b"\x89PNG\r\n\x1a\n", "image/png"),
              (b"%PDF-", "application/pdf"), (b"GIF87a", "image/gif"), (b"GIF89a", "image/gif")]


def sniff(head: bytes) -> str | None:
    if head[:4] == b"RIFF" and head[8:12] == b"WEBP":
        return "image/webp"
    return next((kind for magic, kind in SIGNATURES if head.startswith(magic)), None)


class VocabularyChoiceField(forms.ChoiceField):
    """A choice from a controlled vocabulary, labelled in the language of the request."""

    def __init__(self, vocabulary: str, *, codes: tuple[str, ...] | None = None, blank: str | None = None, **kw):
        self.vocabulary, self.codes, self.blank = vocabulary, codes, blank
        super().__init__(choices=self._choices, **kw)

    def _choices(self):
        lang = get_language() or "en"
        terms = [t for t in vocabularies.get(self.vocabulary) if self.codes is None or t.code in self.codes]
        blank = [("", self.blank)] if self.blank is not None else []
        return blank + [(t.code, t.label(lang)) for t in terms]


class DateWordsField(forms.CharField):
    """Words for a date ('spring 2018'); cleaned to (edtf, words). `unreadable` replaces the
    message for words that are not a date (it gets %(words)s)."""

    def __init__(self, *args, unreadable=None, **kwargs):
        self.unreadable = unreadable
        super().__init__(*args, **kwargs)

    def clean(self, value):
        words = super().clean(value)
        try:
            return datewords.to_edtf(words), words
        except datewords.DateWordsError as exc:
            if self.unreadable is not None:
                raise forms.ValidationError(self.unreadable, params={"words": " ".join(words.split())}) from None
            raise forms.ValidationError(str(exc)) from None


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    def __init__(self, *args, **kwargs):
        kwargs.setdefault("widget", MultipleFileInput(attrs={"accept": "image/jpeg,image/png,image/webp,application/pdf"}))
        super().__init__(*args, **kwargs)

    def clean(self, data, initial=None):
        items = data if isinstance(data, list | tuple) else ([data] if data else [])
        uploads = []
        for item in items:
            item = super().clean(item, initial)
            if item.size > settings.MAX_UPLOAD_BYTES:
                raise forms.ValidationError(
                    _("“%(name)s” is too large: at most %(mb)s MB per file."),
                    params={"name": item.name, "mb": settings.MAX_UPLOAD_BYTES // (1024 * 1024)})
            data_ = item.read()
            kind = sniff(data_[:16])
            if kind is not None and kind.startswith("image/"):
                try:
                    kind = photos.check(data_)
                except photos.NotAPhoto:
                    kind = None
            if kind is None:
                raise forms.ValidationError(
                    _("“%(name)s” is not a photo (JPEG, PNG, WebP, GIF) or a PDF document."),
                    params={"name": item.name})
            uploads.append(Upload(item.name, kind, data_))
        return uploads


SENSITIVITY_CHOICES = [
    (sens.RESTRICTED, _("Restricted: signed-in staff only")),
    (sens.CONFIDENTIAL, _("Confidential: case workers only")),
    (sens.PUBLIC, _("Public: may be published")),
]


class IntakeForm(forms.Form):
    # the applicant
    applicant_name = forms.CharField(label=_("Applicant's name"), max_length=300, required=False)
    applicant_relation = VocabularyChoiceField("relationship_kinds", codes=KINSHIP, blank="—", required=False,
                                               label=_("The applicant is the missing person's"))
    applicant_phone = forms.CharField(label=_("Applicant's phone (confidential)"), max_length=50, required=False)
    applicant_address = forms.CharField(label=_("Applicant's address (confidential)"), max_length=300,
                                        required=False)
    # the missing person
    name_1 = forms.CharField(label=_("Name"), max_length=300, required=False,
                             help_text=_("In any script: Kazakh, Russian, Latin, Chinese or Arabic."))
    name_2 = forms.CharField(label=_("Another spelling"), max_length=300, required=False)
    name_3 = forms.CharField(label=_("Another spelling"), max_length=300, required=False)
    sex = forms.ChoiceField(label=_("Sex"), choices=[("unknown", _("unknown")), ("female", _("female")),
                                                      ("male", _("male"))], initial="unknown")
    birth_date = DateWordsField(label=_("Born"), max_length=200, required=False,
                                help_text=_("In words, e.g. “1975” or “March 1975”."))
    home_place = forms.CharField(label=_("Home village or county"), max_length=300, required=False)
    ethnicity = VocabularyChoiceField("ethnicities", blank="—", required=False, label=_("Ethnicity"))
    citizenship = VocabularyChoiceField("citizenships", blank="—", required=False, label=_("Citizenship"))
    occupation = forms.CharField(label=_("Occupation"), max_length=200, required=False)
    # the visit
    account = forms.CharField(label=_("The relative's account"), required=False,
                              widget=forms.Textarea(attrs={"rows": 5}))
    consent_given = forms.BooleanField(label=_("The relative consents to the recorded use of this account"),
                                       required=False)
    consent_note = forms.CharField(label=_("Consent note (confidential)"), max_length=500, required=False)
    sensitivity = forms.TypedChoiceField(label=_("Who may see this case"), choices=SENSITIVITY_CHOICES,
                                         coerce=int, initial=sens.RESTRICTED, widget=forms.RadioSelect)
    identity_protected = forms.BooleanField(
        label=_("Protect the identity: names, birth date, places and photos confidential"), required=False)
    uploads = MultipleFileField(label=_("Photos and documents"), required=False,
                                help_text=_("JPEG, PNG, WebP, GIF or PDF."))
    # the duplicate check: "" not yet decided, "new", or the id of an existing person
    match = forms.CharField(required=False, widget=forms.HiddenInput)

    def names(self) -> list[str]:
        return [self.cleaned_data[f] for f in ("name_1", "name_2", "name_3") if self.cleaned_data.get(f)]

    def clean(self):
        data = super().clean()
        match = (data.get("match") or "").strip()
        if match not in ("", "new") and not match.isdigit():
            self.add_error(None, _("Choose a person from the list or “create a new record”."))
        if not any(data.get(f) for f in ("name_1", "name_2", "name_3")) and not match.isdigit():
            self.add_error("name_1", _("Give at least one name of the missing person."))
        return data

    def visit(self, acts: list[ActInput]) -> Visit:
        d = self.cleaned_data
        birth_edtf, birth_words = d.get("birth_date") or ("", "")
        return Visit(
            names=self.names(), sensitivity=d["sensitivity"], identity_protected=d["identity_protected"],
            sex=d["sex"], birth_date=birth_edtf, birth_date_text=birth_words, home_place=d["home_place"],
            ethnicity=d["ethnicity"], citizenship=d["citizenship"], occupation=d["occupation"], acts=acts,
            applicant_name=d["applicant_name"], applicant_relation=d["applicant_relation"],
            applicant_phone=d["applicant_phone"], applicant_address=d["applicant_address"],
            account=d["account"], consent_given=d["consent_given"], consent_note=d["consent_note"],
            uploads=d["uploads"])


class ActForm(forms.Form):
    type = VocabularyChoiceField("act_types", blank="—", required=False, label=_("What happened"))
    when = DateWordsField(label=_("When, in the relative's words"), max_length=200, required=False,
                          help_text=_("e.g. “spring 2018”, “August 2018”, “2018 жылдың көктемі”"))
    place = forms.CharField(label=_("Where"), max_length=300, required=False)
    description = forms.CharField(label=_("Details"), required=False, widget=forms.Textarea(attrs={"rows": 2}))

    def clean(self):
        data = super().clean()
        if not data.get("type") and (data.get("when") or ("", ""))[1] + data.get("place", "") + data.get("description", ""):
            self.add_error("type", _("Choose what happened."))
        return data

    def act(self) -> ActInput | None:
        d = self.cleaned_data
        if not d.get("type"):
            return None
        edtf, words = d.get("when") or ("", "")
        return ActInput(type=d["type"], date=edtf, date_text=words, place=d["place"], description=d["description"])


ActFormSet = forms.formset_factory(ActForm, extra=3, max_num=10)


# --- Petitions and their answers --------------------------------------------------------------

ANSWER_OUTCOMES = ("answered", "refused", "resolved")
# A petition's dates cannot be left empty, so the message does not suggest it.
UNREADABLE_DATE = _("Could not read a date from “%(words)s”. Write it like “12 March 2019”, “spring 2018” or “2018”.")


class FocusFirstError:
    """After a failed submit, the keyboard lands on the first field that needs fixing."""

    def focus_first_error(self) -> None:
        for name in self.fields:
            if name in self.errors:
                self.fields[name].widget.attrs["autofocus"] = True
                return


def _day_range(value: tuple[str, str] | None) -> tuple[dt.date | None, dt.date | None]:
    edtf = (value or ("", ""))[0]
    return dates.bounds(edtf) if edtf else (None, None)


class PetitionForm(FocusFirstError, forms.Form):
    kind = VocabularyChoiceField("intervention_kinds", label=_("Kind"), initial="petition")
    authority = forms.CharField(label=_("To which authority"), max_length=300,
                                widget=forms.TextInput(attrs={"list": "authorities", "autocomplete": "off"}),
                                help_text=_("e.g. the Ministry of Foreign Affairs of Kazakhstan, a consulate, "
                                            "the UN Working Group."))
    sent = DateWordsField(label=_("Sent"), max_length=200, unreadable=UNREADABLE_DATE,
                          help_text=_("In words, e.g. “12 March 2019”, “spring 2018” or “2018”."))
    reference = forms.CharField(label=_("Reference number (restricted)"), max_length=100, required=False)
    follow_up = DateWordsField(label=_("Follow up on"), max_length=200, required=False, unreadable=UNREADABLE_DATE,
                               help_text=_("When to ask again if no answer has come, e.g. “June 2026”."))
    family_consent = forms.BooleanField(label=_("The family consented to this submission"), required=False)
    notes = forms.CharField(label=_("Notes (restricted)"), required=False, widget=forms.Textarea(attrs={"rows": 3}))
    sensitivity = forms.TypedChoiceField(label=_("Who may see this petition"), choices=SENSITIVITY_CHOICES,
                                         coerce=int, initial=sens.RESTRICTED, widget=forms.RadioSelect)

    def clean(self):
        data = super().clean()
        lo, hi = _day_range(data.get("sent"))
        if "sent" in data and lo is None and hi is None:
            self.add_error("sent", _("Give the date the petition was sent, at least the year."))
        elif lo is not None and lo > timezone.localdate():
            self.add_error("sent", _("This date is in the future."))
        if (data.get("follow_up") or ("", ""))[0] and _day_range(data["follow_up"])[0] is None:
            self.add_error("follow_up", _("Give a day, a month or a year to follow up on."))
        return data

    def petition(self) -> PetitionInput:
        d = self.cleaned_data
        sent_edtf, sent_words = d["sent"]
        return PetitionInput(kind=d["kind"], authority=" ".join(d["authority"].split()), sent_edtf=sent_edtf,
                             sent_words=sent_words, reference=d["reference"].strip(),
                             follow_up_on=_day_range(d.get("follow_up"))[0], family_consent=d["family_consent"],
                             notes=d["notes"], sensitivity=d["sensitivity"])


class AnswerForm(FocusFirstError, forms.Form):
    answered = DateWordsField(label=_("Answered on"), max_length=200, unreadable=UNREADABLE_DATE,
                              help_text=_("In words, e.g. “12 March 2019”, “spring 2018” or “2018”."))
    answer = forms.CharField(label=_("The answer"), widget=forms.Textarea(attrs={"rows": 5}),
                             help_text=_("What the authority answered, in its own words where possible."))
    outcome = VocabularyChoiceField("intervention_outcomes", codes=ANSWER_OUTCOMES, label=_("Outcome"),
                                    initial="answered")

    def __init__(self, *args, sent_earliest: dt.date | None = None, sent_label: str = "", **kwargs):
        self.sent_earliest, self.sent_label = sent_earliest, sent_label
        super().__init__(*args, **kwargs)

    def clean(self):
        data = super().clean()
        lo, hi = _day_range(data.get("answered"))
        if "answered" in data and lo is None and hi is None:
            self.add_error("answered", _("Give the date of the answer, at least the year."))
        elif lo is not None and lo > timezone.localdate():
            self.add_error("answered", _("This date is in the future."))
        elif hi is not None and self.sent_earliest is not None and hi < self.sent_earliest:
            self.add_error("answered", _("The answer cannot come before the petition was sent (%(date)s).")
                           % {"date": self.sent_label})
        return data

    def answer_input(self) -> AnswerInput:
        d = self.cleaned_data
        edtf, words = d["answered"]
        return AnswerInput(answered_edtf=edtf, answered_words=words, answer=d["answer"].strip(), outcome=d["outcome"])
