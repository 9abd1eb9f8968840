"""The property test's sample of the practice table (tests/workflow, docs/workflow.md)."""

import datetime as dt

from danvan.workflow.testing import Sample


def _make(state):
    from danvan.movement.models import Field, HolderKind, Level, Practice
    from danvan.movement.services import new_code
    from danvan.units.services import current_unit

    return Practice.objects.create(
        code=new_code(2026),
        name="Mô hình kiểm thử",
        unit=current_unit("00070"),
        level=Level.COMMUNE,
        field=Field.CULTURE_SOCIETY,
        holder_kind=HolderKind.UNIT,
        holder_name="Phường Hoàn Kiếm",
        registered_on=dt.date(2026, 3, 1),
        year=2026,
        state=state,
    )


def practice() -> Sample:
    return Sample(make=_make, examples=12, max_steps=6)
