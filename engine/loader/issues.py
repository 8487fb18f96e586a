"""Defects of a content bundle."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass


@dataclass(frozen=True)
class ContentIssue:
    """One defect of a content bundle: where it is and what is wrong, in French."""

    location: str
    message: str

    def __str__(self) -> str:
        return f"{self.location} : {self.message}"


class ContentError(Exception):
    """A content bundle with defects; ``issues`` lists all of them."""

    def __init__(self, issues: Sequence[ContentIssue]) -> None:
        self.issues: list[ContentIssue] = list(issues)
        count = len(self.issues)
        summary = f"contenu refusé : {count} défaut{'s' if count > 1 else ''}"
        super().__init__("\n".join([summary, *(str(issue) for issue in self.issues)]))
