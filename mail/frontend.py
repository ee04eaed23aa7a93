"""The e-mail front end: intake (IMAP or the embedded Maildir) and sending, one pass or until stopped."""
from __future__ import annotations

import asyncio
import logging
from collections import Counter

from mail.intake import Intake
from mail.mailboxes import ImapSource, MaildirSource
from mail.sender import MailSender

log = logging.getLogger("loanbot.mail")


class MailFrontEnd:
    poll_seconds = 30.0      # longest wait between passes (IMAP IDLE wakes up earlier on new mail)
    retry_seconds = 5.0      # first wait after a failed pass (doubles up to poll_seconds)

    def __init__(self, library, config, clock, desk=None):
        self.library = library
        self.config = config
        self.clock = clock
        self.intake = Intake(library, config, clock, desk)
        self.sender = MailSender(library, config, clock)
        self.source = ImapSource(config.mail) if config.imap_enabled else MaildirSource(config.maildir("inbox"))

    async def run_once(self, limit: int | None = None, send: bool = True) -> dict:
        """One intake pass and (unless `send` is false) one sending pass; the counts of what happened."""
        try:
            counts = await self.intake.take_in(self.source, limit=limit)
        finally:
            await self.source.close()
        if send:
            counts.update(await self.sender.send_due())
        return dict(counts)

    async def send_queued(self) -> dict:
        """One sending pass alone (what the catalogue look-ups queued after the pass's replies went out)."""
        return dict(await self.sender.send_due())

    async def run(self, stop: asyncio.Event) -> None:
        """Until `stop` is set (the message in hand is finished first): take mail in, send, wait for more."""
        delay = self.retry_seconds
        try:
            while not stop.is_set():
                try:
                    counts = Counter(await self.intake.take_in(self.source, stop=stop))
                    counts.update(await self.sender.send_due())
                    if any(counts.values()):
                        log.info("mail pass: %s", dict(counts))
                    delay = self.retry_seconds
                    if not stop.is_set():
                        await self.source.wait(self.poll_seconds, stop)
                except asyncio.CancelledError:
                    raise
                except Exception as exc:  # noqa: BLE001 - the server went away: reconnect later
                    log.warning("mail pass failed (%s); retrying in %.0f s", exc, delay)
                    await self.source.close()
                    try:
                        await asyncio.wait_for(stop.wait(), delay)
                    except asyncio.TimeoutError:
                        pass
                    delay = min(delay * 2, self.poll_seconds)
        finally:
            await self.source.close()
