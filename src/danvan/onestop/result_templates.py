"""Result templates: per kind of result, the fields it needs and its legal body text.

A template is data: its fields (filled from the dossier, then edited by the specialist in the
drafting form), the register symbol of its number (Decree 30/2020/NĐ-CP Annex I: "số/ký hiệu",
e.g. "15/UBND-XNTTHN") and the body built from the values. `for_procedure(code)` picks the
template of a procedure; procedures whose result is not a document drafted here (a certified copy,
whose certification is written on the paper itself) say what they return (`returns`).
"""

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass

from danvan.core.formatting import short_date
from danvan.documents.admin_doc import Block, Para, Space

Values = dict[str, str]


@dataclass(frozen=True)
class TemplateField:
    name: str
    label: str
    kind: str = "text"  # text | textarea | date
    required: bool = True
    default: Callable = lambda dossier: ""  # noqa: E731
    help: str = ""


@dataclass(frozen=True)
class ResultTemplate:
    code: str
    label: str
    symbol: str  # the part of the number after "số/": "UBND-XNTTHN", "QĐ-UBND"
    fields: tuple[TemplateField, ...]
    body: Callable[[object, Values], list[Block]]
    legal_basis: str = ""
    procedures: tuple[str, ...] = ()
    returns: str = ""  # what the procedure returns when the result is not drafted here

    def defaults(self, dossier) -> Values:
        return {f.name: str(f.default(dossier) or "") for f in self.fields}

    def clean(self, raw: dict) -> tuple[Values, dict[str, str]]:
        """The submitted values (trimmed, bounded) and the Vietnamese errors by field."""
        values, errors = {}, {}
        for f in self.fields:
            value = str(raw.get(f.name, "") or "").strip()[: 4000 if f.kind == "textarea" else 300]
            if f.kind == "date" and value:
                try:
                    value = dt.date.fromisoformat(value).isoformat()
                except ValueError:
                    errors[f.name] = "Ngày không hợp lệ (ngày/tháng/năm)."
            if f.required and not value:
                errors[f.name] = "Bắt buộc."
            values[f.name] = value
        return values, errors


def _birth(d) -> str:
    return d.date_of_birth.isoformat() if d.date_of_birth else ""


def _sex(d) -> str:
    return {"male": "Nam", "female": "Nữ", "nam": "Nam", "nu": "Nữ"}.get(
        (d.sex or "").lower(), d.sex or ""
    )


def _date_text(value: str) -> str:
    try:
        return short_date(dt.date.fromisoformat(value))
    except ValueError:
        return value


def _line(label: str, value: str) -> Para:
    return Para(f"{label}: {value or '…'}")


def _unit(d) -> str:
    """ "phường Hoàn Kiếm" as it reads inside a sentence."""
    name = d.unit.name
    return name[:1].lower() + name[1:]


# --- Giấy xác nhận tình trạng hôn nhân (Circular 04/2020/TT-BTP, form TP/HT-2020-XNTTHN) ------


def _marital_body(d, v: Values) -> list[Block]:
    return [
        Para(
            f"Xét đề nghị của ông/bà: {v['requester']} về việc cấp Giấy xác nhận tình trạng hôn nhân "
            f"cho {v['full_name']}.",
        ),
        Para(f"Ủy ban nhân dân {_unit(d)} xác nhận:"),
        _line("Họ, chữ đệm, tên", v["full_name"]),
        _line("Ngày, tháng, năm sinh", _date_text(v["date_of_birth"])),
        _line("Giới tính", v["sex"]),
        _line("Dân tộc", v["ethnicity"]),
        _line("Quốc tịch", v["nationality"]),
        _line("Số định danh cá nhân", v["national_id"]),
        _line("Nơi cư trú", v["residence"]),
        _line("Tình trạng hôn nhân", v["status"]),
        _line("Giấy này được cấp để", v["purpose"]),
        Para(f"Giấy này có giá trị sử dụng {v['validity']} kể từ ngày cấp."),
        Space(2),
    ]


