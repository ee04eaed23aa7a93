"""Small loopback HTTP servers for the catalogue tests: one that answers what it is told (Crossref-style JSON, or
garbage), and one that accepts connections and never answers (a catalogue that hangs)."""
from __future__ import annotations

import socket
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import urlsplit

HOST = "127.0.0.1"


class StubHttpServer:
    """Answers GET `path` with what `answer(path, status, body, content_type)` set; 404 otherwise. `requests`
    lists the paths (with query) asked for."""

    def __init__(self) -> None:
        self.answers: dict[str, tuple[int, bytes, str]] = {}
        self.requests: list[str] = []
        stub = self

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self) -> None:  # noqa: N802 - the stdlib's name
                stub.requests.append(self.path)
                status, body, content_type = stub.answers.get(urlsplit(self.path).path,
                                                              (404, b"not found", "text/plain"))
                self.send_response(status)
                self.send_header("Content-Type", content_type)
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

            def log_message(self, *args) -> None:
                pass

        self._server = ThreadingHTTPServer((HOST, 0), Handler)
        self._server.daemon_threads = True
        self.port = self._server.server_address[1]
        self.base_url = f"http://{HOST}:{self.port}"
        self._thread = threading.Thread(target=self._server.serve_forever, daemon=True)

    def answer(self, path: str, body: bytes | str, status: int = 200,
               content_type: str = "application/json") -> None:
        self.answers[path] = (status, body.encode() if isinstance(body, str) else body, content_type)

    def start(self) -> "StubHttpServer":
        self._thread.start()
        return self

    def stop(self) -> None:
        self._server.shutdown()
        self._server.server_close()


class SilentServer:
    """Listens, and never accepts or answers: the kernel completes the TCP handshake, the request is sent, and the
    client waits for an answer that never comes."""

    def __init__(self) -> None:
        self._socket = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        self._socket.bind((HOST, 0))
        self._socket.listen(128)
        self.port = self._socket.getsockname()[1]
        self.base_url = f"http://{HOST}:{self.port}"

    def stop(self) -> None:
        self._socket.close()


def closed_port() -> int:
    """A loopback port nothing listens on (a catalogue that is down: connection refused)."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind((HOST, 0))
        return s.getsockname()[1]
