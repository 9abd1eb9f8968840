"""Demo photos of a few of the review's practices, drawn with Pillow at demo time (never
downloaded): a street scene with a banner carrying the practice's name. Like phone photos they
carry EXIF with a GPS position (made up); the public copies the showcase serves have none.
All but one are made public, so the showcase shows them; one group photo stays private (the
default: photos may show people)."""

import io
import random
from pathlib import Path

from django.core.files.base import ContentFile
from django.core.files.storage import default_storage

WIDTH, HEIGHT = 1200, 800

# practice code -> [(title, motif, public)]
PHOTOS = {
    "DVK-DEMO-001": [
        ("Ảnh cổng trường giờ tan học", "gate", True),
        ("Ảnh ra quân đầu năm học", "banner", True),
        ("Ảnh tập thể phụ huynh và học sinh", "crowd", False),
    ],
    "DVK-DEMO-002": [("Ảnh tuyến phố được lắp đèn", "lamps", True)],
    "DVK-DEMO-005": [("Ảnh trồng hàng cây", "trees", True)],
    "DVK-DEMO-006": [("Ảnh vườn hoa, sân chơi mới", "garden", True)],
    "DVK-DEMO-010": [("Ảnh tuyến phố không rác thải nhựa", "street", True)],
}


def _font(size: int):
    import fontpkg_be_vietnam_pro
    from PIL import ImageFont

    path = Path(fontpkg_be_vietnam_pro.__file__).parent / "files" / "BeVietnamPro-Bold.ttf"
    return ImageFont.truetype(str(path), size)


def _wrap(draw, text: str, font, width: int) -> list[str]:
    lines, line = [], ""
    for word in text.split():
        trial = f"{line} {word}".strip()
        if draw.textlength(trial, font=font) <= width or not line:
            line = trial
        else:
            lines.append(line)
            line = word
    return [*lines, line] if line else lines


def _person(draw, x: int, y: int, rnd, scale: float = 1.0) -> None:
    shirt = rnd.choice(
        [(32, 96, 168), (200, 40, 40), (240, 240, 240), (60, 140, 80), (230, 170, 40)]
    )
    r = int(16 * scale)
    draw.ellipse((x - r, y - 4 * r, x + r, y - 2 * r), fill=(235, 200, 170))
    draw.rounded_rectangle(
        (x - int(1.4 * r), y - 2 * r, x + int(1.4 * r), y + 2 * r), 8, fill=shirt
    )
    draw.rectangle((x - r, y + 2 * r, x - 2, y + 4 * r), fill=(50, 50, 70))
    draw.rectangle((x + 2, y + 2 * r, x + r, y + 4 * r), fill=(50, 50, 70))


