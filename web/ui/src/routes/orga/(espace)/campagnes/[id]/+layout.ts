// A campaign's pages: the campaign itself (CAMPAIGN_NOT_FOUND for one of another organization
// becomes « Page introuvable ») and whether this person may edit and archive it.
import { OrgaCampaignDocument } from '$generated/graphql';
import { loadQuery } from '$lib/graphql/api';
import type { LayoutLoad } from './$types';

export const load: LayoutLoad = async ({ params, url, parent, depends }) => {
	depends('orga:campaign');
	const { me, membership } = await parent();
	const { campaign } = await loadQuery(OrgaCampaignDocument, { id: params.id }, url);
	const canManage = membership?.role === 'ADMIN' || campaign.owner.id === me.id;
	return { campaign, canManage };
};
