"""The composition root: the `loanbot` command wires configuration, database, front ends and scheduler."""
