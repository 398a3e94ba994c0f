"""The cycle collector is paused while a PDF is laid out or written, and always runs again after:
on an error, when pauses nest, and when renders in two threads overlap."""

import gc
import threading

import pytest

from portal import pdf


@pytest.fixture(autouse=True)
def collector_running():
    gc.enable()
    yield
    gc.enable()


def test_paused_inside_and_running_after():
    with pdf.collector_paused():
        assert not gc.isenabled()
    assert gc.isenabled()


def test_running_again_after_an_error():
    with pytest.raises(ValueError, match="layout failed"), pdf.collector_paused():
        raise ValueError("layout failed")
    assert gc.isenabled()


def test_nested_pauses_resume_only_at_the_outermost():
    with pdf.collector_paused():
        with pdf.collector_paused():
            assert not gc.isenabled()
        assert not gc.isenabled()
    assert gc.isenabled()


def test_a_collector_switched_off_elsewhere_stays_off():
    gc.disable()
    with pdf.collector_paused():
        assert not gc.isenabled()
    assert not gc.isenabled()


def test_overlapping_renders_in_two_threads_resume_when_the_last_ends():
    first_paused, second_done, first_may_end = (threading.Event() for _ in range(3))
    seen = {}

    def first():
        with pdf.collector_paused():
            first_paused.set()
            first_may_end.wait(5)
        seen["after first"] = gc.isenabled()

    def second():
        first_paused.wait(5)
        with pdf.collector_paused():
            pass
        seen["after second, first still running"] = gc.isenabled()
        second_done.set()

    threads = [threading.Thread(target=first), threading.Thread(target=second)]
    for thread in threads:
        thread.start()
    second_done.wait(5)
    first_may_end.set()
    for thread in threads:
        thread.join(5)
    assert seen == {"after second, first still running": False, "after first": True}


def test_render_and_write_run_with_the_collector_paused(monkeypatch):
    seen = []

    class Document:
        pages = ()

        def write_pdf(self, **options):
            seen.append(("write", gc.isenabled()))
            return b"%PDF"

    class FakeHTML:
        def __init__(self, **options):
            pass

        def render(self, **options):
            seen.append(("layout", gc.isenabled()))
            return Document()

    monkeypatch.setattr(pdf, "HTML", FakeHTML)
    document = pdf.render("<p>Hello</p>")
    assert gc.isenabled()
    assert pdf.write_pdf(document) == b"%PDF"
    assert gc.isenabled()
    assert seen == [("layout", False), ("write", False)]


def test_a_real_render_leaves_the_collector_running():
    document = pdf.render('<html lang="en-GB"><title>T</title><p>Hello</p></html>')
    assert pdf.write_pdf(document).startswith(b"%PDF")
    assert gc.isenabled()
