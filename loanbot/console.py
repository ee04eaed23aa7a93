"""`loanbot chat` and `loanbot status`: the dialogue engine in a terminal, and the service's state at a glance."""
from __future__ import annotations

import datetime as dt
import sys

from rich.console import Console
from rich.table import Table
from sqlalchemy import func, select

from core.dialogue.assistant import Assistant, Sender
from core.library import Library
from core.plumbing.outbox import Outbox
from core.staff.forward import forward_to_staff
from core.staff.notify import staff_translator
from core.storage.models import InboundMessage, Notice, Patron, ServiceState
from core.understanding import understand_text


async def chat(library: Library, patron_code: str, clock, lines=None, out: Console | None = None) -> int:
    """Read messages from stdin (or `lines`) and answer each as loanbot would by e-mail or Telegram. A message may
    take several lines (a pasted reference): an empty line sends it; an empty message or Ctrl-D ends the chat.
    A message loanbot cannot act on goes to the staff by e-mail, as one that came by e-mail does."""
    out = out or Console()
    patron = await library.registry.patron_by_code(patron_code)
    if patron is None:
        out.print(f"[red]no patron {patron_code!r} in this library[/]")
        return 2
    assistant = Assistant(library)
    category = library.policy.category_label(patron.category, patron.language)
    out.print(f"[dim]loanbot chat as {patron.name or patron.code} ({category}). A message may take several "
              "lines: an empty line sends it; an empty message or Ctrl-D ends the chat.[/]")
    source = lines if lines is not None else _stdin_lines(out)
    for text in messages(source):
        understanding = understand_text(text)
        language = assistant.reply_language(understanding.written_in, patron.language)
        now = clock()
        async with library.ctx.unit_of_work() as session:
            reply = await assistant.answer(Sender(patron.code, language, patron.email, patron.name),
                                           understanding, now, "cli", text=text)
            if reply.to_staff:   # a typed line is never handled twice: nothing to dedupe (LOANBOT_NOW may stand still)
                forward_to_staff(session, library.policy, library.calendar.zone, patron, text, now, key=None,
                                 why=reply.staff_reason)
        out.print(f"[bold]loanbot[/] [dim]({', '.join(reply.intents or [reply.intent])}, {reply.language})[/]")
        out.print(reply.text, highlight=False, markup=False)
    return 0


def messages(lines):
    """Lines into messages: a message ends at an empty line (or at the end of input); an empty message ends the
    conversation."""
    buffer: list[str] = []
    for line in lines:
        if line.strip():
            buffer.append(line.rstrip())
            continue
        if not buffer:
            return
        yield "\n".join(buffer)
        buffer = []
    if buffer:
        yield "\n".join(buffer)


def _stdin_lines(out: Console):
    prompt = True
    while True:
        try:
            out.print("[bold]you>[/] " if prompt else "[dim]...>[/] ", end="")
            line = sys.stdin.readline()
        except KeyboardInterrupt:
            return
        if not line:
            out.print()
            return
        line = line.rstrip("\n")
        prompt = not line.strip()
        yield line


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
    tr = staff_translator(library)
    never = tr.gettext("never")
    table = Table(title=tr.gettext("loanbot status — {library}", library=library.policy.library.name))
    table.add_column(tr.gettext("what"))
    table.add_column(tr.gettext("value"))
    table.add_row(tr.gettext("messages taken in"),
                  ", ".join(f"{k}: {v}" for k, v in sorted(inbound.items())) or tr.gettext("none"))
    table.add_row(tr.gettext("last intake"), tr.moment(library.ctx.aware(last_intake)) if last_intake else never)
    table.add_row(tr.gettext("outbox"), tr.gettext("{pending} pending, {sent} sent, {failed} failed", **counts))
    table.add_row(tr.gettext("notices not yet sent"), str(pending_notices))
    table.add_row(tr.gettext("last digest"),
                  tr.date(dt.date.fromisoformat(last_digest.split(":", 1)[1])) if last_digest else never)
    table.add_row(tr.gettext("Telegram accounts linked"), str(linked))
    for message in await outbox.failures(limit=10):
        table.add_row("[red]" + tr.gettext("failed delivery") + "[/]",
                      f"{message.recipient}: {message.subject or message.body[:40]} — {message.last_error}")
    return table
