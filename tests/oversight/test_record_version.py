"""The record version: what every cached page is keyed on."""

from oversight.models import RecordVersion


def test_each_write_to_the_record_raises_the_version(make_person, make_document):
    make_person()
    first = RecordVersion.current()
    make_document()
    assert isinstance(first, int)
    assert RecordVersion.current() > first
