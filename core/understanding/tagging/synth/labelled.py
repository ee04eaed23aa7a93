"""A text built piece by piece, each piece with its field label; what every generator returns."""
from __future__ import annotations

from dataclasses import dataclass, field

LABELS = ("author", "title", "container", "editor", "publisher", "place", "year", "volume", "issue", "pages",
          "edition", "O")


@dataclass
class Labelled:
    pieces: list[tuple[str, str]] = field(default_factory=list)

    def add(self, text: str, label: str = "O") -> "Labelled":
        if text:
            self.pieces.append((text, label))
        return self

    def extend(self, other: "Labelled") -> "Labelled":
        self.pieces.extend(other.pieces)
        return self

    @property
    def text(self) -> str:
        return "".join(t for t, _ in self.pieces)

    def char_labels(self) -> list[str]:
        out: list[str] = []
        for text, label in self.pieces:
            out.extend([label] * len(text))
        return out

    def map_text(self, change) -> "Labelled":
        """The same pieces with `change` applied to each text (e.g. diacritics dropped)."""
        return Labelled([(change(t), label) for t, label in self.pieces])

    def wrapped(self, width: int) -> "Labelled":
        """The text broken into lines of about `width` characters at spaces, as a mail program or a PDF does (a
        word a PDF broke with a hyphen is made whole before tagging: reading.joined_broken_words)."""
        out = Labelled()
        column = 0
        for text, label in self.pieces:
            chars = []
            for c in text:
                if c == "\n":
                    column = 0
                elif c == " " and column >= width:
                    c, column = "\n", 0
                column += 1
                chars.append(c)
            out.add("".join(chars), label)
        return out
