"""Passwords: argon2id hashes made and checked here; the store keeps only the hash."""

from __future__ import annotations

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError

#: Shorter passwords are refused by ``storydiff users add``.
MIN_PASSWORD = 10
_hasher = PasswordHasher()
#: Checked when the user is unknown, so a wrong name costs as long as a wrong password
#: and response times do not tell which names exist.
_DUMMY = _hasher.hash("storydiff: no such user")


def hash_password(password: str) -> str:
    return _hasher.hash(password)


def verify_password(password_hash: str | None, password: str) -> bool:
    try:
        return _hasher.verify(password_hash or _DUMMY, password) and password_hash is not None
    except (VerificationError, InvalidHashError):
        return False
