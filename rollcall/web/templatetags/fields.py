"""{% field bound_field %}: a form field with its label, help and errors, as web/_field.html writes it.

The intake form has some thirty fields; including the template once per field cost most of the
page's time. This tag writes the same HTML in Python, character for character
(tests/test_web_rendering.py renders every form's fields both ways); the template stays the
description of the markup.
"""

from __future__ import annotations

from django import template
from django.utils.safestring import SafeString, mark_safe

from rollcall.web.rendering import as_text

register = template.Library()


@register.simple_tag
def field(bound) -> SafeString:
    if bound.is_hidden:
        return mark_safe(as_text(bound) + "\n")
    kind = bound.widget_type
    out = [f'<div class="field{" check" if kind == "checkbox" else ""}">\n']
    if kind == "checkbox":
        out.append(f"{as_text(bound)} {as_text(bound.label_tag())}")
    elif kind == "radioselect":
        out.append(f'<fieldset class="plain"><legend>{as_text(bound.label)}</legend>')
        for choice in bound:
            out.append(f'<div class="choice">{as_text(choice.tag())} <label for="{as_text(choice.id_for_label)}">'
                       f"{as_text(choice.choice_label)}</label></div>")
        out.append("</fieldset>")
    else:
        out.append(f"{as_text(bound.label_tag())}{as_text(bound)}")
    out.append("\n")
    if bound.help_text:
        out.append(f'<span class="help" id="{as_text(bound.auto_id)}_helptext">{as_text(bound.help_text)}</span>')
    out.append("\n")
    if bound.errors:
        items = "".join(f"<li>{as_text(e)}</li>" for e in bound.errors)
        out.append(f'<ul class="errorlist" id="{as_text(bound.auto_id)}_error">{items}</ul>')
    out.append("\n</div>\n")
    return mark_safe("".join(out))
