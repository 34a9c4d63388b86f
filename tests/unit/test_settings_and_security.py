from datetime import UTC, datetime, timedelta

import jwt
import pytest

from api.core.security import ALGORITHM, create_access_token, decode_access_token, hash_password, issued_before, verify_password
from pulse.settings import PLACEHOLDER_SECRET_KEY, Settings


def test_placeholder_secret_is_refused_outside_debug():
    with pytest.raises(RuntimeError, match="SECRET_KEY"):
        Settings(secret_key=PLACEHOLDER_SECRET_KEY, debug=False).check_secret_key()
    Settings(secret_key=PLACEHOLDER_SECRET_KEY, debug=True).check_secret_key()
    Settings(secret_key="a-long-random-production-key-0123456789", debug=False).check_secret_key()
    with pytest.raises(RuntimeError, match="at least 32"):
        Settings(secret_key="short-but-not-the-placeholder", debug=False).check_secret_key()
    Settings(secret_key="short", debug=True).check_secret_key()


def test_api_refuses_to_start_with_placeholder_secret():
    from api.main import create_app

    with pytest.raises(RuntimeError, match="placeholder"):
        create_app(Settings(secret_key=PLACEHOLDER_SECRET_KEY, debug=False))


def test_settings_read_environment(monkeypatch):
    monkeypatch.setenv("DATABASE_URL", "postgresql://u@h/db")
    monkeypatch.setenv("DEBUG", "true")
    monkeypatch.setenv("MAX_REQUEST_BYTES", "2048")
    s = Settings()
    assert (s.database_url, s.debug, s.max_request_bytes) == ("postgresql://u@h/db", True, 2048)


def test_passwords_hash_with_argon2id_at_owasps_parameters_and_old_hashes_are_replaced():
    hashed = hash_password("correct-horse")
    assert hashed.startswith("$argon2id$v=19$m=19456,t=2,p=1$")
    assert verify_password("correct-horse", hashed) == (True, None)
    assert verify_password("wrong-horse", hashed) == (False, None)
    assert verify_password("anything", None) == (False, None)
    from pwdlib import PasswordHash

    old = PasswordHash.recommended().hash("correct-horse")  # 64 MiB, 3 passes, 4 lanes
    matches, rehashed = verify_password("correct-horse", old)
    assert matches and rehashed is not None and rehashed.startswith("$argon2id$v=19$m=19456,t=2,p=1$")
    assert verify_password("wrong-horse", old) == (False, None)


def test_tokens():
    token = create_access_token(42, "k" * 32, 5)
    user_id, issued_at = decode_access_token(token, "k" * 32)
    assert user_id == 42 and abs((datetime.now(UTC) - issued_at).total_seconds()) < 5
    # Microseconds count: a change a millisecond later, even in the same second, is after the token.
    assert issued_before(issued_at, issued_at + timedelta(milliseconds=1))
    assert not issued_before(issued_at, issued_at) and not issued_before(issued_at, issued_at - timedelta(milliseconds=1))
    assert decode_access_token(token, "x" * 32) is None
    assert decode_access_token("not-a-token", "k" * 32) is None
    expired = jwt.encode({"sub": "42", "type": "access", "iat": datetime.now(UTC) - timedelta(minutes=2), "exp": datetime.now(UTC) - timedelta(seconds=1)}, "k" * 32, ALGORITHM)
    assert decode_access_token(expired, "k" * 32) is None
    wrong_type = jwt.encode({"sub": "42", "type": "refresh", "iat": datetime.now(UTC), "exp": datetime.now(UTC) + timedelta(minutes=1)}, "k" * 32, ALGORITHM)
    assert decode_access_token(wrong_type, "k" * 32) is None
    bad_sub = jwt.encode({"sub": "abc", "type": "access", "iat": datetime.now(UTC), "exp": datetime.now(UTC) + timedelta(minutes=1)}, "k" * 32, ALGORITHM)
    assert decode_access_token(bad_sub, "k" * 32) is None
