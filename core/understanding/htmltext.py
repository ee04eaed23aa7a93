"""HTML mail bodies to plain text that the citation reader can use.

A two-cell table row becomes "label: value" (forms pasted into mail are tables), block elements become
line breaks, scripts/styles/heads are dropped, quoted originals (<blockquote>, Gmail's quote div) are left
out. Any HTML, however broken or hostile, gives some text and never an exception.
"""
from __future__ import annotations

import re
from html.parser import HTMLParser

_SKIP = {"script", "style", "head", "title", "noscript", "template", "svg", "object", "iframe", "xml"}
_BLOCK = {"p", "div", "br", "li", "ul", "ol", "h1", "h2", "h3", "h4", "h5", "h6", "table", "hr",
          "section", "article", "header", "footer", "pre", "address", "dd", "dt", "dl", "center"}
_MAX_DEPTH = 500
_TITLE_TAGS = ("i", "em", "cite")


class _TextParser(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.lines: list[str] = []
        self.current: list[str] = []
        self.skip = 0           # inside script/style/blockquote: text ignored
        self.row: list[str] | None = None
        self.cell: list[str] | None = None
        self.stack: list[str] = []
        self.italic: list[int] = []     # where each open <i>, <em> or <cite> began in `current`

    # -- structure
    def handle_starttag(self, tag, attrs):
        if tag in ("br", "hr", "img", "meta", "link", "input", "wbr"):
            if tag == "br":
                self._text("\n")
            return
        if len(self.stack) < _MAX_DEPTH:
            self.stack.append(tag)
        quote = tag == "blockquote" or (tag == "div" and any(
            k == "class" and v and ("gmail_quote" in v or "moz-cite" in v or "yahoo_quoted" in v)
            for k, v in attrs))
        if tag in _SKIP or quote or self.skip:
            self.skip += 1
            return
        if tag in _TITLE_TAGS and self.cell is None:
            self.italic.append(len(self.current))
        if tag == "tr":
            self.row = []
        elif tag in ("td", "th"):
            self.cell = []
        elif tag == "li":
            self._text("\n- ")      # keep the list visible: list items are read as separate citations
        elif tag in _BLOCK:
            self._text("\n")

    def handle_endtag(self, tag):
        if tag in ("br", "hr", "img", "meta", "link", "input", "wbr"):
            return
        if tag in self.stack:
            while self.stack and self.stack.pop() != tag:
                if self.skip:
                    self.skip -= 1
        else:
            return
        if self.skip:
            self.skip -= 1
            return
        if tag in _TITLE_TAGS and self.italic and self.cell is None:
            self._quote_italic(self.italic.pop())
        if tag in ("td", "th") and self.cell is not None and self.row is not None:
            self.row.append(" ".join("".join(self.cell).split()))
            self.cell = None
        elif tag == "tr" and self.row is not None:
            self._flush_row()
        elif tag in _BLOCK:
            self._text("\n")

    def handle_data(self, data):
        if self.skip:
            return
        if self.cell is not None:
            self.cell.append(data)
        else:
            self._text(re.sub(r"\s+", " ", data))

    def _quote_italic(self, start: int) -> None:
        """A reference sets the book's or the journal's title in italics: '<i>The Social Construction of Reality: A
        Treatise in the Sociology of Knowledge</i>' is one title, as if quoted, and its 'in' announces nothing."""
        inner = "".join(self.current[start:])
        if len(inner.split()) >= 2 and inner.strip()[:1].isupper() and not re.search(r"[\"“”„«»\n]", inner):
            # APA sets the volume in italics with the journal; a title may end in years ('…, 1804-1999')
            volume = re.search(r"(?:,\s*|(?<=[^\W\d])\s+)\d{1,3}\s*$", inner)
            cut = volume.start() if volume else len(inner)
            self.current[start:] = ["“" + inner[:cut] + "”" + inner[cut:]]

    def _text(self, text: str) -> None:
        self.current.append(text)

    def _flush_row(self) -> None:
        cells = [c for c in (self.row or []) if c]
        self.row = None
        if not cells:
            return
        if len(cells) == 2:
            label, value = cells
            line = f"{label} {value}" if label.endswith(":") else f"{label}: {value}"
        else:
            line = "  ".join(cells)
        self._text("\n" + line + "\n")

    def text(self) -> str:
        if self.row:
            self._flush_row()
        raw = "".join(self.current)
        lines = [" ".join(line.split()) for line in raw.split("\n")]
        return re.sub(r"\n{3,}", "\n\n", "\n".join(lines)).strip()


def html_to_text(html: str) -> str:
    parser = _TextParser()
    try:
        parser.feed(html)
        parser.close()
        return parser.text()
    except Exception:  # noqa: BLE001 - hostile HTML: fall back to stripping tags
        text = re.sub(r"(?is)<(script|style)\b.*?</\1\s*>", " ", html)
        text = re.sub(r"(?i)<br\s*/?>|</p\s*>|</tr\s*>|</div\s*>", "\n", text)
        return re.sub(r"<[^>]*>", " ", text).strip()
