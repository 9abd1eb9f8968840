"""Hà Nội's six-month review, H1 2024, for a pre-2025 district: the records are loaded as a unit
would load them — the practices file through the movement importer, the Front's workbook of
supervisions, criticism sessions and dialogues through the oversight importer, the self-managed
groups through the movement service — naming the old communes of huyện Ba Vì and quận Hoàn Kiếm
as the 2024 files do. The importers file each record under the commune that replaced the old one
it names; the report for the old district in H1 2024 counts them through the re-mapping
(units.services.successor_paths), the city's report counts every one, and the district's
figures re-mapped to today's communes add up to it."""

import datetime as dt
import io

import pytest
from openpyxl import Workbook, load_workbook

from danvan.movement import importers as practice_import
from danvan.movement import services as movement
from danvan.oversight import importer as oversight_import
from danvan.reports import builders, engine
from danvan.reports.periods import from_dates
from danvan.units.models import Unit
from danvan.units.services import current_unit

pytestmark = pytest.mark.django_db

H1_2024 = from_dates(dt.date(2024, 1, 1), dt.date(2024, 6, 30))
# Old communes of huyện Ba Vì (one replacing commune each, most of whose old communes were in Ba Vì)
BA_VI_OLD = [
    "Xã Cam Thượng",
    "Xã Tòng Bạt",
    "Xã Tản Lĩnh",
    "Xã Yên Bài",
    "Xã Phú Hồng",
    "Xã Vật Lại",
]
HOAN_KIEM_OLD = ["Phường Hàng Mã", "Phường Phan Chu Trinh"]
OTHER = "00004"  # Phường Ba Đình: most of its old wards were in quận Ba Đình, not Hoàn Kiếm
# The district's part of the review (the city's totals add what other districts filed)
EXPECTED = {
    "movement.practices": {"city": 66, "ba_vi": 48, "hoan_kiem": 12},
    "oversight.supervisions": {"city": 28, "ba_vi": 21, "hoan_kiem": 7},
    "oversight.criticism_sessions": {"city": 4, "ba_vi": 3, "hoan_kiem": 1},
    "oversight.dialogues_commune": {"city": 9, "ba_vi": 6, "hoan_kiem": 3},
    # filed at the old district itself (its name or its code): the review's "35 at district level"
    "oversight.dialogues_district": {"city": 3, "ba_vi": 2, "hoan_kiem": 1},
    "movement.selfmanaged_groups": {"city": 575, "ba_vi": 575, "hoan_kiem": 0},
}
MOUNTAIN_COMMUNES = ["09619", "09634", "09661", "09664", "09676", "09694", "09700"]  # seven


def _day(n: int) -> str:
    """A date in H1 2024 (dd/mm/yyyy as the files write it)."""
    return f"{n % 28 + 1:02d}/{n % 6 + 1:02d}/2024"


def _practices_file() -> bytes:
    book = load_workbook(io.BytesIO(practice_import.template()))
    ws = book.worksheets[0]
    ws.delete_rows(1, ws.max_row)
    ws.append(["Tên mô hình", "Đơn vị đăng ký", "Cấp đăng ký", "Lĩnh vực", "Tên chủ thể",
               "Ngày đăng ký"])  # fmt: skip
    rows = [(BA_VI_OLD[i % 6], f"Mô hình Ba Vì {i}", _day(i)) for i in range(48)]
    rows += [(HOAN_KIEM_OLD[i % 2], f"Mô hình phố cổ {i}", _day(i)) for i in range(12)]
    rows += [(OTHER, f"Mô hình Ba Đình {i}", _day(i)) for i in range(6)]
    rows += [(BA_VI_OLD[0], f"Mô hình cuối năm {i}", f"0{i + 1}/08/2024") for i in range(5)]
    for where, name, day in rows:
        ws.append([name, where, "Xã, phường", "Kinh tế", "UBND xã", day])
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def front_workbook(sheets: dict) -> bytes:
    """The Front's workbook as the importer's template lays it out, with `sheets`' rows."""
    blank = load_workbook(io.BytesIO(oversight_import.template_xlsx(oversight_import.SCHEMAS)))
    book = Workbook()
    book.remove(book.active)
    for schema in oversight_import.SCHEMAS:
        sheet = book.create_sheet(str(schema.title))
        sheet.append([c.value for c in blank[str(schema.title)][1]])
        for row in sheets[schema.name]:
            sheet.append(row)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def _front_workbook() -> bytes:
    sheets = {
        "oversight.supervisions": [
            [where, "Ủy ban MTTQ", "Tổ chức đoàn giám sát", "Cơ quan, tổ chức", "UBND xã",
             f"Giám sát {i} {where}", _day(i), _day(i), _day(i), "", ""]
            for i, where in enumerate([*BA_VI_OLD * 3, *BA_VI_OLD[:3], *HOAN_KIEM_OLD * 3,
                                       HOAN_KIEM_OLD[0]])
        ],
        "oversight.criticisms": [
            [where, f"Dự thảo quy chế {i}", "Văn phòng UBND", "Hội nghị phản biện xã hội",
             _day(i), ""]
            for i, where in enumerate([*BA_VI_OLD[:3], HOAN_KIEM_OLD[1]])
        ],
        "oversight.dialogues": [
            [where, f"Đối thoại {i}", "Chủ tịch UBND", _day(i + 10), "Hội trường", "", 60, ""]
            for i, where in enumerate([*BA_VI_OLD, *HOAN_KIEM_OLD, HOAN_KIEM_OLD[0]])
        ] + [
            [where, f"Đối thoại cấp huyện {i}", "Chủ tịch UBND huyện", _day(i + 3), "Hội trường huyện",
             "", 150, ""]
            for i, where in enumerate(["Huyện Ba Vì", "Huyện Ba Vì", "002"])  # 002: quận Hoàn Kiếm
        ],
    }  # fmt: skip
    return front_workbook(sheets)


