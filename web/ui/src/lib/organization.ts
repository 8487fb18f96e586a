/** Which of the teacher's organizations the dashboard shows: the one they chose last. */
import type { MeQuery } from '$generated/graphql';

export type Membership = NonNullable<MeQuery['me']>['memberships'][number];

const STORAGE_KEY = 'orga.organisation';

/** The membership of the organization chosen last on this device, else the first one. */
export function currentMembership(memberships: readonly Membership[]): Membership | null {
	let stored: string | null = null;
	try {
		stored = window.localStorage.getItem(STORAGE_KEY);
	} catch {
		// Storage refused (private mode): the first organization it is.
	}
	return memberships.find((m) => m.organization.id === stored) ?? memberships[0] ?? null;
}

/** Remembers the organization to show (its public id only: never a credential). */
export function chooseOrganization(organizationId: string): void {
	try {
		window.localStorage.setItem(STORAGE_KEY, organizationId);
	} catch {
		// Not remembered; the choice still holds until the page reloads.
	}
}
