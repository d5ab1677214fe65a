"""Form rendering without a template per widget, option and label.

Django renders every widget, every <option> of a select and every <label> through a template of
its own; on the intake form that is some three hundred template renders, most of the page's
time. This renderer writes the HTML of the plainest of those templates in Python, character for
character what the templates write (tests/test_web_rendering.py renders every form both ways),
and hands every other template to Django.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping

from django.forms.renderers import DjangoTemplates
from django.utils.formats import localize
from django.utils.html import conditional_escape
from django.utils.safestring import SafeString, mark_safe

WIDGETS = "django/forms/widgets/"
# The widget templates that are nothing but {% include "django/forms/widgets/input.html" %}.
INPUTS = ("checkbox", "color", "date", "datetime", "email", "file", "hidden", "number", "password",
          "search", "tel", "text", "time", "url")


def as_text(value) -> str:
    """{{ value }} in a template: localised, made a string, escaped unless already safe."""
    return conditional_escape(str(localize(value)))


def _attrs(attrs: Mapping | None) -> str:
    """django/forms/widgets/attrs.html: ` name="value"`, a bare name for True, nothing for False."""
    out = []
    for name, value in (attrs or {}).items():
        if value is False:
            continue
        out.append(f" {as_text(name)}" if value is True else f' {as_text(name)}="{conditional_escape(str(value))}"')
    return "".join(out)


def _input(context: Mapping) -> str:
    widget = context["widget"]
    value = "" if widget["value"] is None else f' value="{conditional_escape(str(widget["value"]))}"'
    return f'<input type="{as_text(widget["type"])}" name="{as_text(widget["name"])}"{value}{_attrs(widget["attrs"])}>'


def _option(option: Mapping) -> str:
    return (f'<option value="{conditional_escape(str(option["value"]))}"{_attrs(option["attrs"])}>'
            f'{as_text(option["label"])}</option>')


def _select(context: Mapping) -> str:
    widget = context["widget"]
    out = [f'<select name="{as_text(widget["name"])}"{_attrs(widget["attrs"])}>']
    for group_name, options, _index in widget["optgroups"]:
        if group_name:
            out.append(f'\n  <optgroup label="{as_text(group_name)}">')
        for option in options:
            if option["template_name"] != WIDGETS + "select_option.html":
                raise _Unusual
            out.append("\n  " + _option(option) + "\n")  # select_option.html ends with a newline
        if group_name:
            out.append("\n  </optgroup>")
    out.append("\n</select>")
    return "".join(out)


def _textarea(context: Mapping) -> str:
    widget = context["widget"]
    value = as_text(widget["value"]) if widget["value"] else ""
    return f'<textarea name="{as_text(widget["name"])}"{_attrs(widget["attrs"])}>\n{value}</textarea>'


def _label(context: Mapping) -> str:
    if not context["use_tag"]:
        return as_text(context["label"])
    tag = as_text(context["tag"])
    return f'<{tag}{_attrs(context["attrs"])}>{as_text(context["label"])}</{tag}>'


class _Unusual(Exception):
    """A context this module does not write (a custom option template): Django renders it."""


FAST: dict[str, Callable[[Mapping], str]] = {
    **{f"{WIDGETS}{name}.html": _input for name in INPUTS},
    WIDGETS + "input.html": _input,
    WIDGETS + "select.html": _select,
    WIDGETS + "textarea.html": _textarea,
    "django/forms/label.html": _label,
}


class Renderer(DjangoTemplates):
    """Django's template renderer, with the plain widgets and labels written directly."""

    def render(self, template_name: str, context: Mapping, request=None) -> SafeString:
        write = FAST.get(template_name)
        if write is not None:
            try:
                return mark_safe(write(context).strip())
            except _Unusual:
                pass
        return super().render(template_name, context, request)
