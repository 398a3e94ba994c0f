import pytest

from casestudies import writing
from casestudies.models import Answer
from collection import editions
from collection.models import Edition, PublishedCaseStudy

from .conftest import signed_off

pytestmark = pytest.mark.django_db


def test_only_approved_case_studies_signed_off_by_both_are_ready(ready, dpulo, coordinator):
    from casestudies import scoping
    from casestudies.models import Template
    from tests.casestudies.conftest import scope

    scoping.propose(
        scope(dpulo, title="Still proposed"),
        template=Template.objects.get(slug="case-study"),
        by=coordinator,
    )
    assert set(editions.ready_for_publication()) == set(ready)
    ready[0].sign_offs.update(voided_at=ready[0].updated_at)
    assert list(editions.ready_for_publication()) == [ready[1]]


def test_adding_refuses_what_is_not_ready_or_already_there(ready, coordinator):
    edition = editions.create("First edition", by=coordinator)
    editions.add(edition, ready[0])
    with pytest.raises(editions.EditionError, match="already in this edition"):
        editions.add(edition, ready[0])
    ready[1].sign_offs.update(voided_at=ready[1].updated_at)
    with pytest.raises(editions.EditionError, match="signed off"):
        editions.add(edition, ready[1])
    assert edition.entries.count() == 1


def test_slugs_are_unique(coordinator, db):
    first = editions.create("First edition", by=coordinator)
    second = editions.create("First edition", by=coordinator)
    assert (first.slug, second.slug) == ("first-edition", "first-edition-2")


def test_publishing_freezes_every_text(published, ready, coordinator):
    frozen = published.case_studies.get(source=ready[0])
    before = frozen.sections[0]["text"]
    section = ready[0].template_version.sections.first()
    answer = Answer.objects.get(case_study=ready[0], section=section)
    writing.save_answer(
        ready[0], section, "A later correction.", version=answer.version, by=coordinator
    )
    frozen.refresh_from_db()
    assert frozen.sections[0]["text"] == before
    assert "A later correction." not in frozen.body
    with pytest.raises(editions.EditionError, match="has been published"):
        editions.add(published, ready[1])
    with pytest.raises(editions.EditionError, match="has been published"):
        editions.update_details(
            published,
            {"title": "X", "subtitle": "", "introduction": "", "conclusion": ""},
            version=published.version,
        )


def test_publishing_refuses_an_empty_edition_or_one_no_longer_signed_off(ready, coordinator):
    edition = editions.create("Empty", by=coordinator)
    with pytest.raises(editions.EditionError, match="at least one case study"):
        editions.publish(edition, by=coordinator)
    editions.add(edition, ready[0])
    ready[0].sign_offs.update(voided_at=ready[0].updated_at)
    with pytest.raises(editions.EditionError, match="Reserved advocacy in Northgate"):
        editions.publish(edition, by=coordinator)
    edition.refresh_from_db()
    assert edition.status == Edition.Status.DRAFT
    assert not PublishedCaseStudy.objects.exists()


def test_publishing_renders_the_pdfs(published):
    assert published.pdf_ready
    assert published.pdf_pages >= 4  # cover, contents, introduction, case studies
    assert published.pdf.read(5) == b"%PDF-"
    for case_study in published.case_studies.all():
        assert case_study.pdf_pages >= 1
        assert len(case_study.pdf_sha256) == 64


def test_a_later_edition_leaves_the_earlier_one(published, ready, coordinator, dpulo):
    third = signed_off("Peer support into work", dpulo=dpulo, coordinator=coordinator)
    second = editions.create("Second edition", by=coordinator)
    for case_study in [*ready, third]:
        editions.add(second, case_study)
    editions.publish(second, by=coordinator)
    assert editions.current() == second
    assert published.case_studies.count() == 2
    assert second.case_studies.count() == 3


def test_a_stale_change_to_the_details_is_refused(coordinator, db):
    edition = editions.create("Draft", by=coordinator)
    fields = {"title": "Draft", "subtitle": "", "introduction": "Mine", "conclusion": ""}
    editions.update_details(edition, {**fields, "introduction": "Theirs"}, version=0)
    with pytest.raises(editions.EditionConflict) as conflict:
        editions.update_details(edition, fields, version=0)
    assert conflict.value.current["introduction"] == "Theirs"
    edition.refresh_from_db()
    assert edition.introduction == "Theirs"


def test_the_published_pdf_is_tagged_and_bookmarked_from_the_frozen_text(published):
    import io

    from pypdf import PdfReader

    reader = PdfReader(io.BytesIO(published.pdf.read()))
    root = reader.trailer["/Root"]
    assert root["/Lang"] == "en-GB"
    assert bool(root["/MarkInfo"]["/Marked"])  # a pypdf BooleanObject, not the True singleton
    assert "/StructTreeRoot" in root
    assert reader.metadata.title.startswith(published.title)
    top = [item for item in reader.outline if not isinstance(item, list)]
    assert [item.title for item in top] == list(
        published.case_studies.values_list("title", flat=True)
    )
    assert len(reader.pages) == published.pdf_pages
    text = "".join(page.extract_text() for page in reader.pages)
    for case_study in published.case_studies.all():
        assert case_study.sections[0]["text"] in text.replace("\n", " ")
