"""What every use case stands on: the context (database, policy, who acts), the outbox, gettext and the words
for codes and states."""
