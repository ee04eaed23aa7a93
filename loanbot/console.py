"""`loanbot chat` and `loanbot status`: the dialogue engine in a terminal, and the service's state at a glance."""
from __future__ import annotations

import sys

from rich.console import Console
from rich.table import Table
from sqlalchemy import func, select

from core.dialogue.assistant import Assistant, Sender
from core.library import Library
from core.plumbing.outbox import Outbox
from core.storage.models import InboundMessage, Notice, Patron, ServiceState
from core.understanding import understand_text


async def chat(library: Library, patron_code: str, clock, lines=None, out: Console | None = None) -> int:
    """Read messages from stdin (or `lines`), answer each as loanbot would by e-mail or Telegram."""
    out = out or Console()
    patron = await library.registry.patron_by_code(patron_code)
    if patron is None:
        out.print(f"[red]no patron {patron_code!r} in this library[/]")
        return 2
    assistant = Assistant(library)
    out.print(f"[dim]loanbot chat as {patron.name or patron.code} ({patron.category}); an empty line or Ctrl-D ends."
              "[/]")
    source = lines if lines is not None else _stdin_lines(out)
    for text in source:
        if not text.strip():
            break
        understanding = understand_text(text)
        language = assistant.reply_language(understanding.language, patron.language)
        async with library.ctx.unit_of_work():
            reply = await assistant.answer(Sender(patron.code, language, patron.email, patron.name),
                                           understanding, clock(), "cli", text=text)
        out.print(f"[bold]loanbot[/] [dim]({reply.intent}, {reply.language})[/]")
        out.print(reply.text, highlight=False, markup=False)
    return 0


def _stdin_lines(out: Console):
    while True:
        try:
            out.print("[bold]you>[/] ", end="")
            line = sys.stdin.readline()
        except KeyboardInterrupt:
            return
        if not line:
            return
        yield line.rstrip("\n")


async def status(library: Library) -> Table:
    async with library.db.session() as session:
        inbound = dict((await session.execute(select(InboundMessage.status, func.count())
                                              .group_by(InboundMessage.status))).all())
        last_intake = await session.scalar(select(func.max(InboundMessage.received_at)))
        pending_notices = await session.scalar(select(func.count()).select_from(Notice)
                                               .where(Notice.dispatched_at.is_(None)))
        last_digest = await session.scalar(select(func.max(ServiceState.key)).where(ServiceState.key.like("digest:%")))
        linked = await session.scalar(select(func.count()).select_from(Patron)
                                      .where(Patron.telegram_user_id.is_not(None)))
    outbox = Outbox(library.db)
    counts = await outbox.counts()
    table = Table(title=f"loanbot status — {library.policy.library.name}")
    table.add_column("what")
    table.add_column("value")
    table.add_row("messages taken in", ", ".join(f"{k}: {v}" for k, v in sorted(inbound.items())) or "none")
    table.add_row("last intake", last_intake.astimezone(library.calendar.zone).isoformat(timespec="minutes")
                  if last_intake else "never")
    table.add_row("outbox", f"{counts['pending']} pending, {counts['sent']} sent, {counts['failed']} failed")
    table.add_row("notices not yet dispatched", str(pending_notices))
    table.add_row("last digest", last_digest.split(":", 1)[1] if last_digest else "never")
    table.add_row("Telegram accounts linked", str(linked))
    for message in await outbox.failures(limit=10):
        table.add_row("[red]failed delivery[/]", f"{message.recipient}: {message.subject or message.body[:40]} — "
                                                 f"{message.last_error}")
    return table
