"""E-mail front end: IMAP/Maildir intake, SMTP/Maildir outbox, staff approval by reply."""
