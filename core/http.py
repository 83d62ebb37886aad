"""Request helpers that settings name: the client's address for django-axes."""

from django.conf import settings


def client_ip(request):
    """The visitor's address. Behind nginx it is the X-Real-IP nginx sets, trusted only when the request came from
    nginx: over gunicorn's unix socket (which has no peer address) or from an address in VITA_TRUSTED_PROXIES.
    From anywhere else (gunicorn on a TCP port others reach) the header is ignored: it could be anyone's."""
    peer = request.META.get("REMOTE_ADDR") or ""
    proxies = getattr(settings, "VITA_TRUSTED_PROXIES", None)
    if proxies is None:  # no proxy in front (development, the tests)
        return peer
    from_proxy = peer in ("", "127.0.0.1", "::1") or peer in proxies
    return request.META.get("HTTP_X_REAL_IP") or peer if from_proxy else peer
