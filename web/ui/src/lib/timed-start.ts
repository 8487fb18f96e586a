/**
 * A timed challenge started in this tab: kept in sessionStorage, so that reloading the page
 * neither announces it again nor gives its time again. A new tab or a later visit starts it
 * afresh (the server takes the page's word that the time ran out, as the system we model does).
 */

/** A timed challenge whose « Commencer » was pressed, and when its time is up (ms). */
export interface TimedStart {
	challengeId: string;
	deadline: number;
}

const timedKey = (assessmentId: string): string => `orga:timed:${assessmentId}`;

/** The tab's started timed challenge of this test, if any (sessionStorage may be refused). */
export function storedTimedStart(assessmentId: string): TimedStart | null {
	try {
		const stored: unknown = JSON.parse(sessionStorage.getItem(timedKey(assessmentId)) ?? 'null');
		if (
			stored &&
			typeof stored === 'object' &&
			'challengeId' in stored &&
			typeof stored.challengeId === 'string' &&
			'deadline' in stored &&
			typeof stored.deadline === 'number'
		) {
			return { challengeId: stored.challengeId, deadline: stored.deadline };
		}
	} catch {
		// Private browsing or a damaged value: the notice comes again, as without storage.
	}
	return null;
}

export function storeTimedStart(assessmentId: string, start: TimedStart): void {
	try {
		sessionStorage.setItem(timedKey(assessmentId), JSON.stringify(start));
	} catch {
		// Without storage a reload announces the challenge again.
	}
}
