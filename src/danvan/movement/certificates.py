"""Contest certificates (giấy chứng nhận) as PDF, for the teams of a closed round. The PDF is a
print from the system: it carries the "unsigned" mark until the organizing committee signs."""

from django.utils.translation import gettext as _
from reportlab.platypus import Spacer

from danvan.core.errors import Conflict
from danvan.documents.pdf import PageDecor, PageSetup, build_pdf, para, paragraph_styles
from danvan.movement.models import Team


def certificate_pdf(team: Team) -> bytes:
    round_ = team.round
    if not round_.is_closed or team.rank is None:
        raise Conflict(
            "contest.not_closed", _("Vòng thi chưa khóa kết quả: chưa cấp giấy chứng nhận.")
        )
    contest = round_.contest
    s = paragraph_styles(14)
    setup = PageSetup(landscape=True)
    total = format(team.total.normalize(), "f").replace(".", ",")
    flow = [
        para(_("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"), s["motto_upper"]),
        para(_("Độc lập - Tự do - Hạnh phúc"), s["motto"]),
        Spacer(1, 30),
        para(_("GIẤY CHỨNG NHẬN"), s["title"]),
        Spacer(1, 12),
        para(_("Ban Tổ chức %(contest)s chứng nhận") % {"contest": contest.name}, s["center"]),
        Spacer(1, 8),
        para(f"<b>{team.name}</b>", s["title"]),
        para(team.unit.name, s["center"]),
        Spacer(1, 8),
        para(
            _("đạt hạng %(rank)s tại %(round)s, tổng điểm %(total)s.")
            % {"rank": team.rank, "round": round_.name.lower(), "total": total},
            s["center"],
        ),
        Spacer(1, 24),
        para(
            _("Ngày %(d)s tháng %(m)s năm %(y)s")
            % {
                "d": f"{round_.held_on.day:02d}",
                "m": f"{round_.held_on.month:02d}",
                "y": round_.held_on.year,
            },  # fmt: skip
            s["place_date"],
        ),
        para(_("TM. BAN TỔ CHỨC"), s["sig_bold"]),
    ]
    decor = PageDecor(setup.margins, draft=True)
    return build_pdf(flow, setup, decor, title=_("Giấy chứng nhận"), author=contest.name)
