"""The field names, types and code lists of the messages exchanged with the National Public Service
Portal (through the province's integration gateway, LGSP), the population database and the
national payment platform. Both our senders and the fake gateway check messages against these
tables, so a mapping mistake fails a test instead of reaching the portal. See docs/connections.md.

A spec is {field: rule}; a rule is "str", "date" (yyyyMMddHHmmss or empty), "day" (YYYYMMDD),
a frozenset (the code list, values as strings), ("list", spec) or ("max", n) (a string of at most
n characters). Every field is a string, as the portal wants.
"""

from __future__ import annotations

import re

YES_NO = frozenset({"0", "1"})
CHANNELS = frozenset({"1", "2", "3"})  # KenhThucHien: in person, online, post
SUBJECTS = frozenset({"1", "2", "3", "4"})  # LoaiDoiTuong: citizen, enterprise, state body, other
STATUSES = frozenset(str(n) for n in range(1, 11))  # TrangThaiHoSo, as our Status numbers
ID_KINDS = frozenset({"1", "2", "3"})  # LoaiDinhDanh: personal ID, tax code, other
FEE_COLLECTION = frozenset({"1", "2", "3"})  # HinhThucThu: at the counter, online, by post
FEE_KINDS = frozenset({"1", "2"})  # LoaiPhiLePhi: fee (phí), charge (lệ phí)
FORMS = frozenset({"0", "1"})  # HinhThuc: ordinary dossier, inter-agency (liên thông)

DOCUMENT = {
    "TepDinhKemId": "str",
    "TenTepDinhKem": "str",
    "MaThanhPhanHoSo": "str",
    "DuongDanTaiTepTin": "str",
    "DuocSoHoa": YES_NO,
    "DuocTaiSuDung": YES_NO,
    "DuocLayTuKhoDMQG": YES_NO,
    "MaKetQuaThayThe": "str",
    "IsDeleted": YES_NO,
}
FEE = {
    "TenPhiLePhi": "str",
    "MaPhiLePhi": "str",
    "HinhThucThu": FEE_COLLECTION,
    "Gia": "int",
    "LoaiPhiLePhi": FEE_KINDS,
}
RESULT = {
    "TenGiayTo": "str",
    "MaThanhPhanHoSo": "str",
    "GiayToId": "str",
    "DuongDanTepTinKetQua": "str",
    "MaGiayToKetQua": "str",
}
IDENTIFIER = {"LoaiDinhDanh": ID_KINDS, "SoDinhDanh": "str"}

DOSSIER = {
    "MaHoSo": "str",
    "MaTTHC": "str",
    "TenTTHC": "str",
    "MaLinhVuc": "str",
    "TenLinhVuc": "str",
    "KenhThucHien": CHANNELS,
    "ChuHoSo": "str",
    "LoaiDoiTuong": SUBJECTS,
    "SoGiayToChuHoSo": "str",
    "SoDienThoai": "str",
    "Email": "str",
    "TrichYeuHoSo": "str",
    "DonViXuLy": "str",
    "NgayNopHoSo": "date",
    "NgayTiepNhan": "date",
    "NgayHenTra": "date",
    "NgayKetThucXuLy": "date",
    "NgayTra": "date",
    "NgayTuChoi": "date",
    "TrangThaiHoSo": STATUSES,
    "HinhThuc": FORMS,
    "DinhDanhCHS": ("list", IDENTIFIER),
    "TaiLieuNop": ("list", DOCUMENT),
    "DanhSachLePhi": ("list", FEE),
    "DanhSachGiayToKetQua": ("list", RESULT),
    "TaiKhoanDuocXacThucVoiVNeID": YES_NO,
    "DuocThanhToanTrucTuyen": YES_NO,
    "HoSoCoThanhPhanSoHoa": YES_NO,
}
HISTORY = {
    "MaHoSo": "str",
    "NguoiXuLy": ("max", 50),
    "ChucDanh": "str",
    "PhongBanXuLy": "str",
    "ThoiDiemXuLy": "date",
    "NoiDungXuLy": "str",
    "TrangThai": STATUSES,
    "NgayBatDau": "date",
    "NgayKetThucTheoQuyDinh": "date",
}
POPULATION_REQUEST = {
    "HoVaTen": "upper",
    "SoDinhDanh": "id12",
    "NgayThangNam": "day?",
    "Nam": "year?",
    "MaYeuCau": "str",
    "MaCanBo": "str",
    "MaDonVi": "str",
}
PAYMENT_INIT = {
    "MaThamChieu": "str",
    "SoTien": "int",
    "ThongTinBienLai": (
        "obj",
        {
            "MaHoSo": "str",
            "MaTTHC": "str",
            "HoTenNguoiNop": "str",
            "DanhSachPhiLePhi": ("list", {"TenPhiLePhi": "str", "SoTien": "int"}),
        },
    ),
    "UrlTraVe": "str",
    "UrlThongBao": "str",
    "MaXacThuc": "hex64",
}

