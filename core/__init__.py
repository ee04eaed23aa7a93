"""The domain of loanbot and the use cases that the front ends call. Nothing here imports from `mail` or `bot`.

- `domain/`: the library's rules (policy, calendar, fines, circulation, accounts, ILL borrowing and lending,
  notices);
- `dialogue/`, `staff/`, `scheduling/`: services built on them, for patrons, for staff, and on a schedule;
- `understanding/`: what a message says (language, intent, bibliographic details), for every front end;
- `plumbing/` and `storage/`: context, outbox, gettext and wording; the tables, the database and its migrations;
- `library.py` wires the use cases of one library; `scenario.py` runs scenario files (`loanbot simulate`).
"""
