import pytest
from django.core.cache import cache

from danvan.grassroots import services
from danvan.units.services import current_unit


@pytest.fixture(autouse=True)
def _fresh_cache():
    cache.clear()  # rate-limit windows and calendars start empty in every test
    yield
    cache.clear()


@pytest.fixture
def ward(db):
    return current_unit("00070")


@pytest.fixture
def officer(persona):
    return persona("petitions.hoankiem")


@pytest.fixture
def make_petition(ward, officer):
    def make(**kw):
        unit = kw.pop("unit", ward)
        by = kw.pop("by", officer)
        data = {
            "kind": "feedback",
            "category": "environment",
            "title": "Rác tồn đọng đầu ngõ",
            "description": "Rác thải tồn đọng ở đầu ngõ nhiều ngày chưa được thu gom.",
            "channel": "counter",
            "petitioner_name": "Nguyễn Văn Bình",
            "petitioner_phone": "0912345678",
            "petitioner_address": "Số 12 ngõ 5 Hàng Bông, Phường Hoàn Kiếm, Hà Nội",
            **kw,
        }
        return services.receive(services.PetitionInput(**data), unit=unit, by=by)

    return make
