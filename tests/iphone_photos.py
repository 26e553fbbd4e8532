"""Real HEIC files for the tests (tests/photos/). The kiosk decodes HEIC with pi-heif, which cannot write
one (it is pillow-heif without the x265 HEVC encoder), so the files were made once with pillow-heif
1.8.1 (x265 4.3) by `make()` below, as an iPhone makes them: HEVC in a HEIF box, with EXIF and a colour
profile. To make them again: `pip install pillow-heif` in a scratch venv, then `python -m tests.iphone_photos`."""

from __future__ import annotations

from pathlib import Path

from PIL import Image, ImageCms

FOLDER = Path(__file__).resolve().parent / "photos"
# 1200x800, red left half, blue right half, quality 80 (test_prepare's _landscape()).
LANDSCAPE = FOLDER / "landscape.heic"
# 1200x900, red left half, blue right half, upright only when its EXIF orientation (6: turn right) is applied,
# with a GPS position, a camera, an owner and an sRGB profile (test_add_photos' _phone_photo()).
PHONE = FOLDER / "phone.heic"
SRGB = ImageCms.ImageCmsProfile(ImageCms.createProfile("sRGB")).tobytes()


def halves(size: tuple[int, int]) -> Image.Image:
    """Red left, blue right: orientation and crop are visible in the pixels."""
    image = Image.new("RGB", size, (220, 30, 30))
    image.paste((30, 30, 220), (size[0] // 2, 0, size[0], size[1]))
    return image


def phone_exif() -> Image.Exif:
    exif = Image.Exif()
    exif[0x0112] = 6  # orientation
    exif[0x010F] = "PhoneMaker"  # camera make
    exif[0x013B] = "Zhang San"  # artist
    exif[0x8825] = {1: "N", 2: (36.0, 30.0, 0.0), 3: "E", 4: (103.0, 40.0, 0.0)}  # GPS
    return exif


def make() -> None:  # pragma: no cover - run by hand, with pillow-heif installed
    from pillow_heif import register_heif_opener

    register_heif_opener()
    FOLDER.mkdir(exist_ok=True)
    halves((1200, 800)).save(LANDSCAPE, "HEIF", quality=80)
    halves((1200, 900)).save(PHONE, "HEIF", exif=phone_exif(), icc_profile=SRGB)


if __name__ == "__main__":  # pragma: no cover
    make()
