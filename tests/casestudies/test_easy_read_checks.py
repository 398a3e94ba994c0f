"""The Easy Read checks at their edges, and pictures: decoded, bounded, cleaned of metadata."""

import io
from types import SimpleNamespace

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from casestudies import easy_read, pictures

HARD = [
    SimpleNamespace(word="procurement", explanation="How public bodies choose who to buy from."),
    SimpleNamespace(word="integrated care board", explanation="The NHS group for an area."),
    SimpleNamespace(word="user-led", explanation="Run by the people who use it."),
]


def point(text, position=1, picture="easy-read/a.png", alt="A meeting"):
    return SimpleNamespace(position=position, text=text, picture=picture, picture_alt=alt)


def words(count):
    return " ".join(["word"] * count) + "."


def test_a_15_word_sentence_passes_and_16_is_flagged_with_how_to_fix_it():
    assert easy_read.problems([point(words(15))], [], HARD) == []
    found = easy_read.problems([point(f"We met. {words(16)}", position=3)], [], HARD)
    assert [(p.point, p.message[:34]) for p in found] == [(3, "Point 3 has a sentence of 16 words")]
    # The sentence is quoted without its full stop: the page adds one after the message.
    assert found[0].message.endswith(" word”")
    assert "Split it into sentences of 15 words or fewer" in found[0].fix
    # Each sentence counts on its own, a line break ends one too.
    assert easy_read.problems([point(f"{words(15)} {words(15)}\n{words(15)}")], [], HARD) == []


def test_a_hard_word_is_flagged_unless_the_glossary_explains_it():
    text = "The council changed its procurement rules. The Integrated Care Boards listened."
    found = easy_read.problems([point(text)], [], HARD)
    assert [p.message for p in found] == [
        "Point 1 uses the hard word “procurement”",
        "Point 1 uses the hard word “integrated care board”",
    ]
    assert "How public bodies choose who to buy from." in found[0].fix
    glossary = [
        SimpleNamespace(word="Procurement"),
        SimpleNamespace(word="integrated care board"),
    ]
    assert easy_read.problems([point(text)], glossary, HARD) == []
    # The glossary may explain the word in its plural, as the text may use it.
    plural = [SimpleNamespace(word="procurements"), SimpleNamespace(word="Integrated care boards")]
    assert easy_read.problems([point(text)], plural, HARD) == []
    # A glossary word that is not the hard word leaves it flagged.
    only = "The council changed its procurement rules."
    assert easy_read.problems([point(only)], [SimpleNamespace(word="procure")], HARD)


def test_a_hard_word_inside_another_word_is_not_flagged():
    text = "Our users led it. It was not user-ledger work."
    assert easy_read.problems([point(text)], [], HARD) == []
    assert easy_read.hard_words_used("Our users led it.", HARD) == []
    assert [h.word for h in easy_read.hard_words_used("A user-led group.", HARD)] == ["user-led"]


def test_a_point_without_a_picture_or_a_picture_without_a_description_is_flagged():
    found = easy_read.problems(
        [point("We met.", 1, picture=""), point("We talked.", 2, alt=" ")], [], HARD
    )
    assert [(p.point, p.message) for p in found] == [
        (1, "Point 1 has no picture"),
        (2, "The picture for point 2 is not described"),
    ]
    assert easy_read.problems([], [], HARD)[0].message == "The Easy Read version has no points yet"


def test_the_reading_ease_figure_comes_from_textstat_and_says_what_it_means():
    easy = easy_read.reading_ease([point("We met every month. We talked about what was hard.")])
    hard = easy_read.reading_ease(
        [point("The commissioning organisation undertook a comprehensive procurement exercise.")]
    )
    assert easy.score > 80
    assert easy.words == "easy to read"
    assert hard.score < 60
    assert hard.words.startswith("hard to read")
    assert easy_read.reading_ease([point("  ")]) is None
    # The formula's own range runs past 0 and 100; the page says "out of 100".
    assert easy_read.reading_ease([point("We met. We sat. We ate.")]).score == 100
    assert easy_read.reading_ease([point("Institutionalisation characteristically.")]).score == 0


# Pictures.


def picture_bytes(kind="PNG", size=(40, 30), exif=None, mode="RGB"):
    out = io.BytesIO()
    image = Image.new(mode, size, (200, 30, 30) if mode == "RGB" else 1)
    if exif is not None:
        image.save(out, format=kind, exif=exif)
    else:
        image.save(out, format=kind)
    return out.getvalue()


