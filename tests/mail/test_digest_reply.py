"""Staff can move a request straight from the daily digest: replying "ILL-n locate …" with the digest quoted
proves the command with that request's own Ref line, and only that request changes."""
from __future__ import annotations

import datetime as dt

from sqlalchemy import select

from core.plumbing.context import Actor
from core.domain.ill import WorkRequest
from core.scheduling.reminders import Reminders
from core.storage.models import IllRequest
from mail.frontend import MailFrontEnd
from tests.mail.conftest import deliver, sent_messages, to
from tests.mail.messages import STAFF, staff_reply


async def states(library) -> dict[str, str]:
    async with library.db.session() as session:
        return {r.reference: r.state for r in (await session.execute(select(IllRequest))).scalars()}


async def test_locating_one_request_by_replying_to_the_digest(library, config, clock):
    patron = Actor("patron", "p-en", "email")
    for title in ("First Book", "Second Book"):
        await library.ill.request("p-en", WorkRequest("book", title), clock(), patron)
    clock.now = clock.now.replace(hour=9)  # after digest_time
    assert await Reminders(library).send_digest_if_due(clock())
    await MailFrontEnd(library, config, clock).run_once()
    # the digest is the one staff message that lists both requests (each was also announced on its own)
    [digest] = [m for m in to(sent_messages(config), STAFF)
                if "Ref: ILL-1-" in m.get_content() and "Ref: ILL-2-" in m.get_content()]

    deliver(config, staff_reply(digest, "ILL-2 locate Ankara Üniversitesi", to="library@example.edu"))
    clock.advance(minutes=5)
    await MailFrontEnd(library, config, clock).run_once()
    assert await states(library) == {"ILL-1": "requested", "ILL-2": "located"}


async def test_a_digest_reply_naming_a_request_whose_ref_line_is_missing_changes_nothing(library, config, clock):
    await library.ill.request("p-en", WorkRequest("book", "Only Book"), clock(), Actor("patron", "p-en", "email"))
    forged = staff_reply(None, "send ILL-1\n\n> Ref: ILL-1-0000000000000000", to="library@example.edu",
                         subject="Re: Interlibrary loan digest")
    deliver(config, forged)
    await MailFrontEnd(library, config, clock).run_once()
    assert await states(library) == {"ILL-1": "requested"}


async def test_the_digest_groups_what_needs_staff_each_entry_with_its_ref_line_and_events(library, clock):
    from core.plumbing.i18n import Translator
    from core.scheduling.digest import build_digest, render_digest
    from tests.conftest import STAFF as DESK

    for n, title in enumerate(("New", "Located", "Silent", "Arrived", "Late", "Returned")):
        code = ("p-en", "p-hr", "p-lt")[n % 3]    # within each patron's limit of open requests
        result = await library.ill.request(code, WorkRequest("book", title), clock() - dt.timedelta(days=60),
                                           Actor("patron", code, "email"))
        assert result.ok
    steps = {2: ["locate"], 3: ["locate", "send"], 4: ["locate", "send", "approve", "arrive"],
             5: ["locate", "send", "approve", "arrive", "checkout"],
             6: ["locate", "send", "approve", "arrive", "checkout", "return"]}
    for number, events in steps.items():
        for event in events:
            await library.ill.event(f"ILL-{number}", event, clock() - dt.timedelta(days=40),
                                    DESK, lender="NSK", lender_due=clock().date())
    digest = await build_digest(library, clock())
    assert [[e.view.reference for e in section] for section in digest.sections()] == [
        ["ILL-1"], ["ILL-2"], ["ILL-3"], ["ILL-4"], [], [], ["ILL-5"], ["ILL-6"], [], []]
    _, lines = render_digest(Translator("en"), digest, "Test")
    text = "\n".join(lines)
    for reference in ("ILL-1", "ILL-2", "ILL-3", "ILL-4", "ILL-5", "ILL-6"):
        assert f"Ref: {reference}-" in text
    assert 'reply "ILL-2 …" with: locate <library> | locate foreign <library> | send | reject <reason> | cancel' in text
    assert 'reply "ILL-6 …" with: ship_back' in text
    late_since = digest.patron_late[0].view.due.astimezone(library.calendar.zone).date()
    assert [e.late_since for e in digest.patron_late] == [late_since]
    tr = Translator("en")
    assert tr.gettext("due {date}", date=tr.date(late_since)) in text and late_since.isoformat() not in text
    assert lines[-2:] == ["", "Test (loanbot)"]     # the signature stands apart
