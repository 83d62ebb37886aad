"""Setting up and asking for the admin's second factor: a passkey (accounts/passkeys.py) or an authenticator app
(TOTP), with ten recovery codes for when the phone or key is lost. The second factor is asked for once a session;
sessions end after DJANGO_SESSION_IDLE_MINUTES."""

import base64
import io

import qrcode
import qrcode.image.svg
from django.contrib import messages
from django.contrib.admin.views.decorators import staff_member_required
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.debug import sensitive_post_parameters
from django.views.decorators.http import require_POST
from django_otp import login as otp_login
from django_otp import match_token, user_has_device
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice
from django_otp_webauthn.utils import get_credential_model

from . import passkeys

RECOVERY_CODES = 10


def _next(request):
    target = request.POST.get("next") or request.GET.get("next") or ""
    if url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}, require_https=request.is_secure()):
        return target
    return reverse("admin:index")


def _page(request, template, **context):
    from django.contrib import admin

    return TemplateResponse(
        request,
        f"admin/accounts/{template}",
        # No list of the admin's models beside a page that a password alone reaches.
        {
            **admin.site.each_context(request),
            "available_apps": [],
            "next": _next(request),
            "passkeys": passkeys.usable(request),
            "passkey_address": passkeys.party()[1],
            **context,
        },
    )


def _first_device_set_up(request, what):
    """After a first second factor, the recovery codes; after another one, where the owner was going."""
    if StaticDevice.objects.filter(user=request.user).exists():
        messages.success(request, f"{what} is set up; your recovery codes are unchanged.")
        return redirect(_next(request))
    codes = new_recovery_codes(request.user)
    return _page(request, "recovery_codes.html", title="Your recovery codes", codes=codes)


def _qr_code(url):
    """The otpauth:// address as a QR code, an SVG in a data: URL (the CSP allows no inline script, images may be
    data:)."""
    out = io.BytesIO()
    qrcode.make(url, image_factory=qrcode.image.svg.SvgPathImage, box_size=8, border=2).save(out)
    return "data:image/svg+xml;base64," + base64.b64encode(out.getvalue()).decode()


def new_recovery_codes(user):
    """Replace the user's recovery codes with ten new ones; each works once. Returns them."""
    device, _ = StaticDevice.objects.get_or_create(user=user, name="Recovery codes", defaults={"confirmed": True})
    device.token_set.all().delete()
    codes = [StaticToken.random_token() for _ in range(RECOVERY_CODES)]
    StaticToken.objects.bulk_create([StaticToken(device=device, token=code) for code in codes])
    return codes


@sensitive_post_parameters("token")
@staff_member_required
def setup(request):
    """Add an authenticator app. Someone who already has a second factor must give it first (a password alone never
    adds a device)."""
    user = request.user
    if user_has_device(user) and not user.is_verified():
        return redirect(f"{reverse('accounts:verify')}?next={reverse('accounts:setup')}")
    device = TOTPDevice.objects.filter(user=user, confirmed=False).first()
    if device is None:
        device = TOTPDevice.objects.create(user=user, name="Authenticator app", confirmed=False)
    error = None
    if request.method == "POST":
        if device.verify_token(request.POST.get("token", "").replace(" ", "")):
            device.confirmed = True
            device.save(update_fields=["confirmed"])
            otp_login(request, device)
            return _first_device_set_up(request, "The authenticator app")
        error = "That code is not the one the app shows now. Check the phone's clock, and type the newest code."
    secret = base64.b32encode(device.bin_key).decode().rstrip("=")
    return _page(
        request,
        "setup.html",
        title="Set up a second factor",
        qr_code=_qr_code(device.config_url),
        secret=" ".join(secret[i : i + 4] for i in range(0, len(secret), 4)),
        error=error,
    )


@sensitive_post_parameters("token")
@staff_member_required
def verify(request):
    """The code from the authenticator app, or a recovery code (used up once used)."""
    if request.user.is_verified():
        return redirect(_next(request))
    if not user_has_device(request.user):
        return redirect(f"{reverse('accounts:setup')}?next={_next(request)}")
    error = None
    if request.method == "POST":
        device = match_token(request.user, request.POST.get("token", "").replace(" ", ""))
        if device is not None:
            otp_login(request, device)
            if isinstance(device, StaticDevice):
                left = device.token_set.count()
                messages.warning(request, f"A recovery code was used; {left} left. Make new ones if few are left.")
            return redirect(_next(request))
        error = "That code is not right (or it was used already). Try the newest one."
    has_passkey = get_credential_model().objects.filter(user=request.user, confirmed=True).exists()
    return _page(request, "verify.html", title="Your second factor", error=error, has_passkey=has_passkey)


@staff_member_required
def passkey_added(request):
    """Where the setup page goes once the browser has registered a passkey (django-otp-webauthn's view saved it and
    counted it as this session's second factor)."""
    if not request.user.is_verified():
        return redirect(f"{reverse('accounts:setup')}?next={_next(request)}")
    return _first_device_set_up(request, "The passkey")


@require_POST
@staff_member_required
def recovery_codes(request):
    """Ten new recovery codes in place of the old ones (for someone who has given their second factor)."""
    if not request.user.is_verified():
        return redirect(f"{reverse('accounts:verify')}?next={reverse('admin:index')}")
    codes = new_recovery_codes(request.user)
    return _page(request, "recovery_codes.html", title="Your recovery codes", codes=codes)
