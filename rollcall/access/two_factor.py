"""Two-step sign-in: password (throttled), then a TOTP code. Staff roles must use both.

The first step keeps the user's id in the session without signing them in; the second
signs them in only after a valid, unused code. A user without an authenticator enrols at the
second step (a QR code and the secret to type in).
"""

from __future__ import annotations

import pyotp
import segno
from django import forms
from django.conf import settings
from django.contrib.auth import get_user_model, login
from django.contrib.auth.forms import AuthenticationForm
from django.contrib.auth.views import LoginView
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext_lazy as _
from django.views.decorators.cache import never_cache
from django.views.decorators.debug import sensitive_post_parameters

from rollcall.access import audit, throttle
from rollcall.access.actor import Actor
from rollcall.access.models import TOTPDevice

PENDING = "two_factor_user"
ISSUER = "Rollcall"


def required_for(user) -> bool:
    return getattr(settings, "ROLLCALL_TWO_FACTOR", True) and user.role != "public"


class ThrottledAuthenticationForm(AuthenticationForm):
    def clean(self):
        username = self.data.get("username", "")
        address = throttle.client_address(self.request)
        wait = throttle.locked_for(username, address)
        if wait is not None:
            minutes = max(1, int(wait.total_seconds() // 60) + 1)
            raise forms.ValidationError(
                _("Too many failed sign-ins. Try again in %(minutes)d minutes.") % {"minutes": minutes},
                code="throttled")
        try:
            return super().clean()
        except forms.ValidationError:
            throttle.fail(username, address)
            raise


class PasswordStep(LoginView):
    form_class = ThrottledAuthenticationForm

    def form_valid(self, form):
        user = form.get_user()
        throttle.succeed(user.get_username())
        if not required_for(user):
            return super().form_valid(form)
        self.request.session[PENDING] = user.pk
        self.request.session["two_factor_next"] = self.get_success_url()
        return redirect("two_factor")


class CodeForm(forms.Form):
    code = forms.CharField(label=_("Code from your authenticator"), max_length=8,
                           widget=forms.TextInput(attrs={"autocomplete": "one-time-code", "inputmode": "numeric",
                                                         "autofocus": True}))


def _verify(device: TOTPDevice, code: str) -> bool:
    totp = pyotp.TOTP(device.secret)
    now = timezone.now()
    for offset in (-1, 0, 1):  # allow one step of clock drift either way
        at = now.timestamp() + offset * totp.interval
        step = int(at // totp.interval)
        if step > device.last_step and totp.at(at) == code.strip().replace(" ", ""):
            device.last_step = step
            return True
    return False


@never_cache
@sensitive_post_parameters("code")
def code_step(request):
    user = get_user_model().objects.filter(pk=request.session.get(PENDING), is_active=True).first()
    if user is None:
        return redirect("login")
    device, _created = TOTPDevice.objects.get_or_create(user=user, defaults={"secret": pyotp.random_base32()})
    enrolling = device.confirmed_at is None
    form = CodeForm(request.POST or None)
    address = throttle.client_address(request)
    if request.method == "POST" and form.is_valid():
        if throttle.locked_for(user.get_username(), address) is not None:
            form.add_error("code", _("Too many failed sign-ins. Try again later."))
        elif _verify(device, form.cleaned_data["code"]):
            if enrolling:
                device.confirmed_at = timezone.now()
            device.save()
            throttle.succeed(user.get_username())
            next_url = request.session.pop("two_factor_next", "/")
            request.session.pop(PENDING, None)
            login(request, user, backend="rollcall.access.sessions.AccountBackend")
            audit.record("login", "access.user", user.pk, {"enrolled": enrolling},
                         actor=Actor(user.get_username(), user.role, user.pk))
            safe = url_has_allowed_host_and_scheme(next_url, {request.get_host()}, request.is_secure())
            return redirect(next_url if safe else "/")
        else:
            throttle.fail(user.get_username(), address)
            form.add_error("code", _("That code is not valid. Codes change every 30 seconds."))
    context = {"form": form, "enrolling": enrolling}
    if enrolling:
        uri = pyotp.TOTP(device.secret).provisioning_uri(name=user.get_username(), issuer_name=ISSUER)
        context.update(secret=device.secret, qr=segno.make(uri, error="m").svg_data_uri(scale=5), uri=uri)
    return render(request, "access/two_factor.html", context)
