"""Reading and validating content bundles (``docs/content-format.md``).

Validation collects every defect with its location (file › section › id › field) before
refusing: an author fixes a bundle in one round trip, and the application never runs on a
partial bank. Pass 1 (:mod:`.reading`) reads each item on its own; pass 2 (:mod:`.resolving`)
checks what spans items and files.
"""

from engine.loader.files import load_referential, referential_from_documents
from engine.loader.issues import ContentError, ContentIssue
from engine.loader.reading import FORMAT
from engine.loader.solutions import check_solution

__all__ = [
    "FORMAT",
    "ContentError",
    "ContentIssue",
    "check_solution",
    "load_referential",
    "referential_from_documents",
]
