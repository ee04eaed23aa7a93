"""A per-user cap on how many updates loanbot answers per minute: a flood from one account gets one polite
"slow down" and is then ignored until the minute has passed (Telegram's own limits are the rate limiter's job)."""
from __future__ import annotations

import time
from collections import defaultdict, deque


class ReplyThrottle:
    def __init__(self, per_minute: int = 20, clock=time.monotonic):
        self.per_minute = per_minute
        self.clock = clock
        self._seen: dict[int, deque[float]] = defaultdict(deque)
        self._warned: dict[int, float] = {}

    def check(self, user_id: int) -> str:
        """"ok" to answer, "warn" for the first update over the cap in a window, "drop" after that."""
        now = self.clock()
        seen = self._seen[user_id]
        while seen and seen[0] <= now - 60:
            seen.popleft()
        if len(seen) < self.per_minute:
            seen.append(now)
            self._warned.pop(user_id, None)
            return "ok"
        if user_id in self._warned and self._warned[user_id] > now - 60:
            return "drop"
        self._warned[user_id] = now
        return "warn"

    def forget_idle(self) -> None:
        """Drop users with nothing in the window, so the table does not grow without end."""
        now = self.clock()
        for user_id in [u for u, seen in self._seen.items() if not seen or seen[-1] <= now - 60]:
            del self._seen[user_id]
            self._warned.pop(user_id, None)
