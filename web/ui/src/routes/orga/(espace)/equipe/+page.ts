import { OrgaTeamDocument } from '$generated/graphql';
import { loadQuery } from '$lib/graphql/api';
import type { PageLoad } from './$types';

export const load: PageLoad = async ({ url, parent, depends }) => {
	depends('orga:team');
	const { membership } = await parent();
	if (!membership) return { members: [] };
	const { organization } = await loadQuery(
		OrgaTeamDocument,
		{ organizationId: membership.organization.id },
		url
	);
	return { members: organization?.members.edges.map((e) => e.node) ?? [] };
};
