import { redirect } from '@sveltejs/kit';
import { OrganizationTermsDocument } from '$generated/graphql';
import { loadQuery } from '$lib/graphql/api';
import { ORGA_HOME_PATH, returnPath } from '$lib/graphql/session';
import type { PageLoad } from './$types';

export const load: PageLoad = async ({ url, parent }) => {
	const { me } = await parent();
	if (me.organizationTermsAccepted) redirect(303, returnPath(url, ORGA_HOME_PATH));
	const { organizationTerms } = await loadQuery(OrganizationTermsDocument, {}, url);
	return { terms: organizationTerms };
};
