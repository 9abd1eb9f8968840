"""Personal data masked everywhere except for those who handle the petition; denouncers hidden."""

from danvan.grassroots import privacy
from danvan.grassroots.serializers import petition_detail, petition_row


def test_handlers_see_the_petitioner_readers_do_not(make_petition, persona):
    p = make_petition()
    officer = privacy.petitioner(persona("petitions.hoankiem"), p)
    assert officer["name"] == "Nguyễn Văn Bình" and officer["phone"] == "0912345678"
    for reader in ("mobilizer.hoankiem", "front.hanoi", "reporter.hanoi", "chairman.hoankiem"):
        shown = privacy.petitioner(persona(reader), p)
        assert shown["name"] == "Nguyễn V. B." and shown["phone"] == "091•••678", reader
        assert shown["address"] == "•••, Phường Hoàn Kiếm, Hà Nội"


def test_a_denouncer_is_hidden_even_from_the_leader(make_petition, persona):
    p = make_petition(kind="denunciation", category="conduct")
    assert privacy.petitioner(persona("petitions.hoankiem"), p)["name"] == "Nguyễn Văn Bình"
    leader = privacy.petitioner(persona("leader.hoankiem"), p)
    assert leader["name"] == "•••" and "Nguyễn" not in str(leader)


def test_pages_and_api_mask(make_petition, client_as, api_as):
    p = make_petition()
    html = client_as("mobilizer.hoankiem").get(f"/don-thu/don/{p.tracking_code}/").content.decode()
    assert "Nguyễn V. B." in html and "0912345678" not in html and "Nguyễn Văn Bình" not in html
    body = api_as("front.hanoi").get(f"/api/v1/petitions/{p.tracking_code}").json()
    assert body["petitioner"]["phone"] == "091•••678"
    assert "petitioner" not in petition_row(p, None)
    assert "0912345678" not in str(petition_detail(p, None))


def test_the_export_is_masked_for_readers(make_petition, client_as):
    import io

    from openpyxl import load_workbook

    make_petition()
    data = client_as("mobilizer.hoankiem").get("/don-thu/xuat.xlsx").content
    cells = [
        str(c.value) for row in load_workbook(io.BytesIO(data)).active.iter_rows() for c in row
    ]
    assert "0912345678" not in cells and "091•••678" in cells