def create_groups(by, count: int = 575) -> None:
    """`count` self-managed groups in Ba Vì's seven mountain communes, through the service."""
    for i in range(count):
        commune = current_unit(MOUNTAIN_COMMUNES[i % 7])
        data = {"name": f"Tổ tự quản {i}", "head_name": "Trưởng thôn", "households": 30 + i % 20,
                "tasks": ["an ninh", "vệ sinh"], "established_on": H1_2024.start, "mountain": True}  # fmt: skip
        movement.create_group(data, commune=commune, village_name=f"Thôn {i % 9 + 1}", by=by)


def _units() -> dict:
    districts = Unit.objects.filter(kind="district", valid_to__isnull=False)
    return {
        "city": current_unit("01"),
        "ba_vi": districts.get(name="Huyện Ba Vì"),
        "hoan_kiem": districts.get(name="Quận Hoàn Kiếm"),
    }


def _figures(units: dict) -> dict:
    return {
        code: {k: engine.evaluate(code, u, H1_2024).value for k, u in units.items()}
        for code in EXPECTED
    }


def test_the_h1_2024_review_of_a_pre_2025_district_from_imported_files(persona):
    units = _units()
    before = _figures(units)
    city = units["city"]
    report = practice_import.import_practices(
        _practices_file(), "mo-hinh-2024.xlsx", by=persona("mobilizer.hanoi"), within=[city]
    )
    assert (report.errors, report.written) == ([], 71)
    done = oversight_import.import_year(
        _front_workbook(), "mttq-2024.xlsx", unit=city, by=persona("front.hanoi")
    )
    assert [(r.errors, r.written) for r in done.values()] == [([], 28), ([], 4), ([], 12)]
    create_groups(persona("mobilizer.hanoi"))

    after = _figures(units)
    added = {code: {k: after[code][k] - before[code][k] for k in units} for code in EXPECTED}
    assert added == EXPECTED

    # The six-month report of huyện Ba Vì prints the district's part, and re-maps it to today's
    # communes: the ones its old communes became, adding up to the district's figure.
    json = builders.mobilization_report(units["ba_vi"], H1_2024)
    shown = {f["code"]: f for s in json["sections"] for f in s["figures"]}
    assert shown["movement.practices"]["current"]["value"] == after["movement.practices"]["ba_vi"]
    assert (
        shown["movement.selfmanaged_groups"]["current"]["value"]
        == after["movement.selfmanaged_groups"]["ba_vi"]
    )
    today = {row["unit"]["code"]: row["figures"] for row in json["today_units"]}
    assert set(MOUNTAIN_COMMUNES) < set(today) and "00004" not in today
    groups = sum(f["movement.selfmanaged_groups"]["value"] for f in today.values())
    assert groups == after["movement.selfmanaged_groups"]["ba_vi"]
    practices = sum(f["movement.practices"]["value"] for f in today.values())
    assert practices >= added["movement.practices"]["ba_vi"]


def test_the_report_pages_of_the_review(persona, client_as):
    """The reporter opens huyện Ba Vì's H1 2024 report: the figures and today's communes."""
    units = _units()
    practice_import.import_practices(
        _practices_file(),
        "mo-hinh-2024.xlsx",
        by=persona("mobilizer.hanoi"),
        within=[units["city"]],
    )
    client = client_as("reporter.hanoi")
    page = client.get(
        f"/bao-cao/dan-van/?unit={units['ba_vi'].pk}&from=2024-01-01&to=2024-06-30&kind=custom"
    )
    html = page.content.decode()
    assert page.status_code == 200 and 'id="today-units"' in html
    assert "Xã Quảng Oai" in html and "Xã Ba Vì" in html