def _tree(draw, x: int, y: int, h: int) -> None:
    draw.rectangle((x - 8, y - h // 2, x + 8, y), fill=(110, 75, 45))
    draw.ellipse((x - h // 3, y - h, x + h // 3, y - h // 3), fill=(46, 125, 50))
    draw.ellipse((x - h // 4, y - int(h * 1.15), x + h // 4, y - h // 2), fill=(67, 160, 71))


def draw(name: str, title: str, motif: str, seed: int) -> bytes:
    """A 1200 x 800 JPEG: sky, a street, the motif, a red banner with the practice's name."""
    from PIL import Image, ImageDraw

    rnd = random.Random(seed)  # noqa: S311 - a drawing, not a secret
    img = Image.new("RGB", (WIDTH, HEIGHT))
    d = ImageDraw.Draw(img)
    for y in range(HEIGHT):  # sky to haze
        t = y / HEIGHT
        d.line(
            [(0, y), (WIDTH, y)], fill=(int(120 + 110 * t), int(180 + 60 * t), int(235 + 15 * t))
        )
    ground = 560
    d.rectangle(
        (0, ground, WIDTH, HEIGHT), fill=(150, 150, 150) if motif != "garden" else (120, 170, 90)
    )
    d.rectangle((0, ground, WIDTH, ground + 18), fill=(205, 205, 200))
    # houses along the street
    x = 0
    while x < WIDTH:
        w = rnd.randint(140, 220)
        h = rnd.randint(180, 320)
        colour = rnd.choice([(244, 214, 140), (236, 190, 150), (210, 225, 235), (245, 240, 225)])
        d.rectangle((x, ground - h, x + w - 6, ground), fill=colour)
        for wy in range(ground - h + 30, ground - 60, 70):
            for wx in range(x + 20, x + w - 40, 55):
                d.rectangle((wx, wy, wx + 28, wy + 36), fill=(90, 120, 150))
        x += w
    if motif == "gate":
        d.rectangle((380, ground - 300, 820, ground - 250), fill=(180, 30, 30))
        d.rectangle((380, ground - 250, 420, ground), fill=(200, 200, 200))
        d.rectangle((780, ground - 250, 820, ground), fill=(200, 200, 200))
        for i in range(8):
            _person(d, 460 + i * 42, ground + 60 + (i % 2) * 30, rnd, 0.8)
    elif motif == "lamps":
        for lx in range(120, WIDTH, 260):
            d.rectangle((lx - 5, ground - 320, lx + 5, ground + 40), fill=(70, 70, 80))
            d.ellipse((lx - 26, ground - 350, lx + 26, ground - 310), fill=(255, 236, 140))
    elif motif in ("trees", "garden"):
        for tx in range(90, WIDTH, 170):
            _tree(d, tx + rnd.randint(-20, 20), ground + 120, rnd.randint(180, 240))
        if motif == "garden":
            for _ in range(60):
                fx, fy = rnd.randint(0, WIDTH), rnd.randint(ground + 130, HEIGHT - 10)
                d.ellipse((fx - 7, fy - 7, fx + 7, fy + 7),
                          fill=rnd.choice([(230, 60, 90), (250, 200, 40), (250, 250, 250)]))  # fmt: skip
    if motif in ("banner", "crowd", "street", "trees"):
        for i in range(14 if motif == "crowd" else 7):
            _person(d, 80 + i * (80 if motif == "crowd" else 160) + rnd.randint(-10, 10),
                    ground + 110 + rnd.randint(0, 60), rnd)  # fmt: skip
    # the banner with the practice's name
    font = _font(44)
    lines = _wrap(d, name.upper(), font, WIDTH - 220)
    top = 60
    height = 50 + 58 * len(lines)
    d.rectangle(
        (80, top, WIDTH - 80, top + height), fill=(200, 16, 46), outline=(255, 215, 0), width=6
    )
    for i, line in enumerate(lines):
        w = d.textlength(line, font=font)
        d.text(((WIDTH - w) / 2, top + 25 + 58 * i), line, font=font, fill=(255, 230, 90))
    small = _font(26)
    d.text((90, HEIGHT - 50), title, font=small, fill=(255, 255, 255), stroke_width=2,
           stroke_fill=(40, 40, 40))  # fmt: skip
    out = io.BytesIO()
    img.save(out, "JPEG", quality=85, exif=_exif(seed))
    return out.getvalue()


def _exif(seed: int) -> bytes:
    """Camera and GPS tags as a phone writes them (a made-up position in Hà Nội)."""
    from PIL import Image

    exif = Image.Exif()
    exif[0x010F] = "DemoPhone"  # Make
    exif[0x0110] = "DemoPhone 12"  # Model
    gps = {1: "N", 2: (21.0, 1.0, 40.0 + seed % 10), 3: "E", 4: (105.0, 51.0, 12.0 + seed % 10)}
    exif[0x8825] = gps  # GPSInfo
    return exif.tobytes()


def _same(name: str, data: bytes) -> bool:
    with default_storage.open(name, "rb") as fh:
        return fh.read() == data


def load() -> int:
    """Add the demo photos once (a second run adds nothing); returns how many were added."""
    from danvan.movement.models import Evidence, Practice

    added = 0
    for n, (code, photos) in enumerate(PHOTOS.items()):
        practice = Practice.objects.filter(code=code).first()
        if practice is None or practice.evidence.filter(is_photo=True).exists():
            continue
        for i, (title, motif, public) in enumerate(photos):
            data = draw(practice.name, title, motif, seed=n * 10 + i)
            item = Evidence(practice=practice, title=title, content_type="image/jpeg",
                            size=len(data), is_photo=True, is_public=public)  # fmt: skip
            name = f"movement/evidence/demo/{code.lower()}-{i + 1}.jpg"
            if not (default_storage.exists(name) and _same(name, data)):
                name = default_storage.save(name, ContentFile(data))
            item.file.name = name  # drawn the same by an earlier demo load: that file reused
            item.save()
            added += 1
    return added
