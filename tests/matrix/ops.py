"""Security pages (danvan.ops): re-authentication and the second factor, for any official."""

from tests.matrix import OFFICIALS, Entry

ENTRIES = [
    Entry("GET", "bao-mat/xac-nhan-lai/", allow=OFFICIALS),
    Entry("GET", "bao-mat/xac-thuc-hai-buoc/", allow=OFFICIALS),
    Entry("GET", "bao-mat/xac-thuc-hai-buoc/dang-ky/", allow=OFFICIALS),
    Entry("POST", "bao-mat/xac-thuc-hai-buoc/ma-khoi-phuc/", allow=OFFICIALS),
]
