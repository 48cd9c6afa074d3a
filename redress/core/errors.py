"""Domain errors: a stable code for machines, a translated message for people."""

from __future__ import annotations

from typing import Any


class DomainError(Exception):
    """A rule of the domain refused the operation.

    `code` is stable and documented in the API; `message` is translatable text;
    `fields` maps a field name to its messages when the input was at fault.
    """

    code = "domain_error"
    status = 400

    def __init__(
        self,
        message: Any,
        *,
        code: str | None = None,
        fields: dict[str, list[Any]] | None = None,
    ) -> None:
        super().__init__(str(message))
        self.message = message
        if code:
            self.code = code
        self.fields = fields or {}


class TransitionNotAllowed(DomainError):
    code = "transition_not_allowed"
    status = 409


class PermissionDenied(DomainError):
    code = "permission_denied"
    status = 403


class ValidationFailed(DomainError):
    code = "validation_failed"
    status = 400
