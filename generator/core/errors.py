"""The project's one exception type: every user-facing failure is a BriefingError."""

from __future__ import annotations


class BriefingError(Exception):
    """A problem in an input file that the user must fix.

    Args:
        message: what is wrong and, where possible, how to fix it.
        path: the file at fault (shown relative to the project when possible).
        line: 1-based line in that file, 0 when not known.
        field: the curated field at fault, if any.
    """

    def __init__(self, message: str, path: str = "", line: int = 0, field: str = "") -> None:
        super().__init__(message)
        self.message = message
        self.path = str(path)
        self.line = line
        self.field = field

    def __str__(self) -> str:
        where = self.path
        if where and self.line:
            where = f"{where}:{self.line}"
        what = f"{self.field}: {self.message}" if self.field else self.message
        return f"{where}: {what}" if where else what
