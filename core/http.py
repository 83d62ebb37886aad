"""Request helpers that settings name: the client's address for django-axes."""

from django.conf import settings


def client_ip(request):
    """The visitor's address. Behind nginx (production) it is the X-Real-IP nginx sets: gunicorn listens on a
    socket only nginx reaches, so the header cannot come from anyone else."""
    if getattr(settings, "VITA_TRUST_X_REAL_IP", False) and request.META.get("HTTP_X_REAL_IP"):
        return request.META["HTTP_X_REAL_IP"]
    return request.META.get("REMOTE_ADDR")
