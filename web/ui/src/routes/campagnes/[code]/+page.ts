// A campaign's presentation page (« Commencez votre parcours »): public. A code typed in
// lower case or with spaces is the same campaign; a wrong code or an archived campaign is a
// French message on the page itself, with the way to type another code.
import { redirect } from '@sveltejs/kit';
import { PupilCampaignPresentationDocument } from '$generated/graphql';
import { ApiError, query, failLoad } from '$lib/graphql/api';
import { campaignPath, currentPupil, normalizeCode } from '$lib/pupil';
import type { PageLoad } from './$types';

export const load: PageLoad = async ({ params, url }) => {
	const code = normalizeCode(params.code);
	if (code && code !== params.code) redirect(307, campaignPath(code) + url.search);
	const me = await currentPupil(url);
	try {
		const { campaignByCode } = await query(PupilCampaignPresentationDocument, { code });
		const { viewerParticipation: participation, ...campaign } = campaignByCode;
		return { me, campaign, wrongCode: null, participation: participation ?? null };
	} catch (failure) {
		if (failure instanceof ApiError && failure.code === 'CAMPAIGN_NOT_FOUND') {
			return { me, campaign: null, wrongCode: failure.message, participation: null };
		}
		failLoad(failure, url);
	}
};
