"""A bibliographic description of a work, as patrons ask for it and ILL requests record it (contracts §3)."""
from __future__ import annotations

import re
from dataclasses import dataclass, field

from stdnum import isbn as _isbn

WORK_TYPES = ("book", "article", "chapter", "thesis", "other")
CONFIDENCE_FIELDS = ("title", "authors", "year", "publisher", "container", "volume", "issue", "pages", "edition")
# Below this a field is shown back to the patron to correct, and flagged to staff. Chosen on the development
# sets: the tagger's marginal probability is above 0.8 for nearly every field it reads right.
UNCERTAIN_BELOW = 0.8


@dataclass(frozen=True)
class Work:
    type: str = "other"
    title: str | None = None
    authors: list[str] = field(default_factory=list)
    year: int | None = None
    publisher: str | None = None
    isbn: str | None = None
    isbn_as_written: str | None = None   # an ISBN whose check digit fails, as the patron wrote it (isbn is None)
    issn: str | None = None
    doi: str | None = None
    container: str | None = None
    volume: str | None = None
    issue: str | None = None
    pages: str | None = None
    edition: str | None = None
    # how sure the reading of each field is (0..1), by field name ("title", "authors", ...); fields the rules read
    # exactly (identifiers, labelled lines) are absent. Not part of the contract's output.
    confidence: dict[str, float] = field(default_factory=dict, compare=False, repr=False)

    def uncertain_fields(self) -> list[str]:
        """The fields given a value but read with a confidence below UNCERTAIN_BELOW, in the contract's order."""
        return [name for name in CONFIDENCE_FIELDS
                if getattr(self, name) and self.confidence.get(name, 1.0) < UNCERTAIN_BELOW]

    def to_dict(self) -> dict:
        return {"type": self.type, "title": self.title, "authors": list(self.authors), "year": self.year,
                "publisher": self.publisher, "isbn": self.isbn,
                "isbn_as_written": self.isbn_as_written, "issn": self.issn, "doi": self.doi,
                "container": self.container, "volume": self.volume, "issue": self.issue,
                "pages": self.pages, "edition": self.edition}


def isbn13(text: str | None) -> str | None:
    """An ISBN-10 or -13 as 13 digits, or None when it is not a valid ISBN (the check digit is checked)."""
    digits = re.sub(r"[^0-9Xx]", "", text or "").upper()
    if len(digits) not in (10, 13) or not _isbn.is_valid(digits):
        return None
    return _isbn.compact(_isbn.to_isbn13(digits))
