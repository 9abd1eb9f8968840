"""The scope's unit ids as ranges (onestop.lists.ids_q, issue 16): the same rows as the id list."""

import pytest
from hypothesis import given
from hypothesis import strategies as st

from danvan.onestop.lists import ids_q


def _holds(node, i: int) -> bool:
    """Evaluate a Q of `unit_id__in`, `__gte`, `__lte` for the id `i`, in Python."""
    if isinstance(node, tuple):
        name, value = node
        return {"unit_id__in": lambda: i in value, "unit_id__gte": lambda: i >= value,
                "unit_id__lte": lambda: i <= value}[name]()  # fmt: skip
    results = [_holds(child, i) for child in node.children]
    return any(results) if node.connector == "OR" else all(results)


def _covered(q, universe):
    return {i for i in universe if _holds(q, i)}


@given(st.sets(st.integers(min_value=1, max_value=60)))
def test_ranges_cover_exactly_the_ids(ids):
    q = ids_q(sorted(ids))
    assert _covered(q, set(range(0, 70))) == ids


@pytest.mark.parametrize(
    ("ids", "children"),
    [
        ([5], [("unit_id__in", [5])]),
        ([1, 2, 3, 4, 9], [("unit_id__in", [9]), ("unit_id__gte", 1), ("unit_id__lte", 4)]),
        ([], [("unit_id__in", [])]),
    ],
)
def test_the_shape(ids, children):
    flat = []
    for child in ids_q(ids).children:
        flat += [child] if isinstance(child, tuple) else sorted(child.children)
    assert flat == children
