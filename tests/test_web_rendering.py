"""The form renderer writes what Django's templates write, character for character."""

from __future__ import annotations

import pytest
from django import forms
from django.forms.renderers import DjangoTemplates
from django.utils import translation

from rollcall.web import forms as web_forms
from rollcall.web.rendering import FAST, INPUTS, WIDGETS, Renderer

HOSTILE = '<script>alert("x")</script> & "quoted" \'single\''


def _both(make):
    """The form rendered by Django's renderer and by ours."""
    out = []
    for renderer in (DjangoTemplates(), Renderer()):
        form = make()
        form.renderer = renderer
        for bound in form:
            bound.field.widget.attrs.setdefault("data-probe", HOSTILE)
        out.append(str(form) + "".join(f"{f.label_tag()}{f}" for f in form))
    return out


FORMS = {
    "intake, empty": lambda: web_forms.IntakeForm(),
    "intake, bound with errors": lambda: web_forms.IntakeForm(data={
        "name_1": HOSTILE, "sex": "female", "ethnicity": "nonsense", "account": HOSTILE + "\nline two",
        "home_place": "Ghulja", "sensitivity": "1", "match": "x"}),
    "act, bound": lambda: web_forms.ActForm(data={"type": "detention", "when": "spring 2018", "place": HOSTILE}),
    "act, unreadable date": lambda: web_forms.ActForm(data={"type": "detention", "when": "when the snow fell"}),
    "petition, empty": lambda: web_forms.PetitionForm(),
    "answer, bound": lambda: web_forms.AnswerForm(data={"answered": "yesterday-ish", "answer": HOSTILE}),
}


@pytest.mark.parametrize("language", ["en", "kk"])
@pytest.mark.parametrize("name", FORMS)
def test_every_form_renders_as_django_renders_it(name, language):
    with translation.override(language):
        django_html, our_html = _both(FORMS[name])
    assert our_html == django_html
    assert "<script>" not in our_html


def test_selects_with_groups_and_odd_values_render_the_same():
    class Odd(forms.Form):
        grouped = forms.ChoiceField(choices=[("Cities", [("1", "Ghulja"), ("2", "Tacheng")]), ("3", HOSTILE)])
        number = forms.IntegerField(initial=1234567)
        flag = forms.BooleanField(initial=True)
        hidden = forms.CharField(widget=forms.HiddenInput, initial=HOSTILE)
        many = forms.MultipleChoiceField(choices=[("a", "A"), ("b", "B")], initial=["a", "b"])

    django_html, our_html = _both(lambda: Odd(initial={"grouped": "2"}))
    assert our_html == django_html
    assert 'selected' in our_html and "optgroup" in our_html


def test_the_fast_templates_are_the_ones_django_ships():
    """The input-only templates named in INPUTS are still one include of input.html."""
    engine = DjangoTemplates().engine
    for name in INPUTS:
        source = engine.get_template(f"{WIDGETS}{name}.html").template.source.strip()
        assert source == '{% include "django/forms/widgets/input.html" %}', name
    assert set(FAST) >= {f"{WIDGETS}{name}.html" for name in INPUTS}


class _Kinds(forms.Form):
    """A field of every kind web/_field.html writes differently."""

    choice = forms.ChoiceField(choices=[("a", HOSTILE), ("b", "B")], widget=forms.RadioSelect, help_text=HOSTILE)
    consent = forms.BooleanField(label=HOSTILE)
    hidden = forms.CharField(widget=forms.HiddenInput, initial=HOSTILE)
    text = forms.CharField(help_text="Plain words", max_length=3)


FIELD_FORMS = {**FORMS, "every kind, empty": lambda: _Kinds(), "every kind, bound with errors": lambda: _Kinds(
    data={"choice": "zzz", "text": HOSTILE})}


@pytest.mark.parametrize("language", ["en", "kk"])
@pytest.mark.parametrize("name", FIELD_FORMS)
def test_the_field_tag_writes_what_the_field_template_writes(name, language):
    from django.template import Context, engines

    engine = engines["django"].engine
    included = engine.from_string('{% include "web/_field.html" with field=f %}')
    tagged = engine.from_string("{% load fields %}{% field f %}")
    with translation.override(language):
        form = FIELD_FORMS[name]()
        form.is_bound and form.is_valid()
        for bound in form:
            assert tagged.render(Context({"f": bound})) == included.render(Context({"f": bound})), bound.name
    assert "<script>" not in tagged.render(Context({"f": form[next(iter(form.fields))]}))
