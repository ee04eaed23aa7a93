"""Zebra: a handle on the throwaway SRU server (a union catalogue) started by scripts/servers/zebra.sh.

Each test indexes the MARC records it writes into a database of its own (``load``), so tests never see each
other's records; SRU answers at ``http://127.0.0.1:PORT/DATABASE``.
"""
from __future__ import annotations

import tempfile
import uuid
from dataclasses import dataclass
from pathlib import Path

import pymarc
from pymarc.marcxml import record_to_xml

from .common import parse_key_values, run_script


@dataclass
class ZebraServer:
    host: str
    port: int
    base_url: str
    directory: str
    log_path: str

    def url(self, database: str) -> str:
        return f"{self.base_url}/{database}"

    def load(self, records: list[pymarc.Record], database: str | None = None) -> str:
        """Index `records` (MARC21) into `database` (default: a new one); returns its SRU base URL."""
        database = database or f"t{uuid.uuid4().hex[:12]}"
        with tempfile.TemporaryDirectory(prefix="loanbot-zebra-") as tmp:
            path = Path(tmp) / "records.xml"
            path.write_bytes(collection(records))
            path.chmod(0o644)
            run_script("zebra.sh", "load", database, str(path))
        return self.url(database)


def collection(records: list[pymarc.Record]) -> bytes:
    """A MARCXML <collection> of `records`, as catalogues exchange them."""
    body = b"".join(record_to_xml(record, namespace=False) for record in records)
    return (b'<?xml version="1.0" encoding="UTF-8"?>\n<collection xmlns="http://www.loc.gov/MARC21/slim">' + body
            + b"</collection>\n")


def start_zebra() -> ZebraServer:
    info = parse_key_values(run_script("zebra.sh", "start"))
    return ZebraServer(info["ZEBRA_HOST"], int(info["ZEBRA_PORT"]), info["ZEBRA_URL"], info["ZEBRA_DIR"],
                       info["ZEBRA_LOG"])
