"""Hooks other apps attach to without the one-stop code knowing them (the vault, reports).

Receivers run inside the transition's transaction: if one raises, the transition rolls back.
"""

from django.dispatch import Signal

# A dossier's result was handed over (counter, post or electronically).
# Keyword arguments: dossier (not yet saved: read its fields), by, now, delivery ("paper"/"electronic"),
# title (the result's title as printed on it: "Giấy xác nhận tình trạng hôn nhân").
result_returned = Signal()
