import pytest
from django.db import connection

from danvan.workflow import register
from tests.workflow.things import THING_FLOW, Thing

register(THING_FLOW)


@pytest.fixture(scope="session")
def thing_table(django_db_setup, django_db_blocker):
    """The test model's table, made once for the session outside any transaction."""
    with django_db_blocker.unblock():
        if Thing._meta.db_table not in connection.introspection.table_names():
            with connection.schema_editor() as editor:
                editor.create_model(Thing)


@pytest.fixture
def things(thing_table, db):
    return Thing