MARITAL = ResultTemplate(
    code="marital_status",
    label="Giấy xác nhận tình trạng hôn nhân",
    symbol="UBND-XNTTHN",
    legal_basis="Nghị định 123/2015/NĐ-CP Điều 21–23; Thông tư 04/2020/TT-BTP (mẫu TP/HT-2020-XNTTHN)",
    procedures=("1.004873",),
    fields=(
        TemplateField("requester", "Người yêu cầu", default=lambda d: d.applicant_name),
        TemplateField("full_name", "Họ, chữ đệm, tên", default=lambda d: d.applicant_name),
        TemplateField("date_of_birth", "Ngày sinh", kind="date", default=_birth),
        TemplateField("sex", "Giới tính", default=_sex),
        TemplateField("ethnicity", "Dân tộc", default=lambda d: "Kinh"),
        TemplateField("nationality", "Quốc tịch", default=lambda d: "Việt Nam"),
        TemplateField("national_id", "Số định danh cá nhân", default=lambda d: d.national_id),
        TemplateField("residence", "Nơi cư trú", default=lambda d: d.address),
        TemplateField(
            "status",
            "Tình trạng hôn nhân",
            kind="textarea",
            default=lambda d: "Chưa đăng ký kết hôn với ai.",
            help="Ví dụ: «Chưa đăng ký kết hôn với ai», «Đã đăng ký kết hôn, đã ly hôn theo Bản án số…».",
        ),
        TemplateField(
            "purpose", "Giấy này được cấp để", default=lambda d: d.summary or "Đăng ký kết hôn"
        ),
        TemplateField("validity", "Thời hạn sử dụng", default=lambda d: "06 tháng"),
    ),
    body=_marital_body,
)


# --- Giấy chứng nhận đăng ký hộ kinh doanh (Decree 01/2021/NĐ-CP Art 87, Circular 02/2023) ----


def _business_body(d, v: Values) -> list[Block]:
    return [
        Para(f"Mã số hộ kinh doanh: {v['business_code']}"),
        _line("1. Tên hộ kinh doanh", v["business_name"]),
        _line("2. Địa chỉ địa điểm kinh doanh", v["business_address"]),
        _line("3. Ngành, nghề kinh doanh", v["lines"]),
        _line("4. Vốn kinh doanh", v["capital"]),
        _line("5. Chủ hộ kinh doanh", v["owner"]),
        _line("   Số định danh cá nhân", v["national_id"]),
        _line("   Nơi cư trú", v["residence"]),
        Space(2),
    ]


BUSINESS = ResultTemplate(
    code="business_household",
    label="Giấy chứng nhận đăng ký hộ kinh doanh",
    symbol="GCN-UBND",
    legal_basis="Nghị định 01/2021/NĐ-CP Điều 87; Nghị định 168/2025/NĐ-CP",
    procedures=("1.001612",),
    fields=(
        TemplateField("business_code", "Mã số hộ kinh doanh"),
        TemplateField("business_name", "Tên hộ kinh doanh", default=lambda d: d.owner_name),
        TemplateField("business_address", "Địa điểm kinh doanh", default=lambda d: d.address),
        TemplateField(
            "lines", "Ngành, nghề kinh doanh", kind="textarea", default=lambda d: d.summary
        ),
        TemplateField("capital", "Vốn kinh doanh (đồng)"),
        TemplateField("owner", "Chủ hộ kinh doanh", default=lambda d: d.applicant_name),
        TemplateField("national_id", "Số định danh của chủ hộ", default=lambda d: d.national_id),
        TemplateField("residence", "Nơi cư trú của chủ hộ", default=lambda d: d.address),
    ),
    body=_business_body,
)


# --- Quyết định (social allowances, funeral support) -------------------------------------------


def _decision_body(d, v: Values) -> list[Block]:
    return [
        Para(f"CHỦ TỊCH ỦY BAN NHÂN DÂN {_unit(d).upper()}"),
        *(Para(line.strip()) for line in v["grounds"].splitlines() if line.strip()),
        Para("QUYẾT ĐỊNH:"),
        Para(f"Điều 1. {v['article1']}"),
        Para(f"Điều 2. {v['article2']}"),
        Para(f"Điều 3. {v['article3']}"),
    ]


def _grounds(d) -> str:
    return "\n".join(
        [
            "Căn cứ Luật Tổ chức chính quyền địa phương ngày 16 tháng 6 năm 2025;",
            f"Căn cứ {d.procedure.legal_basis.split(';')[0].strip()};"
            if d.procedure.legal_basis
            else "",
            f"Xét đề nghị của công chức phụ trách và hồ sơ số {d.code}.",
        ]
    ).replace("\n\n", "\n")


