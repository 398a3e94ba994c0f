"""The demo's Easy Read version of one case study, with pictures drawn here (simple symbols in
strong colours, as Easy Read pictures are), so every format of the collection can be tried from
`make run`. The case study is written to its own template, which asks for Easy Read."""

import io

from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image, ImageDraw

from casestudies import writing

TEMPLATE_SLUG = "case-study-easy-read"
TEMPLATE_NAME = "Case study template with Easy Read"
TITLE = "A reserved advocacy contract in Coastway"

BLUE, GREEN, YELLOW, INK, SKIN = "#1d70b8", "#00703c", "#ffdd00", "#0b0c0c", "#f3c9a4"


def _person(draw, x, y, colour):
    draw.ellipse((x - 22, y - 70, x + 22, y - 26), fill=SKIN, outline=INK, width=4)
    draw.rounded_rectangle(
        (x - 34, y - 22, x + 34, y + 60), radius=18, fill=colour, outline=INK, width=4
    )


def _council(draw):
    draw.polygon([(40, 110), (200, 40), (360, 110)], fill=BLUE, outline=INK)
    draw.rectangle((60, 110, 340, 250), fill="white", outline=INK, width=5)
    for x in (90, 150, 210, 270):
        draw.rectangle((x, 130, x + 30, 230), fill=BLUE, outline=INK, width=3)


def _picture(drawing):
    image = Image.new("RGB", (400, 300), "white")
    drawing(ImageDraw.Draw(image))
    out = io.BytesIO()
    image.save(out, format="PNG")
    return out.getvalue()


def _two_people(draw):
    _person(draw, 130, 170, BLUE)
    _person(draw, 270, 170, GREEN)
    draw.rectangle((60, 235, 340, 250), fill=INK)


def _contract(draw):
    draw.rectangle((120, 30, 280, 270), fill="white", outline=INK, width=5)
    for y in (70, 110, 150, 190):
        draw.line((145, y, 255, y), fill=INK, width=6)
    draw.ellipse((220, 200, 280, 260), fill=GREEN, outline=INK, width=4)
    draw.line((235, 230, 248, 244), fill="white", width=7)
    draw.line((248, 244, 268, 214), fill="white", width=7)


def _clock(draw):
    draw.ellipse((100, 50, 300, 250), fill=YELLOW, outline=INK, width=6)
    draw.line((200, 150, 200, 80), fill=INK, width=8)
    draw.line((200, 150, 250, 150), fill=INK, width=8)


def _home(draw):
    draw.polygon([(80, 150), (200, 50), (320, 150)], fill=GREEN, outline=INK)
    draw.rectangle((110, 150, 290, 270), fill="white", outline=INK, width=5)
    draw.rectangle((180, 200, 220, 270), fill=BLUE, outline=INK, width=3)


def _money(draw):
    for offset, colour in ((0, YELLOW), (30, YELLOW), (60, YELLOW)):
        draw.ellipse(
            (110 + offset, 90 + offset, 250 + offset, 170 + offset),
            fill=colour,
            outline=INK,
            width=5,
        )
    draw.text((178, 140), "£", fill=INK)


POINTS = [
    (
        "Coastway Council pays for advocates. An advocate helps you say what you want.",
        _two_people,
        "Two people sitting together at a table, talking",
    ),
    (
        "Before 2014 the council paid a big national charity. Advocates kept changing.",
        _council,
        "A council building",
    ),
    (
        "The council used a rule to keep the contract for a user-led group.",
        _contract,
        "A written agreement with a green tick on it",
    ),
    (
        "Coastway Centre for Independent Living got the contract. Disabled people run it.",
        _two_people,
        "Two people sitting together at a table, talking",
    ),
    (
        "Now people wait ten days for an advocate. Before, they waited eight weeks.",
        _clock,
        "A clock",
    ),
    (
        "35 people stayed in their own homes instead of going into emergency care.",
        _home,
        "A house",
    ),
    (
        "The council saved more money than the service cost.",
        _money,
        "A pile of coins",
    ),
]

GLOSSARY = [
    ("advocate", "Someone who helps you say what you want and get your rights."),
    ("contract", "A written agreement about work and payment."),
    ("user-led", "Run by the people who use the service."),
]


def write(case_study, by):
    """Add the Easy Read points, each with its picture, and the glossary."""
    for number, (words, drawing, alt) in enumerate(POINTS, start=1):
        picture = SimpleUploadedFile(
            f"point-{number}.png", _picture(drawing), content_type="image/png"
        )
        writing.add_point(case_study, point_text=words, picture=picture, picture_alt=alt, by=by)
    for word, explanation in GLOSSARY:
        writing.add_glossary_entry(case_study, word=word, explanation=explanation, by=by)
