"""A bibliographic description of a work, as patrons ask for it and ILL requests record it (contracts §3)."""
from __future__ import annotations

from dataclasses import dataclass, field

WORK_TYPES = ("book", "article", "chapter", "thesis", "other")


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

    def to_dict(self) -> dict:
        return {"type": self.type, "title": self.title, "authors": list(self.authors), "year": self.year,
                "publisher": self.publisher, "isbn": self.isbn,
                "isbn_as_written": self.isbn_as_written, "issn": self.issn, "doi": self.doi,
                "container": self.container, "volume": self.volume, "issue": self.issue,
                "pages": self.pages, "edition": self.edition}
