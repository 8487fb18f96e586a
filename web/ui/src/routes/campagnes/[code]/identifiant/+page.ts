// « Avant de commencer »: the identifier the campaign asks for. Logged-in pupils only; a
// campaign that asks none, or cannot be joined, is its presentation page's business.
import { redirect } from '@sveltejs/kit';
import { PupilCampaignByCodeDocument } from '$generated/graphql';
import { ApiError, failLoad, query } from '$lib/graphql/api';
import { loginUrl } from '$lib/graphql/session';
import { campaignPath, currentPupil, normalizeCode } from '$lib/pupil';
import type { PageLoad } from './$types';

export const load: PageLoad = async ({ params, url }) => {
	const code = normalizeCode(params.code);
	const me = await currentPupil(url);
	if (!me) redirect(303, loginUrl(url.pathname + url.search));
	try {
		const { campaignByCode: campaign } = await query(PupilCampaignByCodeDocument, { code });
		if (!campaign.externalIdLabel || campaign.isArchived) redirect(303, campaignPath(campaign.code));
		return { me, campaign, externalIdLabel: campaign.externalIdLabel };
	} catch (failure) {
		if (failure instanceof ApiError && failure.code === 'CAMPAIGN_NOT_FOUND') {
			redirect(303, campaignPath(code));
		}
		failLoad(failure, url);
	}
};
