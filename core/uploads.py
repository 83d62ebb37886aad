"""Uploads are checked for what they are, not what they claim: images by Pillow, CVs by their PDF structure.

Stored files get random names, and images are re-encoded (orientation applied, metadata such as EXIF dropped).
"""

import io
import uuid
import warnings
from pathlib import PurePath

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.utils.deconstruct import deconstructible
from PIL import Image, ImageOps, UnidentifiedImageError

MAX_IMAGE_BYTES = 5 * 1024 * 1024
MAX_IMAGE_PIXELS = 30_000_000  # about 6000 × 5000: past this a small file can still be a decompression bomb
IMAGE_FORMATS = {"JPEG": ".jpg", "PNG": ".png", "WEBP": ".webp", "GIF": ".gif"}
MAX_PDF_BYTES = 20 * 1024 * 1024

NOT_AN_IMAGE = "Upload a JPEG, PNG, WebP or GIF image. This file is not one (SVG is not accepted)."


def _megabytes(size):
    return f"{size / (1024 * 1024):.0f} MB"


def inspect_image(file):
    """The image's Pillow format name, after checking size, pixel count, format and integrity."""
    if file.size > MAX_IMAGE_BYTES:
        raise ValidationError(f"The image is larger than {_megabytes(MAX_IMAGE_BYTES)}.", code="too_large")
    file.seek(0)
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            with Image.open(file) as image:
                image_format = image.format
                width, height = image.size
                if width * height > MAX_IMAGE_PIXELS:
                    raise ValidationError(
                        f"The image is {width} × {height} pixels; at most {MAX_IMAGE_PIXELS:,} pixels are accepted.",
                        code="too_many_pixels",
                    )
                image.verify()
    except ValidationError:
        raise
    except (
        UnidentifiedImageError,
        Image.DecompressionBombError,
        Image.DecompressionBombWarning,
        OSError,
        SyntaxError,
        ValueError,
    ) as error:
        raise ValidationError(NOT_AN_IMAGE, code="not_an_image") from error
    finally:
        file.seek(0)
    if image_format not in IMAGE_FORMATS:
        raise ValidationError(NOT_AN_IMAGE, code="not_an_image")
    return image_format


def validate_image(file):
    inspect_image(file)


def validate_pdf(file):
    """A real PDF: the %PDF- header at the start and an %%EOF marker at the end, within the size cap."""
    if file.size > MAX_PDF_BYTES:
        raise ValidationError(f"The PDF is larger than {_megabytes(MAX_PDF_BYTES)}.", code="too_large")
    file.seek(0)
    head = file.read(1024)
    file.seek(max(0, file.size - 2048))
    tail = file.read()
    file.seek(0)
    if not head.startswith(b"%PDF-") or b"%%EOF" not in tail:
        raise ValidationError("Upload a PDF file. This file is not one.", code="not_a_pdf")


def normalised_image(file, max_side):
    """(content, extension): the image re-encoded without metadata, upright, at most max_side pixels a side.

    GIFs are kept as uploaded (re-encoding would lose animation, and GIF carries no EXIF).
    """
    image_format = inspect_image(file)
    if image_format == "GIF":
        return ContentFile(file.read()), IMAGE_FORMATS["GIF"]
    with Image.open(file) as original:
        image = ImageOps.exif_transpose(original)
        image.thumbnail((max_side, max_side))
        if image_format == "JPEG" and image.mode not in ("RGB", "L"):
            image = image.convert("RGB")
        buffer = io.BytesIO()
        options = {"quality": 85, "optimize": True} if image_format in ("JPEG", "WEBP") else {"optimize": True}
        image.save(buffer, format=image_format, **options)  # no exif= argument: metadata is dropped
    file.seek(0)
    return ContentFile(buffer.getvalue()), IMAGE_FORMATS[image_format]


@deconstructible
class RandomName:
    """upload_to: a random file name in a folder, keeping only the extension."""

    def __init__(self, folder):
        self.folder = folder

    def __call__(self, instance, filename):
        return f"{self.folder}/{uuid.uuid4().hex}{PurePath(filename).suffix.lower()}"

    def __eq__(self, other):
        return isinstance(other, RandomName) and other.folder == self.folder


PHOTO_WIDTHS = (240, 480)  # the sidebar shows the photo 240 CSS pixels wide; 480 for high-density screens


def variant_name(name, width, extension):
    return f"{name.rsplit('.', 1)[0]}-{width}{extension}"


def write_photo_variants(storage, name, widths=PHOTO_WIDTHS):
    """The image at the widths pages show it, in its own format and as WebP: a <picture>'s srcset."""
    extension = "." + name.rsplit(".", 1)[-1].lower()
    with storage.open(name) as handle, Image.open(handle) as original:
        original.load()
        for width in widths:
            image = original.copy()
            image.thumbnail((width, width * 4))
            for ext, fmt, options in [
                (extension, original.format, {"optimize": True}),
                (".webp", "WEBP", {"quality": 82, "method": 6}),
            ]:
                if fmt == "JPEG":
                    options["quality"] = 85
                buffer = io.BytesIO()
                image.save(buffer, format=fmt, **options)
                target = variant_name(name, width, ext)
                storage.delete(target)
                storage.save(target, ContentFile(buffer.getvalue()))


def image_sources(field, width, height, widths=PHOTO_WIDTHS):
    """For a <picture> of an image stored with write_photo_variants(): srcset strings (WebP and the upload's own
    format), the fallback src, and the width and height of the smallest variant; None without an image."""
    if not field or not width:
        return None
    storage, name = field.storage, field.name
    extension = "." + name.rsplit(".", 1)[-1].lower()

    def srcset(ext):
        return ", ".join(f"{storage.url(variant_name(name, w, ext))} {w}w" for w in widths)

    return {
        "webp": srcset(".webp"),
        "srcset": srcset(extension),
        "src": storage.url(variant_name(name, widths[0], extension)),
        "width": widths[0],
        "height": round(widths[0] * height / width),
    }
