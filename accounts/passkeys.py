"""Passkeys (WebAuthn, django-otp-webauthn) as the admin's second factor, beside the authenticator app.

A passkey belongs to one web address: the site's own (DJANGO_SITE_URL, core.site.site_url), never the request's
Host header. Browsers take no IP address as a passkey's domain, so a development site at 127.0.0.1 offers them at
localhost. A passkey is only ever a second factor here: the password comes first (no passwordless sign-in).
"""

from urllib.parse import urlsplit

from django_otp_webauthn.helpers import WebAuthnHelper

from core.site import site_url


def party():
    """(domain, origin) of the site, as passkeys see it: ('example.org', 'https://example.org')."""
    address = urlsplit(site_url())
    domain = address.hostname or "localhost"
    if domain in ("127.0.0.1", "::1"):
        domain = "localhost"
    port = f":{address.port}" if address.port else ""
    return domain, f"{address.scheme}://{domain}{port}"


def relying_party_id(request):
    return party()[0]


def relying_party_name(request):
    return party()[0]


def usable(request):
    """Whether this page was asked for at the address passkeys belong to (elsewhere the browser would refuse)."""
    return f"{request.scheme}://{request.get_host()}" == party()[1]


class Helper(WebAuthnHelper):
    def get_allowed_origins(self):
        return [party()[1]]
