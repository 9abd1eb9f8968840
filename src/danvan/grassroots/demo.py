"""Demo petitions (idempotent: each has a source_ref `DEMO-…` and is made once).

Phường Hoàn Kiếm: petitions across channels in every state, one settled hot spot (a shared
alley dispute brought by a group at a reception day). Xã Hoài Đức (the Ring Road 4 segment of
the movement app's demo, huyện Hoài Đức before 2025): 12 petitions from thôn Đông about
compensation on that segment within 30 days, one of them a group of 11 at a reception day → a
hot spot with its reasons.
"""

import datetime as dt

from django.db import transaction
from django.utils import timezone

from danvan.accounts.models import User
from danvan.grassroots import deadlines, hotspots, notices, services
from danvan.grassroots.models import Open311Key, Petition
from danvan.units.services import current_unit

HOAN_KIEM, HOAI_DUC = "00070", "09832"
SEGMENT = "VD4-HOAIDUC"  # Vành đai 4, đoạn qua xã Hoài Đức (movement demo segment)
DEMO_OPEN311_KEY = "demo-open311-key"  # printed in docs/open311.md (embedded demo only)

HK = [
    # ref, kind, category, channel, title, description, petitioner, people, days ago, steps
    (
        "HK-01",
        "feedback",
        "infrastructure",
        "portal",
        "Đèn chiếu sáng ngõ 45 Lý Thái Tổ hỏng",
        "Đèn chiếu sáng trong ngõ 45 Lý Thái Tổ hỏng cả tháng, buổi tối đi lại rất nguy hiểm.",
        ("Trần Thị Bích", "0912345601"),
        1,
        2,
        [],
    ),
    (
        "HK-02",
        "feedback",
        "environment",
        "hotline",
        "Rác tồn đọng đầu ngõ 12 Hàng Bông",
        "Điểm tập kết rác đầu ngõ 12 Hàng Bông không được thu gom hai ngày, bốc mùi hôi.",
        ("Lê Văn Cường", "0912345602"),
        1,
        5,
        ["route"],
    ),
    (
        "HK-03",
        "recommendation",
        "order",
        "counter",
        "Lấn chiếm vỉa hè phố Hàng Bạc",
        "Hàng quán bày bán kín vỉa hè phố Hàng Bạc, người đi bộ phải xuống lòng đường.",
        ("Phạm Minh Đức", "0912345603"),
        1,
        9,
        ["route", "start"],
    ),
    (
        "HK-04",
        "feedback",
        "environment",
        "letter",
        "Karaoke hát to sau 23 giờ",
        "Quán karaoke trên phố Hàng Giầy mở nhạc to đến 1 giờ sáng, vi phạm giờ yên tĩnh.",
        ("Nguyễn Thị Hoa", "0912345604"),
        1,
        20,
        ["route", "start", "answer"],
    ),
    (
        "HK-05",
        "complaint",
        "conduct",
        "counter",
        "Khiếu nại việc yêu cầu giấy tờ ngoài quy định",
        "Công chức bộ phận một cửa yêu cầu nộp thêm giấy xác nhận không có trong quy định.",
        ("Đỗ Văn Khải", "0912345605"),
        1,
        25,
        ["route", "start", "answer", "rate"],
    ),
    (
        "HK-06",
        "denunciation",
        "conduct",
        "letter",
        "Tố cáo cán bộ nhận tiền làm nhanh hồ sơ",
        "Tố cáo cán bộ địa chính nhận tiền để giải quyết nhanh hồ sơ đất đai của một số hộ.",
        ("Vũ Thị Lan", "0912345606"),
        1,
        4,
        ["route"],
    ),
    (
        "HK-07",
        "feedback",
        "infrastructure",
        "portal",
        "Cống thoát nước phố Hàng Gai bị tắc",
        "Mưa to là phố Hàng Gai ngập sâu vì cống thoát nước không được nạo vét.",
        ("", ""),
        1,
        30,
        ["route", "start"],
    ),
    (
        "HK-08",
        "recommendation",
        "social",
        "forwarded",
        "Xem xét trợ cấp người cao tuổi",
        "Đề nghị giải quyết trợ cấp hằng tháng cho cụ bà đủ 80 tuổi ở tổ dân phố số 3.",
        ("Hoàng Văn Sơn", "0912345608"),
        1,
        14,
        ["transfer"],
    ),
]
# The settled hot spot in Hoàn Kiếm: one matter, a group of 6 at a reception day.
HK_ALLEY = [
    (
        "HK-A1",
        "reception",
        6,
        40,
        "Tranh chấp lối đi chung ngõ 5 Hàng Bông",
        "Sáu hộ ngõ 5 Hàng Bông phản ánh nhà số 7 xây tường rào lấn lối đi chung của ngõ.",
    ),
    (
        "HK-A2",
        "counter",
        1,
        38,
        "Nhà số 7 ngõ 5 Hàng Bông lấn ngõ đi chung",
        "Nhà bên cạnh xây tường lấn ra lối đi chung của ngõ 5 Hàng Bông, xe cứu hỏa không vào được.",
    ),
    (
        "HK-A3",
        "portal",
        1,
        35,
        "Xây tường lấn chiếm ngõ đi chung ngõ 5",
        "Phản ánh việc xây tường rào lấn chiếm ngõ đi chung của các hộ ngõ 5 Hàng Bông.",
    ),
]
SD_TITLE = "Bồi thường đất nông nghiệp đoạn Vành đai 4 qua thôn Đông"
SD_TEXTS = [
    "Đề nghị xem xét lại đơn giá bồi thường đất nông nghiệp đoạn Vành đai 4 qua thôn Đông, giá quá thấp so với thị trường.",
    "Giá đền bù đất ruộng ở thôn Đông để làm đường Vành đai 4 thấp, gia đình không đồng ý nhận tiền.",
    "Nhiều hộ thôn Đông phản đối mức bồi thường đất nông nghiệp thu hồi cho Vành đai 4.",
    "Đề nghị tăng giá bồi thường đất nông nghiệp dự án Vành đai 4 thôn Đông cho phù hợp giá thị trường.",
]
SD_NAMES = [
    "Nguyễn Văn An",
    "Trần Văn Bình",
    "Lê Thị Châu",
    "Phạm Văn Dũng",
    "Hoàng Thị Én",
    "Ngô Văn Phúc",
    "Đặng Thị Giang",
    "Bùi Văn Hậu",
    "Đỗ Thị Kim",
    "Vũ Văn Long",
    "Lý Thị Mơ",
    "Trịnh Văn Nghĩa",
]


