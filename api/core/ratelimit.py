"""Login attempt limits per account and per client address, in Redis when REDIS_URL is set and
in process memory otherwise (the `limits` package provides both storages and the moving window).
While Redis does not answer, logins are counted in process memory instead (and /health says the
cache is unavailable); each login tries Redis first, so the limits return there when it is back."""

import math
import time
from dataclasses import dataclass

from limits import RateLimitItem, parse
from limits.storage import Storage, storage_from_string
from limits.strategies import MovingWindowRateLimiter


@dataclass(frozen=True)
class Rejection:
    scope: str  # "account" or "ip"
    retry_after_s: int


class LoginRateLimiter:
    def __init__(self, storage_uri: str, per_account: str, per_ip: str) -> None:
        self.storage: Storage = storage_from_string(storage_uri)
        self.backend = "redis" if storage_uri.startswith("redis") else "memory"
        self._limiter = MovingWindowRateLimiter(self.storage)
        self._fallback = MovingWindowRateLimiter(storage_from_string("memory://"))
        self._limits: dict[str, RateLimitItem] = {"account": parse(per_account), "ip": parse(per_ip)}

    def hit(self, account: str, ip: str) -> Rejection | None:
        """Count one login attempt; a Rejection when either limit is already used up."""
        try:
            return self._hit(self._limiter, account, ip)
        except Exception:  # Redis down or unreachable: the client's errors vary; logins go on
            if self.backend == "memory":
                raise
            return self._hit(self._fallback, account, ip)

    def _hit(self, limiter: MovingWindowRateLimiter, account: str, ip: str) -> Rejection | None:
        keys = {"account": account, "ip": ip}
        for scope, key in keys.items():
            item = self._limits[scope]
            if not limiter.test(item, "login", scope, key):
                reset_at = limiter.get_window_stats(item, "login", scope, key).reset_time
                return Rejection(scope, max(1, math.ceil(reset_at - time.time())))
        for scope, key in keys.items():
            limiter.hit(self._limits[scope], "login", scope, key)
        return None

    def healthy(self) -> bool:
        try:
            return bool(self.storage.check())
        except Exception:  # a down Redis raises from the client; health reports it, never crashes
            return False
