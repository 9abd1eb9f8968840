"""Parse the text of the QR code printed on the chip citizen ID card (CCCD).

Format: ``ID|old ID|full name|ddmmyyyy|sex|address|ddmmyyyy`` (the last date is the issue date).
"""

import datetime as dt
from dataclasses import dataclass


@dataclass
class CccdData:
    national_id: str
    old_id: str
    name: str
    date_of_birth: dt.date | None
    sex: str
    address: str
    issued_on: dt.date | None


def _date(text: str) -> dt.date | None:
    text = text.strip()
    if len(text) != 8 or not text.isdigit():
        return None
    try:
        return dt.date(int(text[4:]), int(text[2:4]), int(text[:2]))
    except ValueError:
        return None


def parse_cccd(text: str) -> CccdData | None:
    """The card's data, or None when the text is not a CCCD QR payload."""
    parts = [p.strip() for p in (text or "").strip().split("|")]
    if len(parts) < 6 or not (parts[0].isdigit() and len(parts[0]) == 12):
        return None
    parts += [""] * (7 - len(parts))
    return CccdData(
        national_id=parts[0],
        old_id=parts[1],
        name=" ".join(parts[2].split()),
        date_of_birth=_date(parts[3]),
        sex=parts[4],
        address=parts[5],
        issued_on=_date(parts[6]),
    )