def _admin():
    return User.objects.filter(is_superuser=True).order_by("pk").first()


def _officer(username: str):
    return User.objects.filter(username=username).first()


def _made(ref: str) -> bool:
    return Petition.objects.filter(source_ref=f"DEMO-{ref}").exists()


def _receive(unit, ref, kind, category, channel, title, text, who, people, days_ago, **extra):
    name, phone = who
    data = services.PetitionInput(
        kind=kind,
        category=category,
        channel=channel,
        title=title,
        description=text,
        petitioner_name=name,
        petitioner_phone=phone,
        petitioner_address=f"Số {len(ref) + days_ago} phố Hàng Bông, {unit.name}, Hà Nội"
        if name
        else "",
        people_count=people,
        representatives=min(5, 2 if people > 4 else 0) if people > 1 else 0,
        source_ref=f"DEMO-{ref}",
        received_at=timezone.now() - dt.timedelta(days=days_ago, hours=2),
        **extra,
    )
    return services.receive(data, unit=unit, by=_admin())


def _steps(petition, steps, officer) -> None:
    for action in steps:
        petition.refresh_from_db()
        data = {
            "route": {},
            "start": {},
            "answer": {"answer": _ANSWERS.get(petition.category, _ANSWERS["other"])},
            "rate": {"satisfaction": 5},
            "transfer": {
                "transferred_to": "Phòng Văn hóa - Xã hội phường",
                "reason": "Thuộc thẩm quyền của Phòng Văn hóa - Xã hội",
            },
        }[action]
        if action == "rate":
            services.rate(petition.tracking_code, 5)
            continue
        petition = services.apply(
            petition, action, by=officer, expected_version=petition.version, **data
        )
        if action == "route":
            _as_if_routed(petition)


def _as_if_routed(petition) -> None:
    """Demo petitions are dated in the past: their deadline counts from the day after receipt,
    as if they had been routed then."""
    routed = petition.received_at + dt.timedelta(days=1)
    due, basis = deadlines.compute(petition.unit, petition.kind, "settle", routed)
    Petition.objects.filter(pk=petition.pk).update(due_at=due, deadline_basis=basis)


_ANSWERS = {
    "environment": "UBND phường đã kiểm tra, lập biên bản và yêu cầu cơ sở chấm dứt vi phạm; "
    "Công an phường tăng cường kiểm tra vào ban đêm.",
    "conduct": "Qua kiểm tra, yêu cầu bổ sung giấy xác nhận là không đúng quy định. UBND phường "
    "đã chấn chỉnh công chức và tiếp nhận hồ sơ của ông theo đúng thành phần quy định.",
    "other": "UBND phường đã tiếp nhận và chỉ đạo bộ phận chuyên môn xử lý theo quy định.",
}


