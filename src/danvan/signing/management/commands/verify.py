"""danvan verify FILE.pdf: print the verification summary; exit 0 when valid, 1 otherwise.
A tampered file gets its verdict and no pyHanko traceback (signing.verify.verify_pdf_to_dict)."""

import sys
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from danvan.signing import services
from danvan.signing.testca import TEST_MARK


def _intact(sig: dict) -> str:
    if sig["intact"] and sig["status"] not in ("modified", "invalid"):
        return "có"
    if sig["intact"]:
        return "không (tài liệu bị sửa đổi sau khi ký)"
    return "không"


class Command(BaseCommand):
    help = "Kiểm tra chữ ký số của một tệp PDF (mã thoát 0: hợp lệ, 1: không hợp lệ)."

    def add_arguments(self, parser):
        parser.add_argument("file")

    def handle(self, *args, **opts):
        path = Path(opts["file"])
        if not path.is_file():
            raise CommandError(f"Không tìm thấy tệp {path}.")
        report = services.verify(path.read_bytes())
        self.stdout.write(f"Kết quả: {report['status']} — {report['summary_vi']}")
        for index, sig in enumerate(report["signatures"], 1):
            test = " · TEST CA (thử nghiệm, không có giá trị pháp lý)" if self._is_test(sig) else ""
            self.stdout.write(
                f"  {index}. {sig['signer_common_name'] or 'Không rõ'} · {sig['organization'] or 'Không rõ'}"
                f" · {sig['signing_time'] or '?'} · tin cậy: {'có' if sig['trusted'] else 'không'}"
                f" · nguyên vẹn: {_intact(sig)}{test}"
            )
        if report["status"] != "valid":
            sys.exit(1)

    @staticmethod
    def _is_test(sig: dict) -> bool:
        return (sig["signer_common_name"] or "").startswith(f"{TEST_MARK} ")
