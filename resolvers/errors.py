"""Domain errors: a stable machine code and a French message for the person who caused it.

The schema layer turns a ``DomainError`` into a payload error (mutations) or a GraphQL error
with ``extensions.code`` (queries). Every code is listed here once, with its default message.
"""

from __future__ import annotations

from enum import StrEnum


class ErrorCode(StrEnum):
    VALIDATION_FAILED = "VALIDATION_FAILED"
    UNAUTHENTICATED = "UNAUTHENTICATED"
    FORBIDDEN = "FORBIDDEN"
    CSRF_HEADER_MISSING = "CSRF_HEADER_MISSING"
    INVALID_CREDENTIALS = "INVALID_CREDENTIALS"
    TOO_MANY_ATTEMPTS = "TOO_MANY_ATTEMPTS"
    EMAIL_ALREADY_USED = "EMAIL_ALREADY_USED"
    WEAK_PASSWORD = "WEAK_PASSWORD"
    TERMS_REQUIRED = "TERMS_REQUIRED"
    INVALID_RESET_TOKEN = "INVALID_RESET_TOKEN"
    TERMS_NOT_ACCEPTED = "TERMS_NOT_ACCEPTED"
    NOT_FOUND = "NOT_FOUND"
    ORGANIZATION_NOT_FOUND = "ORGANIZATION_NOT_FOUND"
    USER_NOT_FOUND = "USER_NOT_FOUND"
    MEMBERSHIP_NOT_FOUND = "MEMBERSHIP_NOT_FOUND"
    ALREADY_MEMBER = "ALREADY_MEMBER"
    LAST_ADMIN = "LAST_ADMIN"
    API_TOKEN_NOT_FOUND = "API_TOKEN_NOT_FOUND"
    READ_ONLY_TOKEN = "READ_ONLY_TOKEN"
    TARGET_PROFILE_NOT_FOUND = "TARGET_PROFILE_NOT_FOUND"
    CAMPAIGN_NOT_FOUND = "CAMPAIGN_NOT_FOUND"
    CAMPAIGN_ARCHIVED = "CAMPAIGN_ARCHIVED"
    CAMPAIGN_NOT_ARCHIVED = "CAMPAIGN_NOT_ARCHIVED"
    EXTERNAL_ID_REQUIRED = "EXTERNAL_ID_REQUIRED"
    PARTICIPATION_NOT_FOUND = "PARTICIPATION_NOT_FOUND"
    ASSESSMENT_NOT_FOUND = "ASSESSMENT_NOT_FOUND"
    ASSESSMENT_COMPLETED = "ASSESSMENT_COMPLETED"
    ASSESSMENT_NOT_COMPLETED = "ASSESSMENT_NOT_COMPLETED"
    CHALLENGE_NOT_ASKED = "CHALLENGE_NOT_ASKED"
    CHALLENGE_NOT_FOUND = "CHALLENGE_NOT_FOUND"
    CHALLENGE_NOT_ANSWERED = "CHALLENGE_NOT_ANSWERED"
    ALREADY_ANSWERED = "ALREADY_ANSWERED"
    ALREADY_SHARED = "ALREADY_SHARED"
    TUTORIAL_NOT_FOUND = "TUTORIAL_NOT_FOUND"
    INTERNAL_ERROR = "INTERNAL_ERROR"
    # The request itself breaks the GraphQL rules (syntax, unknown field, wrong type, missing
    # non-null argument, depth / alias / token limits): caught before any use case runs.
    GRAPHQL_VALIDATION_FAILED = "GRAPHQL_VALIDATION_FAILED"


