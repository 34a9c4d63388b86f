"""Login attempt limits per account and per client address, in Redis when REDIS_URL is set and
in process memory otherwise (the `limits` package provides both storages and the moving window)."""

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
        self._limits: dict[str, RateLimitItem] = {"account": parse(per_account), "ip": parse(per_ip)}

    def hit(self, account: str, ip: str) -> Rejection | None:
        """Count one login attempt; a Rejection when either limit is already used up."""
        keys = {"account": account, "ip": ip}
        for scope, key in keys.items():
            item = self._limits[scope]
            if not self._limiter.test(item, "login", scope, key):
                reset_at = self._limiter.get_window_stats(item, "login", scope, key).reset_time
                return Rejection(scope, max(1, math.ceil(reset_at - time.time())))
        for scope, key in keys.items():
            self._limiter.hit(self._limits[scope], "login", scope, key)
        return None

    def healthy(self) -> bool:
        try:
            return bool(self.storage.check())
        except Exception:  # a down Redis raises from the client; health reports it, never crashes
            return False
