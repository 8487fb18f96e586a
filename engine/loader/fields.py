"""Typed access to the JSON objects of a bundle; each problem becomes a located issue."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from urllib.parse import urlsplit

from engine.loader.issues import ContentIssue


class Item:
    """Typed access to one JSON object of a section; each problem becomes an issue."""

    def __init__(self, issues: list[ContentIssue], where: str, data: Mapping[str, object]) -> None:
        self.issues = issues
        self.where = where
        self.data = data
        self.valid = True

    def error(self, name: str | None, message: str) -> None:
        self.valid = False
        location = self.where if name is None else f"{self.where} › {name}"
        self.issues.append(ContentIssue(location, message))

    def only(self, allowed: Iterable[str]) -> None:
        allowed_set = set(allowed)
        for key in self.data:
            if key not in allowed_set:
                self.error(key, "champ inconnu")

    def text(self, name: str) -> str:
        """A required, non-blank string ("" when absent or invalid, with an issue)."""
        if name not in self.data:
            self.error(name, "champ obligatoire manquant")
            return ""
        value = self.data[name]
        if not isinstance(value, str):
            self.error(name, "doit être un texte")
            return ""
        if not value.strip():
            self.error(name, "ne doit pas être vide")
        return value

    def optional_text(self, name: str) -> str | None:
        value = self.data.get(name)
        if value is None:
            return None
        if not isinstance(value, str) or not value.strip():
            self.error(name, "doit être un texte non vide ou null")
            return None
        return value

    def raw_text(self, name: str) -> str:
        """A required string that may be blank-sensitive (solutions, proposals)."""
        if name not in self.data:
            self.error(name, "champ obligatoire manquant")
            return ""
        value = self.data[name]
        if not isinstance(value, str):
            self.error(name, "doit être un texte")
            return ""
        return value

    def integer(self, name: str, low: int, high: int) -> int:
        if name not in self.data:
            self.error(name, "champ obligatoire manquant")
            return low
        value = self.data[name]
        if isinstance(value, bool) or not isinstance(value, int):
            self.error(name, f"doit être un nombre entier de {low} à {high}")
            return low
        if not low <= value <= high:
            self.error(name, f"{value} n'est pas compris entre {low} et {high}")
            return low
        return value

    def text_list(self, name: str, *, required: bool = True, non_empty: bool = False) -> list[str]:
        if name not in self.data:
            if required:
                self.error(name, "champ obligatoire manquant")
            return []
        value = self.data[name]
        if not isinstance(value, list) or not all(
            isinstance(item, str) and item.strip() for item in value
        ):
            self.error(name, "doit être une liste de textes non vides")
            return []
        if non_empty and not value:
            self.error(name, "doit contenir au moins un élément")
        seen: set[str] = set()
        for item in value:
            if item in seen:
                self.error(name, f"« {item} » est répété")
            seen.add(item)
        return list(value)

    def choice(self, name: str, allowed: Iterable[str]) -> str:
        options = sorted(allowed)
        value = self.text(name)
        if value and value not in options:
            listed = ", ".join(options)
            self.error(name, f"« {value} » n'est pas une valeur permise ({listed})")
            return ""
        return value

    def https_url(self, name: str, *, required: bool) -> str | None:
        value = self.text(name) if required else self.optional_text(name)
        if value and not is_https(value):
            self.error(name, f"« {value} » n'est pas une adresse https:// valide")
        return value


def is_https(url: str) -> bool:
    parts = urlsplit(url)
    return parts.scheme == "https" and bool(parts.netloc) and not any(c.isspace() for c in url)
