"""Campaign codes: 6 letters and 3 digits that a pupil types, without confusable characters.

``generate_code()`` draws a fresh code with ``secrets``; uniqueness is not checked here but by
the database's unique index (see ``resolvers.campaigns.create_campaign``, which retries on a
collision). ``normalize_code()`` turns what a pupil typed into the stored form, or ``None``
when it cannot be a code at all.
"""

from __future__ import annotations

import re
import secrets

# A–Z without I and O (read as 1 and 0), 1–9 without 0: a code read aloud or copied from a
# blackboard cannot be mistyped into another valid-looking code.
LETTERS = "ABCDEFGHJKLMNPQRSTUVWXYZ"
DIGITS = "123456789"
LETTER_COUNT = 6
DIGIT_COUNT = 3
CODE_LENGTH = LETTER_COUNT + DIGIT_COUNT

# The format a code may have when typed. Looser than the alphabet above on purpose: codes are
# only ever compared with stored ones, and the check just spares a query for obvious junk.
_CODE_FORMAT = re.compile(r"^[A-Z0-9]{9}$")


def generate_code() -> str:
    """A random code such as ``RNBJDB351``."""
    letters = "".join(secrets.choice(LETTERS) for _ in range(LETTER_COUNT))
    digits = "".join(secrets.choice(DIGITS) for _ in range(DIGIT_COUNT))
    return letters + digits


def normalize_code(typed: str | None) -> str | None:
    """The code as stored (trimmed, upper-case), or ``None`` when it has the wrong format."""
    if typed is None:
        return None
    code = typed.strip().upper()
    return code if _CODE_FORMAT.match(code) else None
