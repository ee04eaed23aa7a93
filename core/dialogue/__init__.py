"""Services for patrons, built on the domain: the dialogue engine that e-mail, Telegram and `loanbot chat` share,
linking a Telegram account, and a patron's choices (which channel reminders use)."""
