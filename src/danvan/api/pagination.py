"""One pagination shape for every list: ?page=&page_size= (max 500)."""

import math

from ninja import Schema
from pydantic import Field

MAX_PAGE_SIZE = 500


class PageParams(Schema):
    page: int = Field(1, ge=1, le=1_000_000)
    page_size: int = Field(50, ge=1, le=MAX_PAGE_SIZE)


def paginate(queryset, params: PageParams, serialize) -> dict:
    count = queryset.count()
    start = (params.page - 1) * params.page_size
    rows = list(queryset[start : start + params.page_size])
    return {
        "count": count,
        "page": params.page,
        "page_size": params.page_size,
        "pages": max(1, math.ceil(count / params.page_size)),
        "items": [serialize(row) for row in rows],
    }
