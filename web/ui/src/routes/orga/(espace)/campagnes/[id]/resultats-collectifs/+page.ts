import { OrgaCollectiveResultsDocument } from '$generated/graphql';
import { loadQuery } from '$lib/graphql/api';
import type { PageLoad } from './$types';

export const load: PageLoad = async ({ params, url, depends }) => {
	depends('orga:collective');
	const { campaign } = await loadQuery(OrgaCollectiveResultsDocument, { id: params.id }, url);
	return { collective: campaign.collectiveResults };
};
