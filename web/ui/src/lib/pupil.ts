/** What the pupil's screens share: who is logged in, campaign codes as typed, where a test is. */
import { MeDocument, type MeQuery } from '$generated/graphql';
import { ApiError, failLoad, query } from '$lib/graphql/api';

/** How many cards « Mes parcours » and « Mes tutos » load at a time. */
export const PAGE_SIZE = 20;

export type Pupil = NonNullable<MeQuery['me']>;

/**
 * The logged-in person, or null: `me` answers UNAUTHENTICATED without a session, which on the
 * pupil's public pages (home, a campaign's presentation) is no failure.
 */
export async function currentPupil(url: URL): Promise<Pupil | null> {
	try {
		return (await query(MeDocument, {})).me ?? null;
	} catch (failure) {
		if (failure instanceof ApiError && failure.code === 'UNAUTHENTICATED') return null;
		failLoad(failure, url);
	}
}

/** A code as a pupil types it, made comparable: upper case, no spaces, no dashes. */
export function normalizeCode(typed: string): string {
	return typed.replace(/[\s-]+/g, '').toUpperCase();
}

export function campaignPath(code: string): string {
	return `/campagnes/${encodeURIComponent(code)}`;
}

/** The test of a participation: its next question, checkpoint or results page. */
export function evaluationPath(code: string, assessmentId: string): string {
	return `${campaignPath(code)}/evaluation/${encodeURIComponent(assessmentId)}`;
}

export const SIGN_UP_PATH = '/inscription';

/** Where a pupil who is not logged in goes from `path` to sign up, then back (to log in:
 * `loginUrl` of `$lib/graphql/session`). */
export function signUpUrl(path: string): string {
	return `${SIGN_UP_PATH}?${new URLSearchParams({ retour: path })}`;
}
