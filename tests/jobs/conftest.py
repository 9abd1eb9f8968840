import pytest

import tests.jobs.kinds  # noqa: F401 - registers the test job kinds


@pytest.fixture
def owner(persona):
    return persona("mobilizer.hoankiem")


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
