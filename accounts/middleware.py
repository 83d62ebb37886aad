"""A second factor for the admin (django-otp): where it is required (production, unless DJANGO_REQUIRE_2FA=false),
a staff member signed in with their password alone reaches nothing in the admin but the pages that set up or ask
for the second factor."""

from urllib.parse import quote

from django.conf import settings
from django.shortcuts import redirect
from django.urls import reverse
from django_otp import user_has_device


class SecondFactorRequired:
    def __init__(self, get_response):
        self.get_response = get_response
        self.prefix = "/" + settings.ADMIN_PATH
        self._open = None

    def __call__(self, request):
        if (
            settings.VITA_REQUIRE_2FA
            and request.path.startswith(self.prefix)
            and request.user.is_authenticated
            and not request.user.is_verified()
            and request.path not in self.open_paths()
        ):
            step = "accounts:verify" if user_has_device(request.user) else "accounts:setup"
            return redirect(f"{reverse(step)}?next={quote(request.get_full_path())}")
        return self.get_response(request)

    def open_paths(self):
        """What a password alone may reach: signing in and out, and the second factor's own pages, passkeys' included
        (looked up at the first request, once the URLs are loaded). django-otp-webauthn's own views refuse to add a
        passkey for someone who has a second factor and has not given it."""
        if self._open is None:
            names = ["admin:login", "admin:logout", "admin:jsi18n", "accounts:setup", "accounts:verify"]
            names += [
                f"otp_webauthn:{name}"
                for name in (
                    "credential-registration-begin",
                    "credential-registration-complete",
                    "credential-authentication-begin",
                    "credential-authentication-complete",
                    "js-i18n-catalog",
                )
            ]
            self._open = {reverse(name) for name in names}
        return self._open
