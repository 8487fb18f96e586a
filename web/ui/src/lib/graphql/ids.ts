/**
 * Relay global ids are base64("Type:uuid"). One participation appears as a `Participation` in
 * live messages and as a `CampaignParticipant` in the participants table: the uuid is what
 * they share, so that is what the table matches live rows on.
 */
export function nodeUuid(globalId: string): string {
	try {
		const decoded = atob(globalId);
		return decoded.slice(decoded.indexOf(':') + 1);
	} catch {
		return globalId;
	}
}
