"""A bibliographic description of a work, as patrons ask for it and ILL requests record it (contracts §3)."""
from __future__ import annotations

import re
from dataclasses import dataclass, field

from stdnum import isbn as _isbn

WORK_TYPES = ("book", "article", "chapter", "thesis", "other")


@dataclass(frozen=True)
class Work:
    type: str = "other"
    title: str | None = None
    authors: list[str] = field(default_factory=list)
    year: int | None = None
    publisher: str | None = None
    isbn: str | None = None
    issn: str | None = None
    doi: str | None = None
    container: str | None = None
    volume: str | None = None
    issue: str | None = None
    pages: str | None = None
    edition: str | None = None

    def to_dict(self) -> dict:
        return {"type": self.type, "title": self.title, "authors": list(self.authors), "year": self.year,
                "publisher": self.publisher, "isbn": self.isbn, "issn": self.issn, "doi": self.doi,
                "container": self.container, "volume": self.volume, "issue": self.issue,
                "pages": self.pages, "edition": self.edition}


def isbn13(text: str | None) -> str | None:
    """An ISBN-10 or -13 as 13 digits, or None when it is not a valid ISBN (the check digit is checked)."""
    digits = re.sub(r"[^0-9Xx]", "", text or "").upper()
    if len(digits) not in (10, 13) or not _isbn.is_valid(digits):
        return None
    return _isbn.compact(_isbn.to_isbn13(digits))
