"""The bare baseline views of bench/bench_http.py, mounted under /_bench/ only when
DANVAN_BENCH_BASELINE=1 (see danvan/urls.py): the same server, middleware and database as the
app's own endpoints, with nothing of the app's work, so a ratio against them measures our code."""

import json

from django.db import connection, transaction
from django.http import HttpResponse
from django.urls import path
from django.views.decorators.csrf import csrf_exempt

# Created by the bench before the server starts; not a model (no migration, never in production).
TABLE = "bench_baseline_row"


@csrf_exempt
def insert(request):
    """One row inserted in its own transaction, its id returned: the floor under an intake."""
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(
            f"INSERT INTO {TABLE} (body) VALUES (%s) RETURNING id",  # noqa: S608 - constant
            [request.body[:200].decode("utf-8", "replace")],
        )
        row_id = cursor.fetchone()[0]
    return HttpResponse(json.dumps({"id": row_id}), status=201, content_type="application/json")


def read(request):
    """One row read by primary key: the floor under a lookup or a search page."""
    try:
        row_id = int(request.GET.get("id", "1"))
    except ValueError:
        row_id = 1
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT id, body FROM {TABLE} WHERE id = %s", [row_id])  # noqa: S608
        row = cursor.fetchone()
    body = {"id": row[0], "body": row[1]} if row else {}
    return HttpResponse(json.dumps(body), content_type="application/json")


urlpatterns = [
    path("insert", insert),
    path("read", read),
]
