"""Pictures for Easy Read points: checked by decoding them, bounded, and stored clean.

A file is only trusted as a picture once Pillow has decoded all of it as PNG or JPEG, whatever
its name or the browser says. It is then drawn again into a new file: turned the way its camera
meant (EXIF orientation), at most ``LONGEST_SIDE`` pixels on its longer side, with nothing else
carried over, so location (GPS), camera and editing metadata never reach the portal's storage or
a reader. The stored file's SHA-256 goes into the case study's fingerprint, so a changed picture
needs signing off again like changed words.
"""

import hashlib
import io
import warnings
from dataclasses import dataclass

from PIL import Image, ImageOps, UnidentifiedImageError

from portal.errors import DomainError

MAX_BYTES = 5 * 1024 * 1024
MAX_PIXELS = 25_000_000  # a photograph of 5,000 by 5,000; more is refused before it is decoded
LONGEST_SIDE = 1200  # enough for a picture beside a point in print and on screen
FORMATS = {"PNG": "png", "JPEG": "jpg"}

TOO_BIG = "The picture must be smaller than 5 MB"


class PictureRefused(DomainError):
    """The upload is not a picture the portal can use; the message says why and what to do."""

    field = "picture"


@dataclass(frozen=True)
class Cleaned:
    data: bytes
    extension: str
    sha256: str
    width: int
    height: int


def clean(upload):
    """The uploaded file as a clean PNG or JPEG (see the module's docstring), or
    ``PictureRefused``."""
    if upload.size > MAX_BYTES:
        raise PictureRefused(TOO_BIG)
    raw = upload.read(MAX_BYTES + 1)
    if len(raw) > MAX_BYTES:
        raise PictureRefused(TOO_BIG)
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            with Image.open(io.BytesIO(raw)) as probe:
                kind = probe.format
                width, height = probe.size
                if kind not in FORMATS:
                    raise PictureRefused("The picture must be a PNG or JPEG file")
                if width * height > MAX_PIXELS:
                    raise PictureRefused(
                        f"The picture is {width:,} by {height:,} pixels: it must be at most "
                        f"{MAX_PIXELS:,} pixels in all, like 5,000 by 5,000"
                    )
                probe.verify()  # the whole file, checksums included
            with Image.open(io.BytesIO(raw)) as picture:
                picture.load()
                upright = ImageOps.exif_transpose(picture)
                upright.thumbnail((LONGEST_SIDE, LONGEST_SIDE))
                return _redrawn(upright, kind)
    except PictureRefused:
        raise
    except (
        UnidentifiedImageError,
        Image.DecompressionBombError,
        Image.DecompressionBombWarning,
        OSError,
        SyntaxError,
        ValueError,
    ) as error:
        raise PictureRefused(
            "The file is not a picture we can read: it may be damaged, or another kind of file. "
            "Choose a PNG or JPEG picture"
        ) from error


def _redrawn(picture, kind):
    """A new file with only the pixels: no EXIF, no text chunks, no ICC profile, no comments."""
    out = io.BytesIO()
    if kind == "PNG":
        mode = "RGBA" if picture.mode in ("RGBA", "LA", "P", "PA") else "RGB"
        pixels = Image.new(mode, picture.size)
        pixels.paste(picture.convert(mode))
        pixels.save(out, format="PNG", optimize=True)
    else:
        pixels = Image.new("RGB", picture.size)
        pixels.paste(picture.convert("RGB"))
        pixels.save(out, format="JPEG", quality=88, optimize=True)
    data = out.getvalue()
    return Cleaned(
        data=data,
        extension=FORMATS[kind],
        sha256=hashlib.sha256(data).hexdigest(),
        width=pixels.width,
        height=pixels.height,
    )
