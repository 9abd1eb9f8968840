"""Steps every browser test repeats."""

import re


def login(page, username: str) -> None:
    page.goto("/tai-khoan/dang-nhap/")
    page.fill("#id_username", username)
    page.fill("#id_password", "demo12345")
    page.click("button.primary")
    page.wait_for_url(re.compile(r"^(?!.*dang-nhap).*$"))


def attach_files(page, pdf_file: str) -> int:
    """Pick the same PDF for every file input of the components checklist."""
    page.wait_for_selector("#components fieldset")
    files = page.locator("#components input[type=file]")
    for i in range(files.count()):
        files.nth(i).set_input_files(pdf_file)
    return files.count()
