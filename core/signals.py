"""Signals every app may send; publishing listens."""

from django.dispatch import Signal

# Sent after a bulk change that bypassed the models' save signals (a queryset.update() in an admin action):
# the cached and published pages must be brought up to date. Sent with no arguments beyond the sender.
bulk_change = Signal()