# The portal's answer codes (error_code), and what our sender does with each.
OK = "0"
SYSTEM_ERROR = "-1"  # retry
INVALID = "1"  # the message is wrong: failed at once, a person must look
EXISTS = "2"  # "Hồ sơ đã tồn tại" on a create: send again as an update
NOT_FOUND = "3"  # update of a dossier the portal does not have: send again as a create
SESSION_EXPIRED = "4"  # the gateway renews its session: retry
ERROR_CODES = {
    OK: "Thành công",
    SYSTEM_ERROR: "Lỗi hệ thống",
    INVALID: "Dữ liệu không hợp lệ",
    EXISTS: "Hồ sơ đã tồn tại",
    NOT_FOUND: "Hồ sơ không tồn tại",
    SESSION_EXPIRED: "Phiên làm việc hết hạn",
}

_DATE = re.compile(r"^\d{14}$")
_DAY = re.compile(r"^\d{8}$")
_INT = re.compile(r"^\d+$")
_HEX64 = re.compile(r"^[0-9a-f]{64}$")


def problems(message, spec: dict, where: str = "") -> list[str]:
    """What is wrong with ``message`` against ``spec``: unknown and missing fields, wrong types,
    values outside a code list. Empty when the message is right."""
    if not isinstance(message, dict):
        return [f"{where or 'message'}: phải là đối tượng JSON"]
    found = [f"{where}{name}: trường không có trong đặc tả" for name in message if name not in spec]
    for name, rule in spec.items():
        path = f"{where}{name}"
        if name not in message:
            if not (isinstance(rule, str) and rule.endswith("?")):
                found.append(f"{path}: thiếu trường")
            continue
        found.extend(_check(message[name], rule, path))
    return found


def _check(value, rule, path: str) -> list[str]:
    if isinstance(rule, tuple) and rule[0] == "list":
        if not isinstance(value, list):
            return [f"{path}: phải là danh sách"]
        return [p for i, item in enumerate(value) for p in problems(item, rule[1], f"{path}[{i}].")]
    if isinstance(rule, tuple) and rule[0] == "obj":
        return problems(value, rule[1], f"{path}.")
    if not isinstance(value, str):
        return [f"{path}: phải là chuỗi ký tự"]
    if isinstance(rule, frozenset):
        return [] if value in rule else [f"{path}: giá trị “{value}” không có trong danh mục"]
    if isinstance(rule, tuple) and rule[0] == "max":
        return [] if len(value) <= rule[1] else [f"{path}: dài quá {rule[1]} ký tự"]
    return _check_text(value, rule.rstrip("?"), path)


def _check_text(value: str, rule: str, path: str) -> list[str]:
    checks = {
        "date": lambda v: v == "" or bool(_DATE.match(v)),
        "day": lambda v: bool(_DAY.match(v)),
        "year": lambda v: len(v) == 4 and v.isdigit(),
        "int": lambda v: bool(_INT.match(v)),
        "hex64": lambda v: bool(_HEX64.match(v)),
        "id12": lambda v: len(v) == 12 and v.isdigit(),
        "upper": lambda v: v == v.upper() and v.isascii(),
        "str": lambda v: True,
    }
    return [] if checks[rule](value) else [f"{path}: sai định dạng ({rule})"]
