"""Password hashing (argon2 via pwdlib) and JWT access tokens (PyJWT)."""

import ctypes
import ctypes.util
import threading
from datetime import UTC, datetime, timedelta

import jwt
from pwdlib import PasswordHash
from pwdlib.hashers.argon2 import Argon2Hasher

from api.schemas import MAX_ID

ALGORITHM = "HS256"
# argon2id with OWASP's recommended minimum (19 MiB, 2 passes, 1 lane): about 30 ms a login on two
# cores, where pwdlib's default (64 MiB x 4 lanes, 3 passes) took 140 ms at rest and 0.75 s under
# load. Hashes made with other parameters are replaced at the next successful login.
_password_hash = PasswordHash((Argon2Hasher(time_cost=2, memory_cost=19 * 1024, parallelism=1),))
# Each hash holds its 19 MiB while it runs and is CPU bound: at most this many at once per process
# (more than the cores gains nothing), so a burst of logins queues instead of taking the memory of
# a hundred hashes.
HASHING_AT_ONCE = 2
_hashing = threading.BoundedSemaphore(HASHING_AT_ONCE)


def _share_malloc_heaps() -> None:
    """glibc gives each thread that allocates its own heap (up to 8 per core), and a heap keeps
    the 19 MiB a hash used after it is freed: 16 logins at once, each on another thread of the
    pool, left a worker at ~570 MB. Two heaps shared by all threads reuse those blocks (~250 MB
    peak, logins as fast). Other C libraries manage memory their own way and are left alone."""
    libc_name = ctypes.util.find_library("c")
    if libc_name and "libc.so" in libc_name:
        m_arena_max = -8  # mallopt's M_ARENA_MAX
        ctypes.CDLL(libc_name).mallopt(m_arena_max, 2)


_share_malloc_heaps()
# Verifying against this when the account does not exist keeps login time the same either way,
# so response timing does not reveal which emails have accounts.
_DUMMY_HASH = _password_hash.hash("pulse-dummy-password")


def hash_password(password: str) -> str:
    with _hashing:
        return _password_hash.hash(password)


def verify_password(password: str, hashed: str | None) -> tuple[bool, str | None]:
    """Whether the password matches, and a new hash to store when the old one was made with other
    parameters (None otherwise)."""
    with _hashing:
        if hashed is None:
            _password_hash.verify(password, _DUMMY_HASH)
            return False, None
        return _password_hash.verify_and_update(password, hashed)


def create_access_token(user_id: int, secret_key: str, expires_minutes: int) -> str:
    now = datetime.now(UTC)
    # `iat` with its microseconds (JWT times may be fractional): a password change signs out every
    # token issued before it, even one from the same second.
    claims = {"sub": str(user_id), "iat": now.timestamp(), "exp": now + timedelta(minutes=expires_minutes), "type": "access"}
    return jwt.encode(claims, secret_key, algorithm=ALGORITHM)


def decode_access_token(token: str, secret_key: str) -> tuple[int, datetime] | None:
    """The user id and issue time of a valid, unexpired access token; None for anything else."""
    try:
        claims = jwt.decode(token, secret_key, algorithms=[ALGORITHM], options={"require": ["exp", "iat", "sub"]})
    except jwt.PyJWTError:
        return None
    if claims.get("type") != "access":
        return None
    try:
        user_id, issued_at = int(claims["sub"]), datetime.fromtimestamp(claims["iat"], UTC)
    except (TypeError, ValueError, OverflowError, OSError):
        return None
    return (user_id, issued_at) if 1 <= user_id <= MAX_ID else None


def issued_before(issued_at: datetime, moment: datetime) -> bool:
    return issued_at < moment


def create_email_token(user_id: int, email: str, secret_key: str, expires_hours: int) -> str:
    """A link's proof that whoever opens it read mail sent to `email` for this account."""
    now = datetime.now(UTC)
    claims = {"sub": str(user_id), "email": email.lower(), "iat": now.timestamp(), "exp": now + timedelta(hours=expires_hours), "type": "verify_email"}
    return jwt.encode(claims, secret_key, algorithm=ALGORITHM)


def decode_email_token(token: str, secret_key: str) -> tuple[int, str] | None:
    """The user id and address of a valid, unexpired verification token; None for anything else."""
    try:
        claims = jwt.decode(token, secret_key, algorithms=[ALGORITHM], options={"require": ["exp", "sub", "email"]})
    except jwt.PyJWTError:
        return None
    if claims.get("type") != "verify_email" or not isinstance(claims.get("email"), str):
        return None
    try:
        user_id = int(claims["sub"])
    except (TypeError, ValueError):
        return None
    return (user_id, claims["email"]) if 1 <= user_id <= MAX_ID else None
