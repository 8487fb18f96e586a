// « Campagnes »: the search, sort and filters live in the address, so that « Retour » and a
// reload show the same list.
import { OrgaCampaignsDocument, type CampaignOrder } from '$generated/graphql';
import { loadQuery } from '$lib/graphql/api';
import type { PageLoad } from './$types';

export const PAGE_SIZE = 50;

export const load: PageLoad = async ({ url, parent }) => {
	const { membership } = await parent();
	const name = url.searchParams.get('nom')?.trim() ?? '';
	const orderBy: CampaignOrder = url.searchParams.get('tri') === 'recentes' ? 'NEWEST' : 'NAME';
	const archived = url.searchParams.get('archivees') === '1';
	const mine = url.searchParams.get('miennes') === '1';
	if (!membership) return { campaigns: null, name, orderBy, archived, mine };
	const { campaigns } = await loadQuery(
		OrgaCampaignsDocument,
		{
			organizationId: membership.organization.id,
			first: PAGE_SIZE,
			orderBy,
			filter: { name: name || null, archived, mine }
		},
		url
	);
	return { campaigns, name, orderBy, archived, mine };
};
