"""The PIN check of transitions that sign, plugged in by the signing app.

The engine does not know how a PIN is checked: the signing app registers a confirmer in its
``AppConfig.ready()``. ``confirmer(user, pin, obj)`` raises a DomainError for a wrong PIN (the
refusal stays audited) or returns the proof the effect hands to the signing services.
"""

from collections.abc import Callable

from django.core.exceptions import ImproperlyConfigured

Confirmer = Callable[[object, str, object], object]
_CONFIRMER: list[Confirmer] = []


def register_confirmer(confirmer: Confirmer) -> None:
    _CONFIRMER[:] = [confirmer]


def confirm(user, pin: str, obj) -> object:
    if not _CONFIRMER:
        raise ImproperlyConfigured("no PIN confirmer registered (the signing app registers one)")
    return _CONFIRMER[0](user, pin, obj)
