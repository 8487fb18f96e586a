import { OrgaTargetProfilesDocument } from '$generated/graphql';
import { loadQuery } from '$lib/graphql/api';
import type { PageLoad } from './$types';

export const load: PageLoad = async ({ url, parent }) => {
	const { membership } = await parent();
	if (!membership) return { targetProfiles: [] };
	const { targetProfiles } = await loadQuery(
		OrgaTargetProfilesDocument,
		{ organizationId: membership.organization.id },
		url
	);
	return { targetProfiles };
};
