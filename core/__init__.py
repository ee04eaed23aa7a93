"""The domain of loanbot: policy, calendar, circulation, ILL, fines, notices, storage and the use cases.

Nothing here imports from the front ends (`mail`, `bot`); they call into this package.
"""
