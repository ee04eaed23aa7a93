"""The scheduler's work: reminders to patrons and the daily staff digest, each handed to the outbox once."""
