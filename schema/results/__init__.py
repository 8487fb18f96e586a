"""Teacher-side results: a campaign's activity, participants, collective results and the
participant page. The campaign fields come in through ``CampaignResultsFields``."""

from schema.results.queries import Query

__all__ = ["Query"]
