"""Attachment limits: allowed types (by name and by content) and sizes."""

from __future__ import annotations

from pathlib import PurePosixPath
from typing import Any

from django.conf import settings
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext as _

# The first bytes of the binary types we accept; text types have no signature.
MAGIC = {
    ".pdf": [b"%PDF-"],
    ".png": [b"\x89PNG\r\n\x1a\n"],
    ".jpg": [b"\xff\xd8\xff"],
    ".jpeg": [b"\xff\xd8\xff"],
    ".gif": [b"GIF87a", b"GIF89a"],
    ".webp": [b"RIFF"],
    ".docx": [b"PK\x03\x04"],
    ".xlsx": [b"PK\x03\x04"],
    ".odt": [b"PK\x03\x04"],
    ".doc": [b"\xd0\xcf\x11\xe0"],
}


def attachment_errors(files: list[Any]) -> list[str]:
    """Messages for every file that breaks a limit; empty when all are acceptable."""
    errors: list[str] = []
    allowed = settings.REDRESS_ATTACHMENT_TYPES
    limit = settings.REDRESS_ATTACHMENT_MAX_BYTES
    if len(files) > settings.REDRESS_ATTACHMENT_MAX_COUNT:
        errors.append(
            _("Attach at most %(count)d files.") % {"count": settings.REDRESS_ATTACHMENT_MAX_COUNT}
        )
    for f in files:
        name = str(getattr(f, "name", "") or "")
        suffix = PurePosixPath(name).suffix.lower()
        if suffix not in allowed:
            errors.append(
                _("“%(name)s” is not an accepted file type. Accepted: %(types)s.")
                % {"name": name, "types": ", ".join(sorted(t.lstrip(".") for t in allowed))}
            )
            continue
        if f.size > limit:
            errors.append(
                _("“%(name)s” is %(size)s; the limit is %(limit)s per file.")
                % {"name": name, "size": filesizeformat(f.size), "limit": filesizeformat(limit)}
            )
            continue
        signatures = MAGIC.get(suffix)
        if signatures:
            head = f.read(16)
            f.seek(0)
            if not any(head.startswith(sig) for sig in signatures):
                errors.append(
                    _("“%(name)s” does not contain what its name says (%(type)s).")
                    % {"name": name, "type": suffix.lstrip(".")}
                )
    return errors