DECISION = ResultTemplate(
    code="decision",
    label="Quyết định",
    symbol="QĐ-UBND",
    legal_basis="Nghị định 30/2020/NĐ-CP Phụ lục III (mẫu quyết định cá biệt)",
    procedures=("1.001776", "1.001731", "1.014027"),
    fields=(
        TemplateField("grounds", "Căn cứ (mỗi dòng một căn cứ)", kind="textarea", default=_grounds),
        TemplateField(
            "article1",
            "Điều 1 (nội dung quyết định)",
            kind="textarea",
            default=lambda d: (
                f"{d.summary or d.procedure.name} đối với ông/bà {d.applicant_name}, "
                f"số định danh cá nhân {d.national_id}, nơi cư trú {d.address}."
            ),
        ),
        TemplateField(
            "article2",
            "Điều 2 (hiệu lực)",
            default=lambda d: "Quyết định có hiệu lực kể từ ngày ký.",
        ),
        TemplateField(
            "article3",
            "Điều 3 (thi hành)",
            kind="textarea",
            default=lambda d: (
                f"Công chức phụ trách, các cơ quan liên quan và ông/bà {d.applicant_name} "
                "chịu trách nhiệm thi hành Quyết định này."
            ),
        ),
    ),
    body=_decision_body,
)


# --- A certificate or extract whose form has no dedicated template yet ------------------------


def _generic_body(d, v: Values) -> list[Block]:
    return [
        _line("Người được cấp", v["holder"]),
        _line("Số định danh cá nhân", v["national_id"]),
        _line("Nơi cư trú", v["residence"]),
        *(Para(line.strip()) for line in v["content"].splitlines() if line.strip()),
    ]


GENERIC = ResultTemplate(
    code="generic",
    label="Văn bản kết quả (nội dung do công chức soạn)",
    symbol="UBND",
    fields=(
        TemplateField("holder", "Người được cấp", default=lambda d: d.applicant_name),
        TemplateField("national_id", "Số định danh cá nhân", default=lambda d: d.national_id),
        TemplateField("residence", "Nơi cư trú", default=lambda d: d.address),
        TemplateField(
            "content",
            "Nội dung",
            kind="textarea",
            default=lambda d: f"Nội dung yêu cầu: {d.summary or d.procedure.name}.",
        ),
    ),
    body=_generic_body,
)


# --- Certification (chứng thực): the no-wait path; the certification is the result ------------


def _certification_body(d, v: Values) -> list[Block]:
    return [
        Para(
            f"Người yêu cầu chứng thực: {v['requester']}; số định danh cá nhân: {v['national_id']}."
        ),
        Para(v["statement"]),
        _line("Số chứng thực", v["register_entry"] or f"theo sổ chứng thực, hồ sơ {d.code}"),
    ]


CERTIFICATION = ResultTemplate(
    code="certification",
    label="Lời chứng",
    symbol="UBND-CT",
    legal_basis="Nghị định 23/2015/NĐ-CP; Thông tư 01/2020/TT-BTP (mẫu lời chứng)",
    procedures=("2.000815", "2.000884", "2.001035", "2.001019", "2.000913"),
    returns="Giấy tờ, văn bản được chứng thực (lời chứng ghi trên bản chứng thực).",
    fields=(
        TemplateField("requester", "Người yêu cầu chứng thực", default=lambda d: d.applicant_name),
        TemplateField("national_id", "Số định danh cá nhân", default=lambda d: d.national_id),
        TemplateField(
            "statement",
            "Lời chứng",
            kind="textarea",
            default=lambda d: (
                f"Chứng thực: {d.procedure.name.split('(')[0].strip()} "
                "theo đúng quy định; người yêu cầu chịu trách nhiệm về nội dung giấy tờ, văn bản."
            ),
        ),
        TemplateField("register_entry", "Số chứng thực, quyển số", required=False),
    ),
    body=_certification_body,
)


TEMPLATES = {t.code: t for t in (MARITAL, BUSINESS, DECISION, CERTIFICATION, GENERIC)}
_BY_PROCEDURE = {code: t for t in TEMPLATES.values() for code in t.procedures}


def for_procedure(code: str) -> ResultTemplate:
    return _BY_PROCEDURE.get(code, GENERIC)