def upload(data, name="picture.png", content_type="image/png"):
    return SimpleUploadedFile(name, data, content_type=content_type)


def with_gps_and_camera():
    exif = Image.Exif()
    exif[0x010F] = "Phone maker"  # Make
    exif[0x0110] = "Phone model"  # Model
    gps = {1: "N", 2: (51.0, 30.0, 0.0), 3: "W", 4: (0.0, 7.0, 0.0)}
    exif[0x8825] = gps  # GPSInfo
    exif[0x0112] = 6  # Orientation: turned 90° clockwise
    return exif


def test_a_photo_with_gps_is_stored_without_any_metadata_and_turned_upright():
    data = picture_bytes("JPEG", size=(60, 20), exif=with_gps_and_camera())
    with Image.open(io.BytesIO(data)) as before:
        assert before.getexif().get_ifd(0x8825)  # the GPS is really there to begin with
    cleaned = pictures.clean(upload(data, "photo.jpg", "image/jpeg"))
    assert cleaned.extension == "jpg"
    with Image.open(io.BytesIO(cleaned.data)) as after:
        assert dict(after.getexif()) == {}
        assert "exif" not in after.info
        assert "icc_profile" not in after.info
        assert after.size == (20, 60)  # turned as the camera meant
    assert b"Phone model" not in cleaned.data


def test_a_png_keeps_its_transparency_and_loses_its_text_chunks():
    from PIL import PngImagePlugin

    info = PngImagePlugin.PngInfo()
    info.add_text("Author", "Someone's full name")
    out = io.BytesIO()
    Image.new("RGBA", (10, 10), (0, 0, 0, 0)).save(out, format="PNG", pnginfo=info)
    cleaned = pictures.clean(upload(out.getvalue()))
    with Image.open(io.BytesIO(cleaned.data)) as after:
        assert after.mode == "RGBA"
        assert "Author" not in after.info
    assert b"Someone's full name" not in cleaned.data


def test_a_large_picture_is_made_smaller_to_a_fixed_longest_side():
    cleaned = pictures.clean(upload(picture_bytes(size=(3000, 1500))))
    assert (cleaned.width, cleaned.height) == (1200, 600)


@pytest.mark.parametrize(
    ("data", "name", "message"),
    [
        (b"%PDF-1.7 not a picture at all", "picture.png", "not a picture we can read"),
        (b"<svg xmlns='http://www.w3.org/2000/svg'/>", "picture.svg", "not a picture we can read"),
        (picture_bytes()[:60], "cut-short.png", "not a picture we can read"),
        (picture_bytes("GIF"), "moving.gif", "must be a PNG or JPEG file"),
        (picture_bytes(size=(6000, 5000), mode="1"), "huge.png", "at most 25,000,000 pixels"),
    ],
)
def test_a_file_that_is_not_a_usable_picture_is_refused_with_a_clear_message(data, name, message):
    with pytest.raises(pictures.PictureRefused) as refused:
        pictures.clean(upload(data, name))
    assert message in refused.value.message
    assert refused.value.field == "picture"


def test_a_file_over_5_mb_is_refused_before_it_is_decoded():
    big = upload(b"\x89PNG" + b"0" * (pictures.MAX_BYTES + 1))
    with pytest.raises(pictures.PictureRefused, match="smaller than 5 MB"):
        pictures.clean(big)


def test_each_sentence_is_printed_on_a_line_of_its_own_with_glossary_words_in_bold():
    shown = easy_read.lines(
        "Coastway Council pays for advocates. An advocate helps you <say> what you want!",
        ["advocate", "council"],
    )
    assert shown == (
        "Coastway <strong>Council</strong> pays for <strong>advocates</strong>.<br>"
        "An <strong>advocate</strong> helps you &lt;say&gt; what you want!"
    )
    assert easy_read.lines("One line.\nAnother line", []) == "One line.<br>Another line"
    # A word inside another word is not the glossary's word.
    assert "<strong>" not in easy_read.lines("Councillors met.", ["council"])
    # Bold as the checks match: a plural in the glossary, and the longest phrase as one.
    assert easy_read.lines("The procurement rules.", ["procurements"]) == (
        "The <strong>procurement</strong> rules."
    )
    assert easy_read.lines("Your care plan.", ["care", "care plan"]) == (
        "Your <strong>care plan</strong>."
    )