DEFAULT_MESSAGES: dict[ErrorCode, str] = {
    ErrorCode.VALIDATION_FAILED: "Les informations saisies ne sont pas valides.",
    ErrorCode.UNAUTHENTICATED: "Vous devez être connecté pour effectuer cette action.",
    ErrorCode.FORBIDDEN: "Vous n'avez pas les droits nécessaires pour effectuer cette action.",
    ErrorCode.CSRF_HEADER_MISSING: (
        "Requête refusée : l'en-tête X-Orga-Request est obligatoire pour une modification "
        "authentifiée par cookie."
    ),
    ErrorCode.INVALID_CREDENTIALS: "L'adresse e-mail ou le mot de passe est incorrect.",
    ErrorCode.TOO_MANY_ATTEMPTS: (
        "Trop de tentatives de connexion. Veuillez réessayer dans quelques minutes."
    ),
    ErrorCode.EMAIL_ALREADY_USED: "Cette adresse e-mail est déjà utilisée.",
    ErrorCode.WEAK_PASSWORD: (
        "Le mot de passe doit contenir au moins 8 caractères, dont une majuscule, "
        "une minuscule et un chiffre."
    ),
    ErrorCode.TERMS_REQUIRED: "Vous devez accepter les conditions d'utilisation.",
    ErrorCode.INVALID_RESET_TOKEN: (
        "Ce lien de réinitialisation est invalide ou a expiré. Faites une nouvelle demande."
    ),
    ErrorCode.TERMS_NOT_ACCEPTED: (
        "Vous devez accepter les conditions d'utilisation de Orga avant de continuer."
    ),
    ErrorCode.NOT_FOUND: "L'élément demandé est introuvable.",
    ErrorCode.ORGANIZATION_NOT_FOUND: "Organisation introuvable.",
    ErrorCode.USER_NOT_FOUND: "Cet e-mail n'appartient à aucun utilisateur.",
    ErrorCode.MEMBERSHIP_NOT_FOUND: "Ce membre est introuvable.",
    ErrorCode.ALREADY_MEMBER: "Ce membre a déjà été ajouté.",
    ErrorCode.LAST_ADMIN: (
        "Une organisation doit garder au moins un administrateur : "
        "nommez-en un autre avant de continuer."
    ),
    ErrorCode.API_TOKEN_NOT_FOUND: "Ce jeton d'accès est introuvable.",
    ErrorCode.READ_ONLY_TOKEN: "Ce jeton d'accès ne permet que la lecture.",
    ErrorCode.TARGET_PROFILE_NOT_FOUND: "Ce profil cible est introuvable.",
    ErrorCode.CAMPAIGN_NOT_FOUND: "Cette campagne est introuvable.",
    ErrorCode.CAMPAIGN_ARCHIVED: "Ce parcours a été archivé par l'organisateur.",
    ErrorCode.CAMPAIGN_NOT_ARCHIVED: "Cette campagne n'est pas archivée.",
    ErrorCode.EXTERNAL_ID_REQUIRED: "Un identifiant externe est requis pour accéder à la campagne.",
    ErrorCode.PARTICIPATION_NOT_FOUND: "Cette participation est introuvable.",
    ErrorCode.ASSESSMENT_NOT_FOUND: "Ce test est introuvable.",
    ErrorCode.ASSESSMENT_COMPLETED: "Ce parcours est déjà terminé.",
    ErrorCode.ASSESSMENT_NOT_COMPLETED: (
        "Vous ne pouvez pas encore envoyer vos résultats, nous avons encore quelques questions "
        "à vous poser."
    ),
    ErrorCode.CHALLENGE_NOT_ASKED: "Cette question n'est pas celle qui vous a été posée.",
    ErrorCode.CHALLENGE_NOT_FOUND: "Cette question est introuvable.",
    ErrorCode.CHALLENGE_NOT_ANSWERED: (
        "La correction sera disponible une fois que vous aurez répondu à cette question."
    ),
    ErrorCode.ALREADY_ANSWERED: "Vous avez déjà répondu à cette question.",
    ErrorCode.ALREADY_SHARED: "Vos résultats ont déjà été envoyés.",
    ErrorCode.TUTORIAL_NOT_FOUND: "Ce tutoriel est introuvable.",
    ErrorCode.INTERNAL_ERROR: "Une erreur inattendue est survenue. Veuillez réessayer.",
    ErrorCode.GRAPHQL_VALIDATION_FAILED: "La requête GraphQL est invalide.",
}


class DomainError(Exception):
    """An expected failure of a use case. Nothing was changed when it is raised."""

    def __init__(
        self, code: ErrorCode, message: str | None = None, *, field: str | None = None
    ) -> None:
        self.code = code
        self.message = message or DEFAULT_MESSAGES[code]
        self.field = field
        super().__init__(f"{code}: {self.message}")


def invalid(field: str, message: str) -> DomainError:
    """A ``VALIDATION_FAILED`` error on one input field."""
    return DomainError(ErrorCode.VALIDATION_FAILED, message, field=field)


def clean_text(
    value: str | None, *, field: str, label: str, max_length: int, required: bool = True
) -> str | None:
    """Trim a free-text input and check it: required (not blank) and at most ``max_length``.

    ``field`` is the input field's name in the API (camelCase), ``label`` its French name with
    its article ("Le nom de l'organisation"), used to build the message. An optional blank
    value comes back as ``None``.
    """
    text = (value or "").strip()
    if not text:
        if required:
            raise invalid(field, f"{label} est obligatoire.")
        return None
    if len(text) > max_length:
        raise invalid(field, f"{label} ne doit pas dépasser {max_length} caractères.")
    return text
