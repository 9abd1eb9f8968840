"""A copy of the test database taken once, after the session loaded the demo world, and put back
for tests that need committed data (browser tests, worker processes, threads).

Loading the demo world takes 25–45 s; a transactional test's teardown empties every table, so
each such test used to load it again. Putting the copy back takes well under a second:
SQLite through its online backup API, PostgreSQL by COPY of every table (foreign keys checked
at the end of the load, sequences moved past the restored keys).
"""

import sqlite3

from django.apps import apps
from django.core.management.color import no_style
from django.db import connection

_KEPT = {"django_migrations"}  # never emptied by a flush


class Snapshot:
    def __init__(self):
        connection.ensure_connection()
        self.vendor = connection.vendor
        if self.vendor == "sqlite":
            self._copy = sqlite3.connect(":memory:", check_same_thread=False)
            connection.connection.backup(self._copy)
        else:
            self._tables = {t: self._dump(t) for t in _tables()}

    def restore(self) -> None:
        connection.ensure_connection()
        if self.vendor == "sqlite":
            self._copy.backup(connection.connection)
            return
        with connection.cursor() as cursor:
            names = ", ".join(connection.ops.quote_name(t) for t in self._tables)
            cursor.execute(f"TRUNCATE {names} CASCADE")
            cursor.execute("SET session_replication_role = replica")  # FKs: the copy is whole
            try:
                for table, data in self._tables.items():
                    if data:
                        with cursor.cursor.copy(f'COPY "{table}" FROM STDIN') as copy:
                            copy.write(data)
            finally:
                cursor.execute("SET session_replication_role = DEFAULT")
            for sql in connection.ops.sequence_reset_sql(no_style(), apps.get_models(True)):
                cursor.execute(sql)

    @staticmethod
    def _dump(table: str) -> bytes:
        with connection.cursor() as cursor, cursor.cursor.copy(f'COPY "{table}" TO STDOUT') as copy:
            return b"".join(bytes(chunk) for chunk in copy)


def _tables() -> list[str]:
    with connection.cursor() as cursor:
        names = connection.introspection.table_names(cursor, include_views=False)
    return [t for t in names if t not in _KEPT]
