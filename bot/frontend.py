"""The Telegram front end: fetches updates from the Bot API, runs them through the handlers (each in its own unit of
work), confirms them, and delivers the outbox's Telegram rows within Telegram's limits.

`loanbot serve` builds `TelegramFrontEnd(library, config, clock, desk=…)` and calls `run(stop)`; `loanbot serve
--once` calls `run_once()`.
"""
from __future__ import annotations

import asyncio
import contextlib
import datetime as dt
import logging
import time
import warnings
from collections import OrderedDict
from contextvars import ContextVar
from typing import Callable, Sequence

from telegram import InlineKeyboardButton, InlineKeyboardMarkup, Update
from telegram.constants import MessageLimit
from telegram.error import BadRequest, Forbidden, NetworkError, RetryAfter, TelegramError
from telegram.warnings import PTBDeprecationWarning
from telegram.ext import AIORateLimiter, Application, ApplicationBuilder

from bot.handlers import ChatHandlers
from bot.throttle import ReplyThrottle
from bot.transport import KeepAliveRequest
from core.library import Library
from core.plumbing.outbox import Outbox, Outgoing, worker_name
from core.storage.database import inline_statements

log = logging.getLogger("loanbot.telegram")

ALLOWED_UPDATES = ["message", "callback_query"]
CLAIM_LIMIT = 100
# SQLite: the updates of one getUpdates answer share a transaction (each in its own savepoint) until it has run
# this long; then it commits and their replies go out. Longer saves commits, shorter answers the first ones sooner.
BATCH_SECONDS = 0.03

# What the updates of the open batch transaction do once it commits: (update, leased rows, callback answer).
_after_batch: ContextVar[list | None] = ContextVar("loanbot_telegram_batch", default=None)


