import datetime as dt

from danvan.onestop.cccd import parse_cccd


def test_parses_a_chip_card_qr_with_vietnamese_name():
    card = parse_cccd(
        "001190012345|012345678|Nguyễn Thị Hồng  Nhung|15031990|Nữ|"
        "Số 12 Hàng Bạc, Phường Hoàn Kiếm, Hà Nội|20042021\n"
    )
    assert card.national_id == "001190012345"
    assert card.old_id == "012345678"
    assert card.name == "Nguyễn Thị Hồng Nhung"
    assert card.date_of_birth == dt.date(1990, 3, 15)
    assert card.sex == "Nữ"
    assert card.address.startswith("Số 12 Hàng Bạc")
    assert card.issued_on == dt.date(2021, 4, 20)


def test_card_without_old_id_and_bad_dates():
    card = parse_cccd("079085001234||Trần Văn Đức|31021985|Nam|Thôn Đồng Sài, Xã Ba Vì, Hà Nội")
    assert card.old_id == "" and card.date_of_birth is None and card.issued_on is None
    assert card.name == "Trần Văn Đức"


def test_not_a_card():
    assert parse_cccd("") is None
    assert parse_cccd("hello|world") is None
    assert parse_cccd("12345|x|Tên|01011990|Nam|Địa chỉ|01012020") is None
