import io

import pytest
from openpyxl import load_workbook

from danvan.procedures import demo
from danvan.procedures.catalogue import export_catalogue


@pytest.fixture
def catalogue(db):
    """The demo catalogue (already loaded with the demo world; loading again is a no-op)."""
    demo.load()


@pytest.fixture
def exported_workbook(catalogue):
    return load_workbook(io.BytesIO(export_catalogue()))


def workbook_bytes(wb) -> bytes:
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()
