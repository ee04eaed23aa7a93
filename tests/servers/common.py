"""Shared helpers: running scripts/servers/*.sh, free ports, self-signed certificates."""
from __future__ import annotations

import os
import shutil
import socket
import subprocess
import tempfile
import threading
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parents[2]
SCRIPTS_DIR = REPO_ROOT / "scripts" / "servers"


class ServerScriptError(RuntimeError):
    """A scripts/servers/*.sh command failed; the message carries its output."""


def no_servers() -> bool:
    """True when the environment asks to skip tests that need real servers."""
    return os.environ.get("LOANBOT_TEST_NO_SERVERS", "").strip().lower() in {"1", "true", "yes"}


def run_script(name: str, *args: str, timeout: float = 600) -> str:
    """Run ``scripts/servers/<name> <args>`` and return its stdout.

    Raises ServerScriptError with stdout+stderr on failure (installing a package on a
    fresh machine can take a minute, hence the generous timeout).
    """
    script = SCRIPTS_DIR / name
    try:
        proc = subprocess.run(
            ["bash", str(script), *args],
            stdin=subprocess.DEVNULL,
            capture_output=True,
            text=True,
            timeout=timeout,
        )
    except subprocess.TimeoutExpired as exc:
        raise ServerScriptError(f"{script} {' '.join(args)} timed out after {timeout}s") from exc
    if proc.returncode != 0:
        raise ServerScriptError(
            f"{script} {' '.join(args)} failed with exit code {proc.returncode}\n"
            f"--- stdout ---\n{proc.stdout}\n--- stderr ---\n{proc.stderr}"
        )
    return proc.stdout


def parse_key_values(text: str) -> dict[str, str]:
    out: dict[str, str] = {}
    for line in text.splitlines():
        if "=" in line:
            key, _, value = line.partition("=")
            out[key.strip()] = value.strip()
    return out


def free_port(host: str = "127.0.0.1") -> int:
    """A TCP port that was free a moment ago on ``host``."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind((host, 0))
        return s.getsockname()[1]


_cert_lock = threading.Lock()
_cert_cache: tuple[str, str] | None = None


def make_self_signed_cert(directory: str | os.PathLike[str] | None = None) -> tuple[str, str]:
    """Return ``(cert_path, key_path)`` of a self-signed cert for 127.0.0.1/localhost.

    Generated once per process with the ``openssl`` CLI (pulled in by dovecot-core's
    dependencies; ``apt-get install openssl`` otherwise). The certificate is its own CA:
    pass ``cert_path`` as ``cafile`` to trust it.
    """
    global _cert_cache
    with _cert_lock:
        if directory is None and _cert_cache and all(os.path.exists(p) for p in _cert_cache):
            return _cert_cache
        openssl = shutil.which("openssl")
        if not openssl:
            raise ServerScriptError(
                "openssl CLI not found; it is needed to make a throwaway TLS certificate "
                "(apt-get install -y openssl)"
            )
        d = Path(directory) if directory else Path(tempfile.mkdtemp(prefix="loanbot-cert-"))
        d.mkdir(parents=True, exist_ok=True)
        cert, key = d / "cert.pem", d / "key.pem"
        proc = subprocess.run(
            [
                openssl, "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "3650",
                "-subj", "/CN=127.0.0.1",
                "-addext", "subjectAltName=IP:127.0.0.1,DNS:localhost",
                "-keyout", str(key), "-out", str(cert),
            ],
            stdin=subprocess.DEVNULL,
            capture_output=True,
            text=True,
        )
        if proc.returncode != 0:
            raise ServerScriptError(f"openssl failed: {proc.stderr}")
        result = (str(cert), str(key))
        if directory is None:
            _cert_cache = result
        return result
