"""Relay global ids in inputs: ``base64("Type:uuid")``, decoded by the schema layer.

Use cases only ever see UUIDs. A malformed id is a VALIDATION_FAILED on its field; an id of
another type, or one that names nothing, is that input's not-found code, exactly like an id
of another organization, so that ids reveal nothing.
"""

from __future__ import annotations

import uuid

from strawberry import relay

from resolvers.errors import DomainError, ErrorCode, invalid


def global_id(type_name: str, value: uuid.UUID | str) -> relay.GlobalID:
    return relay.GlobalID(type_name=type_name, node_id=str(value))


def parse_global_id(value: str) -> tuple[str, uuid.UUID] | None:
    """(type name, uuid) of a global id, or None when it is not one of ours."""
    try:
        decoded = relay.GlobalID.from_id(value)
        return decoded.type_name, uuid.UUID(decoded.node_id)
    except (ValueError, TypeError):
        return None


def decode_id(value: str | None, type_name: str, *, field: str, not_found: ErrorCode) -> uuid.UUID:
    if not value or not value.strip():
        raise invalid(field, "L'identifiant est obligatoire.")
    try:
        decoded = relay.GlobalID.from_id(value.strip())
    except (ValueError, TypeError) as error:
        raise invalid(field, "Cet identifiant n'est pas valide.") from error
    if decoded.type_name != type_name:
        raise DomainError(not_found, field=field)
    try:
        return uuid.UUID(decoded.node_id)
    except ValueError as error:
        raise DomainError(not_found, field=field) from error


def uuid_or_none(value: object) -> uuid.UUID | None:
    """The node id part of a global id as a UUID; None when it cannot name any of our rows."""
    try:
        return uuid.UUID(str(value))
    except ValueError:
        return None
