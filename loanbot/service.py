"""`loanbot serve`: the configured front ends and the scheduler in one asyncio process.

`run_once` does one pass of each part, in the order that lets one pass finish a whole exchange: Telegram updates
and mail are taken in and answered, reminders and the digest are queued (a patron's letter joining the reply to
their own e-mail), and everything due is sent. `run` keeps
every part going until SIGTERM/SIGINT, then lets the work in hand finish.
"""
from __future__ import annotations

import asyncio
import logging
import signal
from typing import Callable

from core.catalogue.lookups import CatalogueLookups, catalogues_enabled
from core.library import Library
from core.scheduling.reminders import Reminders
from loanbot.config import Config, service_now
from loanbot.wiring import staff_desk

log = logging.getLogger("loanbot.service")
SCHEDULER_INTERVAL = 60.0


class Service:
    def __init__(self, library: Library, config: Config, clock: Callable | None = None):
        self.library = library
        self.config = config
        self.clock = clock or (lambda: service_now(library.calendar.zone))
        self.reminders = Reminders(library)
        self.desk = staff_desk(library)   # one for every front end: `locate` offers the holding libraries
        self.mail = self._mail_front_end()
        self.telegram = self._telegram_front_end()
        self.lookups = CatalogueLookups(library) if catalogues_enabled(library) else None

    def _mail_front_end(self):
        from mail.frontend import MailFrontEnd
        return MailFrontEnd(self.library, self.config, self.clock, desk=self.desk)

    def _telegram_front_end(self):
        if not self.config.telegram_enabled:
            return None
        from bot.frontend import TelegramFrontEnd
        return TelegramFrontEnd(self.library, self.config, self.clock, desk=self.desk)

    async def run_once(self) -> dict:
        report: dict = {}
        if self.telegram is not None:
            report["telegram"] = await self.telegram.run_once()
        # The replies wait for the reminders: a patron's letter of this pass goes into the reply to their own
        # e-mail instead of being a second e-mail (core/scheduling/reminders.py).
        report["mail_in"] = await self.mail.run_once(send=False)
        reminders = await self.reminders.run_once(self.clock())
        report["notices"], report["digest"] = reminders.notices, reminders.digest_sent
        report["mail_out"] = await self.mail.run_once()   # sends what the scheduler just queued
        if self.lookups is not None:   # after the patrons' replies went out: a slow catalogue never holds them up
            report["catalogue"] = await self.lookups.run_once(self.clock())
            report["catalogue_out"] = await self.mail.send_queued()   # the holdings that follow to staff
        if self.telegram is not None:
            report["telegram_out"] = await self.telegram.run_once()
        return report

    async def run(self, stop: asyncio.Event | None = None) -> None:
        stop = stop or asyncio.Event()
        loop = asyncio.get_running_loop()
        for signum in (signal.SIGTERM, signal.SIGINT):
            try:
                loop.add_signal_handler(signum, stop.set)
            except (NotImplementedError, RuntimeError):  # not the main thread
                pass
        await self._scheduler_pass()  # what is due now goes out with the front ends' first pass
        tasks = [asyncio.create_task(self.mail.run(stop), name="mail"),
                 asyncio.create_task(self._scheduler(stop), name="scheduler")]
        if self.telegram is not None:
            tasks.append(asyncio.create_task(self.telegram.run(stop), name="telegram"))
        if self.lookups is not None:   # its own task: a slow catalogue never holds up mail or Telegram
            tasks.append(asyncio.create_task(self.lookups.run(stop, self.clock), name="catalogue"))
        log.info("loanbot serving %s", self.library.policy.library.name)
        await stop.wait()
        await asyncio.gather(*tasks, return_exceptions=True)
        log.info("loanbot stopped")

    async def _scheduler_pass(self) -> None:
        try:
            report = await self.reminders.run_once(self.clock())
            if report.notices or report.digest_sent:
                log.info("scheduler: %d reminders queued, digest %s", report.notices,
                         "queued" if report.digest_sent else "not due")
        except Exception:  # a failed pass is retried at the next tick, never the end of the service
            log.exception("scheduler pass failed")

    async def _scheduler(self, stop: asyncio.Event) -> None:
        while not stop.is_set():
            try:
                await asyncio.wait_for(stop.wait(), timeout=SCHEDULER_INTERVAL)
            except asyncio.TimeoutError:
                pass
            if not stop.is_set():
                await self._scheduler_pass()
