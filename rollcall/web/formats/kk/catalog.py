"""Messages that Django's own catalogs lack or write against Kazakh and Russian usage, so that
rollcall/locale can give them: month names in lower case, as both languages write them inside a
date ("1 қыркүйек 2022 ж.", "примерно август 2018 г."; `F` and `E` of the date formats), and the
sign-in and form errors a volunteer can meet, which Django's Kazakh catalog lacks. Nothing imports
this module; it is here so that makemessages keeps these entries in the catalogs."""

from __future__ import annotations

from django.utils.translation import gettext_lazy, ngettext_lazy, pgettext_lazy

MONTHS = (
    gettext_lazy("January"), gettext_lazy("February"), gettext_lazy("March"), gettext_lazy("April"),
    gettext_lazy("May"), gettext_lazy("June"), gettext_lazy("July"), gettext_lazy("August"),
    gettext_lazy("September"), gettext_lazy("October"), gettext_lazy("November"), gettext_lazy("December"),
)

ALT_MONTHS = (
    pgettext_lazy("alt. month", "January"), pgettext_lazy("alt. month", "February"),
    pgettext_lazy("alt. month", "March"), pgettext_lazy("alt. month", "April"),
    pgettext_lazy("alt. month", "May"), pgettext_lazy("alt. month", "June"),
    pgettext_lazy("alt. month", "July"), pgettext_lazy("alt. month", "August"),
    pgettext_lazy("alt. month", "September"), pgettext_lazy("alt. month", "October"),
    pgettext_lazy("alt. month", "November"), pgettext_lazy("alt. month", "December"),
)

ERRORS = (
    gettext_lazy("Please enter a correct %(username)s and password. Note that both fields may be case-sensitive."),
    ngettext_lazy("Ensure this value has at most %(limit_value)d character (it has %(show_value)d).",
                  "Ensure this value has at most %(limit_value)d characters (it has %(show_value)d).", "limit_value"),
    ngettext_lazy("Ensure this value has at least %(limit_value)d character (it has %(show_value)d).",
                  "Ensure this value has at least %(limit_value)d characters (it has %(show_value)d).", "limit_value"),
    gettext_lazy("Enter a valid integer."),
    gettext_lazy("Null characters are not allowed."),
)