@transaction.atomic
def load() -> dict:
    made = {"petitions": 0, "hotspots": 0}
    if _admin() is None:
        return made
    hk = current_unit(HOAN_KIEM)
    officer = _officer("petitions.hoankiem") or _admin()
    for ref, kind, cat, ch, title, text, who, people, ago, steps in HK:
        if _made(ref):
            continue
        p = _receive(
            hk, ref, kind, cat, ch, title, text, who, people, ago, village="Tổ dân phố số 3"
        )
        _steps(p, steps, officer)
        made["petitions"] += 1
    made["petitions"] += _hers(hk, officer)
    made["hotspots"] += _alley(hk, officer)
    made["hotspots"] += _ring_road(made)
    _open311_key()
    return made


# The demo citizen's own petition (congdan.hang, vault/demo.py), answered: her notices page
# (/kho-cua-toi/thong-bao/) shows the "received" and "answered" notices of a petition.
HERS = ("HK-HANG", "001190012345", "0912345678")


def _hers(hk, officer) -> int:
    ref, national_id, phone = HERS
    if _made(ref):
        return 0
    p = _receive(hk, ref, "feedback", "infrastructure", "portal",
                 "Nắp cống trước số 8 Hàng Trống bị vỡ",
                 "Nắp cống trước nhà số 8 Hàng Trống bị vỡ, xe máy đi qua rất dễ sập bánh.",
                 ("Nguyễn Thị Hằng", phone), 1, 6, village="Tổ dân phố số 3",
                 petitioner_national_id=national_id)  # fmt: skip
    notices.filed(p)
    _steps(p, ["route", "start", "answer"], officer)
    return 1


def _alley(hk, officer) -> int:
    if _made(HK_ALLEY[0][0]):
        return 0
    matter = None
    for i, (ref, ch, people, ago, title, text) in enumerate(HK_ALLEY):
        p = _receive(
            hk,
            ref,
            "recommendation",
            "land",
            ch,
            title,
            text,
            (SD_NAMES[i], f"091234571{i}"),
            people,
            ago,
            village="Ngõ 5 Hàng Bông",
        )
        matter = services.group(
            p, by=officer, matter=matter, title="Tranh chấp lối đi chung ngõ 5 Hàng Bông"
        )
    hot = hotspots.active_hotspot(matter)
    if hot is None:
        return 0
    from danvan.workflow import transition

    hot = transition(
        hot,
        "take_charge",
        by=officer,
        expected_version=hot.version,
        lead_body="UBND phường Hoàn Kiếm",
        responsible="Phạm Quang Huy, Phó Chủ tịch UBND phường",
        plan="Đo đạc lại ranh giới với Văn phòng đăng ký đất đai; tổ chức đối thoại giữa các hộ "
        "và chủ nhà số 7 có Mặt trận phường tham dự.",
    )
    transition(
        hot,
        "settle",
        by=officer,
        expected_version=hot.version,
        reason="Chủ nhà số 7 đã tháo dỡ phần tường lấn ngõ sau buổi đối thoại; các hộ thống nhất.",
    )
    return 1


def _ring_road(made) -> int:
    if _made("SD-01"):
        return 0
    unit = current_unit(HOAI_DUC)
    admin = _admin()
    matter = None
    for i, name in enumerate(SD_NAMES):
        reception = i == 5
        p = _receive(
            unit,
            f"SD-{i + 1:02d}",
            "complaint" if i % 3 == 0 else "recommendation",
            "land",
            "reception" if reception else ("counter", "letter", "portal", "hotline")[i % 4],
            SD_TITLE if i == 0 else SD_TITLE + f" (hộ {name})",
            SD_TEXTS[i % len(SD_TEXTS)],
            (name, f"09876543{i:02d}"),
            11 if reception else 1,
            27 - 2 * i,
            village="Thôn Đông",
            project_segment=SEGMENT,
        )
        made["petitions"] += 1
        matter = services.group(p, by=admin, matter=matter, title=SD_TITLE)
    return 1 if hotspots.active_hotspot(matter) else 0


def _open311_key() -> None:
    from danvan.grassroots.open311 import hash_key

    Open311Key.objects.get_or_create(
        key_hash=hash_key(DEMO_OPEN311_KEY), defaults={"name": "Ứng dụng Open311 (demo)"}
    )
