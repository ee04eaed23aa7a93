"""Which catalogues to ask: the `[[catalogue]]` tables (SRU targets) and `[crossref]` of the configuration.

```toml
[[catalogue]]
name = "TOKAT"                         # how staff see it
url = "https://sru.example.org/tokat"  # SRU base URL (the database is part of the path)
schema = "marcxml"                     # record schema asked for: "marcxml" (read with pymarc) or "dc"
library = "852$a"                      # field$subfield naming the holding library (MARC)
call_number = "852$h"                  # field$subfield of its call number (optional)
timeout = 5                            # seconds for the whole look-up at this target
# holder = "Ankara Üniversitesi"       # instead of `library`: the target is this one library's catalogue
# foreign = true                       # its libraries are abroad (for the lender's fee)
# own_library = "Our University"       # our own name in this catalogue: not offered as a lender

[crossref]                             # a DOI's record from Crossref's REST API
url = "https://api.crossref.org"
mailto = "ill@example.edu"             # Crossref's "polite pool"
```
"""
from __future__ import annotations

import re

from pydantic import BaseModel, ConfigDict, Field, field_validator

FIELD_REF = re.compile(r"^(\d{3})\$([a-z0-9])$")


def _http_url(value: str) -> str:
    if not re.match(r"^https?://[^\s/]+", value):
        raise ValueError(f"expected an http:// or https:// URL, got {value!r}")
    return value.rstrip("/")


class _Table(BaseModel):
    model_config = ConfigDict(extra="forbid", populate_by_name=True)


class CatalogueTarget(_Table):
    name: str = Field(min_length=1)
    url: str
    record_schema: str = Field("marcxml", alias="schema")
    version: str = "1.2"
    library: str | None = "852$a"
    call_number: str | None = "852$h"
    holder: str | None = None
    own_library: str | None = None
    foreign: bool = False
    timeout: float = Field(5.0, gt=0, le=120)
    max_records: int = Field(10, ge=1, le=100)
    isbn_index: str = "bath.isbn"
    issn_index: str = "bath.issn"
    doi_index: str | None = None          # most catalogues have none; Crossref answers DOIs
    title_index: str = "dc.title"
    author_index: str = "dc.creator"

    @field_validator("url")
    @classmethod
    def _url(cls, value: str) -> str:
        return _http_url(value)

    @field_validator("record_schema")
    @classmethod
    def _schema(cls, value: str) -> str:
        if value not in ("marcxml", "dc"):
            raise ValueError(f"expected \"marcxml\" or \"dc\", got {value!r}")
        return value

    @field_validator("library", "call_number")
    @classmethod
    def _field_ref(cls, value: str | None) -> str | None:
        if value is not None and not FIELD_REF.match(value):
            raise ValueError(f"expected a MARC field and subfield such as \"852$a\", got {value!r}")
        return value

    def field(self, name: str) -> tuple[str, str] | None:
        """(tag, subfield code) of `library` or `call_number`."""
        value = getattr(self, name)
        match = FIELD_REF.match(value) if value else None
        return (match.group(1), match.group(2)) if match else None


class CrossrefSettings(_Table):
    url: str = "https://api.crossref.org"
    timeout: float = Field(5.0, gt=0, le=120)
    mailto: str | None = None

    @field_validator("url")
    @classmethod
    def _url(cls, value: str) -> str:
        return _http_url(value)


class CatalogueSettings(BaseModel):
    targets: list[CatalogueTarget] = []
    crossref: CrossrefSettings | None = None

    @property
    def enabled(self) -> bool:
        return bool(self.targets or self.crossref)
