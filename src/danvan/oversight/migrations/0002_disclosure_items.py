"""The list of what a commune must disclose (Law 10/2022 Art. 11), with its period and the
forms Art. 13 requires. Due dates of yearly items are the defaults of the commune's annual
disclosure plan (Art. 14) and can be changed in the admin; quarterly items are due 5 working
days after the quarter (Art. 12(3))."""

from django.db import migrations

POST = "Niêm yết ≥ 30 ngày liên tục; cổng thông tin"
POST_RADIO = "Niêm yết ≥ 30 ngày; truyền thanh ≥ 3 ngày; qua Trưởng thôn/Tổ trưởng TDP"
PERMANENT = "Niêm yết thường xuyên; cổng thông tin"
BASIS = "Luật Thực hiện dân chủ ở cơ sở 2022, Điều 11 khoản {n}"
ITEMS = [
    (
        1,
        "Kế hoạch phát triển kinh tế - xã hội hằng năm và kết quả thực hiện",
        "yearly",
        1,
        15,
        POST,
    ),
    (
        2,
        "Dự toán, quyết toán ngân sách xã; tình hình thực hiện ngân sách hằng quý",
        "quarterly",
        0,
        0,
        POST,
    ),
    (
        3,
        "Dự án đầu tư, thu hồi đất, bồi thường, tái định cư; quy hoạch xây dựng",
        "yearly",
        3,
        31,
        POST,
    ),
    (
        4,
        "Quy chế thực hiện dân chủ; nhiệm vụ cán bộ, công chức; quy tắc ứng xử",
        "permanent",
        1,
        31,
        PERMANENT,
    ),
    (5, "Quỹ, khoản đầu tư, tài trợ; các khoản huy động Nhân dân đóng góp", "yearly", 6, 30, POST),
    (6, "Tài sản công do xã quản lý", "yearly", 1, 31, POST),
    (
        7,
        "Chính sách hỗ trợ, trợ cấp, an sinh: tiêu chí, đối tượng, kết quả bình xét",
        "quarterly",
        0,
        0,
        POST_RADIO,
    ),
    (
        8,
        "Hỗ trợ thiên tai, dịch bệnh, bệnh hiểm nghèo; kết quả quyên góp",
        "yearly",
        12,
        31,
        POST_RADIO,
    ),
    (
        9,
        "Danh sách gọi nhập ngũ, thực hiện nghĩa vụ công an; tạm hoãn, miễn",
        "yearly",
        1,
        31,
        POST_RADIO,
    ),
    (
        10,
        "Kết quả thanh tra, xử lý tham nhũng, kỷ luật; lấy, bỏ phiếu tín nhiệm",
        "yearly",
        12,
        31,
        POST_RADIO,
    ),
    (11, "Kế hoạch, kết quả lấy ý kiến Nhân dân và việc giải trình", "yearly", 12, 31, POST_RADIO),
    (12, "Phí, lệ phí và nghĩa vụ tài chính do xã thu", "yearly", 1, 31, POST_RADIO),
    (13, "Thủ tục hành chính do xã giải quyết", "permanent", 1, 31, PERMANENT),
    (
        14,
        "Nội dung khác theo quy định của pháp luật, quy chế dân chủ",
        "yearly",
        12,
        31,
        "Theo quy chế",
    ),
]


def seed(apps, schema_editor):
    Item = apps.get_model("oversight", "DisclosureItem")
    for number, name, period, month, day, forms in ITEMS:
        Item.objects.update_or_create(
            number=number,
            defaults={
                "name": name,
                "legal_basis": BASIS.format(n=number),
                "period": period,
                "due_month": month or 1,
                "due_day": day or 31,
                "lag_working_days": 5,
                "forms": forms,
            },
        )


class Migration(migrations.Migration):
    dependencies = [("oversight", "0001_initial")]
    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