class TelegramFrontEnd:
    def __init__(self, library: Library, config, clock: Callable[[], dt.datetime], *,
                 overall_rate: float = 30.0, replies_per_minute: int = 20, send_concurrency: int = 16,
                 desk=None):
        """`overall_rate`: messages per second in all (Telegram allows about 30); `replies_per_minute`: the
        per-user cap before the polite "slow down"; `desk`: the staff desk staff act through (the composition
        root's, whose `locate` offers the libraries that hold the work)."""
        telegram = config.telegram
        if not telegram.token:
            raise ValueError("[telegram] token is not configured")
        self.library = library
        self.clock = clock
        self.poll_timeout = getattr(telegram, "poll_timeout", 10)
        self.application: Application = (
            ApplicationBuilder().token(telegram.token).base_url(telegram.api_base_url)
            .rate_limiter(AIORateLimiter(overall_max_rate=overall_rate, overall_time_period=1, max_retries=0))
            .updater(None).request(KeepAliveRequest(max(send_concurrency, 8)))
            .get_updates_request(KeepAliveRequest(1)).build())
        bot_id = telegram.token.split(":", 1)[0]
        self.handlers = ChatHandlers(library, clock, bot_id=int(bot_id) if bot_id.isdigit() else 0,
                                     throttle=ReplyThrottle(replies_per_minute), desk=desk)
        self.handlers.install(self.application)
        self.outbox = Outbox(library.db, worker=worker_name("telegram"))
        self.handlers.outbox = self.outbox
        self.handlers.on_committed = self._committed
        self.send_concurrency = send_concurrency
        # SQLite serializes writers anyway (and its busy wait is slow); PostgreSQL answers users side by side.
        self.update_concurrency = 1 if library.db.is_sqlite else 8
        # SQLite: this front end's own writers (update batches, outbox bookkeeping) queue here, in order, instead
        # of in SQLite's busy handler, which sleeps up to 100 ms at a time and let the sender starve the handlers.
        self._gate = asyncio.Lock() if library.db.is_sqlite else contextlib.nullcontext()
        self._tasks: set[asyncio.Task] = set()   # replies being sent, button presses being answered
        self._direct = {"sent": 0, "failed": 0, "retry_later": 0}
        self._sent_ids: list[int] = []          # delivered, to be marked sent in one statement
        self._marking: asyncio.Task | None = None
        self._offset: int | None = None
        self._paused_until = 0.0          # time.monotonic() before which Telegram asked us not to send
        self._wake = asyncio.Event()
        self._open_count = 0

    @property
    def bot(self):
        return self.application.bot

    # --- life cycle -------------------------------------------------------------------------------------------
    async def _open(self) -> None:
        if self._open_count == 0:
            await self.application.initialize()
            async with self._gate:   # replies a killed process of this host had queued but not sent
                released = await self.outbox.release_orphans_once(self.clock())
            if released:
                log.info("%d Telegram replies left leased by a process that is gone are sent now", released)
        self._open_count += 1

    async def _close(self) -> None:
        self._open_count -= 1
        if self._open_count == 0:
            await self.application.shutdown()

    async def __aenter__(self) -> "TelegramFrontEnd":
        await self._open()
        return self

    async def __aexit__(self, *exc) -> None:
        await self._close()

    # --- one pass ---------------------------------------------------------------------------------------------
    async def run_once(self) -> dict:
        """Handle the pending updates, confirm them so that no later pass sees them again, then send what is due.
        Returns counts: updates, sent, failed, retry_later."""
        with inline_statements():   # every unit of work here is short: a chat turn, outbox bookkeeping
            return await self._run_once()

    async def _run_once(self) -> dict:
        await self._open()
        try:
            updates = await self.bot.get_updates(offset=self._offset, timeout=0, allowed_updates=ALLOWED_UPDATES)
            await self.process(updates)
            if updates:
                await self._confirm(updates)
            await self._drain()
            counts = {"updates": len(updates), **self._direct}
            self._direct = dict.fromkeys(self._direct, 0)
            while True:
                batch = await self.send_due()
                for key in ("sent", "failed", "retry_later"):
                    counts[key] += batch[key]
                if batch["claimed"] < CLAIM_LIMIT or batch["retry_later"]:
                    break
            await self._drain()
            return counts
        finally:
            await self._close()

    async def _confirm(self, updates: Sequence[Update]) -> None:
        self._offset = updates[-1].update_id + 1
        # Asking from the next offset is how the Bot API forgets the earlier updates; what this call returns
        # stays unconfirmed and comes back on the next pass.
        await self.bot.get_updates(offset=self._offset, timeout=0, limit=1, allowed_updates=ALLOWED_UPDATES)

    async def process(self, updates: Sequence[Update]) -> None:
        """One user's updates in order; different users side by side where the database allows it."""
        with inline_statements():
            await self._process(updates)

    async def _process(self, updates: Sequence[Update]) -> None:
        by_user: OrderedDict[int, list[Update]] = OrderedDict()
        for update in updates:
            user = update.effective_user
            by_user.setdefault(user.id if user else 0, []).append(update)
        if self.update_concurrency == 1:
            await self._process_in_batches(updates)
            return
        gate = asyncio.Semaphore(self.update_concurrency)

        async def user_updates(items: list[Update]) -> None:
            async with gate:
                for update in items:
                    await self._process_one(update)
        await asyncio.gather(*(user_updates(items) for items in by_user.values()))
        self._wake.set()

    async def _process_in_batches(self, updates: Sequence[Update]) -> None:
        """SQLite: several updates per transaction, each in its own savepoint (a failing update undoes only its own
        writes); their replies are sent and their button presses answered once the transaction has committed. If
        the transaction as a whole fails, nothing of it happened: its updates are handled again one by one."""
        start = 0
        while start < len(updates):
            end, done = start, []
            token = _after_batch.set(done)
            try:
                async with self._gate, self.library.ctx.unit_of_work():
                    began = time.monotonic()
                    while end < len(updates) and (end == start or time.monotonic() - began < BATCH_SECONDS):
                        await self._process_one(updates[end])
                        end += 1
            except Exception:
                log.exception("a batch of %d updates failed as a whole; handling them one by one", end - start)
                done = None
            finally:
                _after_batch.reset(token)
            if done is None:
                for update in updates[start:end]:
                    async with self._gate:
                        await self._process_one(update)
            else:
                for job in done:
                    self._start_after_commit(*job)
            self._wake.set()   # for what was queued without a lease (a "slow down", an error reply)
            start = end

    def _committed(self, update: Update, rows: list[Outgoing], callback_answer: str | None) -> None:
        """An update's unit of work is done: send its replies and answer its button press now, or once the batch
        transaction it belongs to commits."""
        batch = _after_batch.get()
        if batch is not None:
            batch.append((update, rows, callback_answer))
        else:
            self._start_after_commit(update, rows, callback_answer)

    def _start_after_commit(self, update: Update, rows: list[Outgoing], callback_answer: str | None) -> None:
        if update.callback_query:
            self._spawn(self.handlers._answer_callback(update, callback_answer))
        if rows:
            self._spawn(self._deliver_leased(rows))

    def _spawn(self, coroutine) -> None:
        task = asyncio.create_task(coroutine)
        self._tasks.add(task)
        task.add_done_callback(self._tasks.discard)

    async def _deliver_leased(self, rows: list[Outgoing]) -> None:
        """One turn's replies, in order, right after its commit (they are leased to us since they were queued)."""
        for row in rows:
            try:
                self._direct[await self._deliver(row)] += 1
            except Exception:  # the lease runs out and the claim pass retries it
                log.exception("sending outbox row %s failed", row.id)

    async def _drain(self) -> None:
        """Wait for the replies being sent and the button presses being answered, and for their bookkeeping."""
        while self._tasks:
            await asyncio.gather(*list(self._tasks), return_exceptions=True)
        while self._marking is not None and not self._marking.done():
            await asyncio.gather(self._marking, return_exceptions=True)

    def _mark_sent(self, message_id: int) -> None:
        self._sent_ids.append(message_id)
        if self._marking is None or self._marking.done():
            self._marking = asyncio.create_task(self._mark_pending())

    async def _mark_pending(self) -> None:
        """Mark the delivered rows sent, as many as have gathered by then in one statement."""
        failures = 0
        while self._sent_ids:
            ids, self._sent_ids = self._sent_ids, []
            try:
                async with self._gate:
                    await self.outbox.sent_many(ids, self.clock())
                failures = 0
            except Exception:
                # Unmarked, they stay leased and would be sent again once the lease runs out: try a few times.
                failures += 1
                if failures > 3:
                    log.exception("could not mark outbox rows %s sent", ids)
                    continue
                log.exception("marking %d outbox rows sent failed; retrying", len(ids))
                await asyncio.sleep(0.5 * failures)
                self._sent_ids.extend(ids)

    async def _process_one(self, update: Update) -> None:
        try:
            await self.application.process_update(update)
        except Exception:  # PTB hands handler errors to on_error; this is for anything around them
            log.exception("update %s could not be processed", update.update_id)

    # --- sending ----------------------------------------------------------------------------------------------
    async def send_due(self) -> dict:
        """Claim due Telegram rows and send them; a RetryAfter gives every unsent row back and pauses sending."""
        counts = {"claimed": 0, "sent": 0, "failed": 0, "retry_later": 0}
        if time.monotonic() < self._paused_until:
            return counts
        async with self._gate:
            rows = await self.outbox.claim("telegram", self.clock(), limit=CLAIM_LIMIT)
        counts["claimed"] = len(rows)
        gate = asyncio.Semaphore(self.send_concurrency)

        async def deliver(row: Outgoing) -> None:
            async with gate:
                counts[await self._deliver(row)] += 1
        await asyncio.gather(*(deliver(row) for row in rows))
        return counts

    async def _deliver(self, row: Outgoing) -> str:
        if time.monotonic() < self._paused_until:
            async with self._gate:
                await self.outbox.release(row.id)
            return "retry_later"
        try:
            await self._send_message(int(row.recipient), row.body, row.headers.get("buttons"))
        except RetryAfter as exc:
            wait = retry_seconds(exc)
            self._paused_until = max(self._paused_until, time.monotonic() + float(wait))
            log.warning("Telegram asks to wait %s s; outbox row %s goes back to the queue", wait, row.id)
            async with self._gate:
                await self.outbox.release(row.id)
            return "retry_later"
        except (Forbidden, BadRequest) as exc:   # blocked by the user, chat gone, malformed: retrying won't help
            async with self._gate:
                await self.outbox.failed(row.id, self.clock(), f"{type(exc).__name__}: {exc}", permanent=True)
            return "failed"
        except (NetworkError, TelegramError, ValueError) as exc:
            async with self._gate:
                await self.outbox.failed(row.id, self.clock(), f"{type(exc).__name__}: {exc}")
            return "failed"
        self._mark_sent(row.id)
        return "sent"

    async def _send_message(self, chat_id: int, text: str, buttons: list[list[dict]] | None) -> None:
        markup = None
        if buttons:
            markup = InlineKeyboardMarkup([[InlineKeyboardButton(b["text"], callback_data=b["data"]) for b in row]
                                           for row in buttons])
        chunks = split_message(text)
        for i, chunk in enumerate(chunks):
            await self.bot.send_message(chat_id=chat_id, text=chunk,
                                        reply_markup=markup if i == len(chunks) - 1 else None)

    # --- the service loop -------------------------------------------------------------------------------------
    async def run(self, stop: asyncio.Event) -> None:
        """Long polling and outbox sending until `stop` is set."""
        with inline_statements():   # the sender task started below inherits it
            await self._run(stop)

    async def _run(self, stop: asyncio.Event) -> None:
        await self._open()
        sender = asyncio.create_task(self._send_loop(stop))
        try:
            failures = 0
            while not stop.is_set():
                try:
                    updates = await self._poll(stop)
                    failures = 0
                except (NetworkError, TelegramError) as exc:
                    failures += 1
                    log.warning("getUpdates failed (%s); retrying", exc)
                    await _sleep_or_stop(stop, min(2 ** failures, 60))
                    continue
                if updates:
                    await self.process(updates)
                    self._offset = updates[-1].update_id + 1
        finally:
            stop.set()
            self._wake.set()
            await asyncio.gather(sender, return_exceptions=True)
            await self._drain()
            if self._offset is not None:
                try:
                    await self.bot.get_updates(offset=self._offset, timeout=0, limit=1,
                                               allowed_updates=ALLOWED_UPDATES)
                except TelegramError as exc:
                    log.warning("could not confirm the last updates: %s", exc)
            await self._close()

    async def _poll(self, stop: asyncio.Event) -> Sequence[Update]:
        poll = asyncio.ensure_future(self.bot.get_updates(offset=self._offset, timeout=self.poll_timeout,
                                                          allowed_updates=ALLOWED_UPDATES))
        stopped = asyncio.ensure_future(stop.wait())
        await asyncio.wait({poll, stopped}, return_when=asyncio.FIRST_COMPLETED)
        stopped.cancel()
        if not poll.done():
            poll.cancel()
            await asyncio.gather(poll, return_exceptions=True)
            return ()
        return poll.result()

    async def _send_loop(self, stop: asyncio.Event) -> None:
        while not stop.is_set():
            self._wake.clear()
            try:
                batch = await self.send_due()
            except Exception:
                log.exception("sending the Telegram outbox failed")
                batch = {"claimed": 0}
            if batch["claimed"] >= CLAIM_LIMIT:
                continue
            wait = max(self._paused_until - time.monotonic(), 0) or 1.0
            try:
                await asyncio.wait_for(self._wake.wait(), timeout=wait)
            except asyncio.TimeoutError:
                pass
        await self.send_due()


def retry_seconds(exc: RetryAfter) -> float:
    with warnings.catch_warnings():  # PTB 22 warns that retry_after becomes a timedelta in a later version
        warnings.simplefilter("ignore", PTBDeprecationWarning)
        value = exc.retry_after
    return value.total_seconds() if isinstance(value, dt.timedelta) else float(value)


def split_message(text: str, limit: int = MessageLimit.MAX_TEXT_LENGTH) -> list[str]:
    """Telegram takes at most 4096 characters a message: cut at line ends where possible."""
    text = text.strip() or "…"
    chunks = []
    while len(text) > limit:
        cut = text.rfind("\n", 0, limit)
        cut = cut if cut > limit // 2 else limit
        chunks.append(text[:cut])
        text = text[cut:].lstrip("\n")
    chunks.append(text)
    return chunks


async def _sleep_or_stop(stop: asyncio.Event, seconds: float) -> None:
    try:
        await asyncio.wait_for(stop.wait(), timeout=seconds)
    except asyncio.TimeoutError:
        pass
