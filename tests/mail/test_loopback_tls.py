"""A mail server on loopback (a test server, a relay on the same machine) works with its self-signed certificate
and with whatever it offers: IMAPS, SMTP with STARTTLS, SMTP without AUTH. Remote servers are still verified."""
from __future__ import annotations

from aiosmtpd.controller import Controller

from mail.frontend import MailFrontEnd
from mail.tls import is_loopback, verifies
from tests.mail.conftest import received, server_config
from tests.mail.messages import message
from tests.servers.common import free_port
from tests.servers.smtp import SmtpServer


def test_loopback_is_recognised_and_only_remote_servers_are_verified():
    assert is_loopback("127.0.0.1") and is_loopback("::1") and is_loopback("localhost")
    assert not is_loopback("mail.example.edu") and not is_loopback("10.0.0.1")
    assert verifies("mail.example.edu", True) and not verifies("127.0.0.1", True)
    assert not verifies("mail.example.edu", False)


async def test_imaps_and_starttls_with_self_signed_certificates_on_loopback(library, clock, tmp_path, imap_box):
    smtp = SmtpServer(starttls=True).start()
    try:
        config = server_config(tmp_path, imap_box, smtp, imap_port=imap_box.imaps_port, imap_ssl=True,
                               smtp_starttls=True)  # tls_verify stays at its default (true)
        imap_box.append(message("john@example.org", "Help", "what can you do?"))
        counts = await MailFrontEnd(library, config, clock).run_once()
        assert counts.get("done") == 1 and counts.get("sent") == 1, counts
        [reply] = received(smtp, "john@example.org")
        assert smtp.messages[0].tls and reply["In-Reply-To"]
    finally:
        smtp.stop()


class PlainRelay:
    """A loopback relay that offers no AUTH at all (aiosmtpd without an authenticator)."""

    def __init__(self):
        self.rcpts: list[str] = []
        self.host, self.port = "127.0.0.1", free_port()
        self.controller = Controller(self, hostname=self.host, port=self.port)

    async def handle_DATA(self, server, session, envelope):
        self.rcpts += envelope.rcpt_tos
        return "250 OK"


async def test_a_loopback_smtp_server_without_auth_is_used_without_logging_in(library, clock, tmp_path, imap_box):
    relay = PlainRelay()
    relay.controller.start()
    try:
        config = server_config(tmp_path, imap_box, relay)
        imap_box.append(message("john@example.org", "Help", "what can you do?"))
        counts = await MailFrontEnd(library, config, clock).run_once()  # smtp_user is set; no AUTH offered
        assert counts.get("sent") == 1 and relay.rcpts == ["john@example.org"], counts
    finally:
        relay.controller.stop()
