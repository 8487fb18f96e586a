import { OrgaParticipantDocument } from '$generated/graphql';
import { loadQuery } from '$lib/graphql/api';
import type { PageLoad } from './$types';

export const load: PageLoad = async ({ params, url }) => {
	const { campaignParticipant } = await loadQuery(
		OrgaParticipantDocument,
		{ id: params.participantId },
		url
	);
	return { participant: campaignParticipant };
};
