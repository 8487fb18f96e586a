// Every screen of the dashboard: a logged-in member who accepted the Orga terms of use, in the
// organization they chose. Otherwise: the log-in page, or the terms, then back here.
import { redirect } from '@sveltejs/kit';
import { MeDocument } from '$generated/graphql';
import { loadQuery } from '$lib/graphql/api';
import { loginUrl, TERMS_PATH } from '$lib/graphql/session';
import { currentMembership } from '$lib/organization';
import type { LayoutLoad } from './$types';

export const load: LayoutLoad = async ({ url, depends }) => {
	depends('orga:me');
	const { me } = await loadQuery(MeDocument, {}, url);
	const here = url.pathname + url.search;
	if (!me) redirect(303, loginUrl(here));
	if (!me.organizationTermsAccepted && url.pathname !== TERMS_PATH) {
		redirect(303, `${TERMS_PATH}?retour=${encodeURIComponent(here)}`);
	}
	return { me, membership: currentMembership(me.memberships) };
};
