"""Reading bundles from files, and the two passes that turn documents into a referential."""

from __future__ import annotations

import json
from collections.abc import Iterable
from pathlib import Path

from engine.loader.issues import ContentError, ContentIssue
from engine.loader.reading import Bundle
from engine.loader.resolving import resolve
from engine.referential import Referential


def load_referential(path: str | Path) -> Referential:
    """Load and validate a content bundle: one JSON file, or a directory of JSON files.

    Raises :class:`ContentError` listing every defect; nothing is returned for a bundle with a
    single defect.
    """
    root = Path(path)
    issues: list[ContentIssue] = []
    documents: list[tuple[str, object]] = []
    if root.is_dir():
        files = sorted(
            (p for p in root.rglob("*.json") if p.is_file() and not p.name.startswith(".")),
            key=lambda p: p.relative_to(root).as_posix(),
        )
        if not files:
            issues.append(ContentIssue(str(root), "aucun fichier .json dans ce dossier"))
        for file in files:
            label = file.relative_to(root).as_posix()
            document = _read_json(file, label, issues)
            if document is not None:
                documents.append((label, document))
    elif root.is_file():
        document = _read_json(root, root.name, issues)
        if document is not None:
            documents.append((root.name, document))
    else:
        issues.append(ContentIssue(str(root), "fichier ou dossier introuvable"))
    if issues:
        # Unreadable files would only add misleading "n'existe pas" issues: stop here.
        raise ContentError(issues)
    return referential_from_documents(documents)


def _read_json(file: Path, label: str, issues: list[ContentIssue]) -> object | None:
    try:
        text = file.read_text(encoding="utf-8")
    except UnicodeDecodeError:
        issues.append(ContentIssue(label, "le fichier n'est pas encodé en UTF-8"))
        return None
    except OSError as error:
        issues.append(ContentIssue(label, f"lecture impossible ({error.strerror})"))
        return None
    duplicates: list[str] = []

    def unique_keys(pairs: list[tuple[str, object]]) -> dict[str, object]:
        result: dict[str, object] = {}
        for key, value in pairs:
            if key in result:
                duplicates.append(key)
            result[key] = value
        return result

    try:
        document: object = json.loads(text, object_pairs_hook=unique_keys)
    except json.JSONDecodeError as error:
        issues.append(
            ContentIssue(
                label,
                f"JSON invalide ligne {error.lineno}, colonne {error.colno} ({error.msg})",
            )
        )
        return None
    except RecursionError:
        issues.append(ContentIssue(label, "JSON trop imbriqué"))
        return None
    for key in duplicates:
        issues.append(ContentIssue(label, f"la clé « {key} » est répétée dans un même objet"))
    return document


def referential_from_documents(documents: Iterable[tuple[str, object]]) -> Referential:
    """Validate and index already-parsed JSON documents, given as ``(label, document)``.

    The label (usually the file's path inside the bundle) starts each issue's location.
    Raises :class:`ContentError` listing every defect.
    """
    bundle = Bundle()
    labels: list[str] = []
    for label, document in documents:
        labels.append(label)
        bundle.read_document(label, document)
    root = labels[0] if len(labels) == 1 else "contenu"
    referential = resolve(bundle, root)
    if referential is None:
        raise ContentError(bundle.issues)
    return referential
