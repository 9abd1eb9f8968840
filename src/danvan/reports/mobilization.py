"""The six-month report on mass-mobilization work: its sections and the indicator codes each
shows (the codes of /work/shared CONTRACTS: movement, oversight, grassroots apps)."""

from django.utils.translation import gettext_lazy as _

SECTIONS = [
    ("practices", _("I. Phong trào thi đua “Dân vận khéo”"), [
        "movement.practices", "reports.practices_per_1000", "movement.practices_new", "movement.practices_maintained",
        "movement.practices_replicated", "movement.practices_recognized_commune",
        "movement.practices_recognized_district", "movement.practices_recognized_city",
        "movement.replication_rate", "movement.commendations", "movement.contests",
        "movement.contest_teams",
    ]),
    ("community", _("II. Tổ tự quản, người có uy tín, vùng miền núi"), [
        "movement.selfmanaged_groups", "movement.prestigious_persons",
        "movement.mountain_income_avg",
    ]),
    ("supervision", _("III. Giám sát, phản biện xã hội"), [
        "oversight.supervisions", "oversight.recommendations",
        "oversight.recommendations_answered", "oversight.recommendation_response_rate",
        "oversight.criticism_sessions", "oversight.criticism_comments",
        "oversight.criticism_comments_taken_up",
    ]),
    ("dialogue", _("IV. Đối thoại, thực hiện dân chủ ở cơ sở"), [
        "oversight.dialogues", "oversight.dialogues_city", "oversight.dialogues_district",
        "oversight.dialogues_commune", "oversight.boards", "oversight.board_members",
        "oversight.disclosures_due", "oversight.disclosures_done", "oversight.disclosure_rate",
    ]),
    ("petitions", _("V. Tiếp nhận, giải quyết kiến nghị và điểm nóng"), [
        "grassroots.petitions", "grassroots.petitions_answered_on_time",
        "grassroots.petitions_overdue", "grassroots.petitions_on_time_rate",
        "grassroots.hotspots_open", "grassroots.hotspots_settled",
    ]),
    ("site_clearance", _("VI. Giải phóng mặt bằng các dự án trọng điểm"), [
        "movement.site_clearance_households", "movement.site_clearance_handed_over",
        "movement.site_clearance_rate",
    ]),
    ("service", _("VII. Dân vận chính quyền: cải cách hành chính, Bộ phận Một cửa"), [
        "onestop.sq_on_time", "onestop.sq_no_wait_on_the_spot", "onestop.sq_online",
        "onestop.sq_full_online",
    ]),
]  # fmt: skip

ALL_CODES = [code for _s, _t, codes in SECTIONS for code in codes]
