// « Accès API »: ADMIN only; a member who opens the address gets « Accès refusé ».
import { error } from '@sveltejs/kit';
import { OrgaApiTokensDocument } from '$generated/graphql';
import { loadQuery } from '$lib/graphql/api';
import { fr } from '$lib/i18n/fr';
import type { PageLoad } from './$types';

export const load: PageLoad = async ({ url, parent, depends }) => {
	depends('orga:tokens');
	const { membership } = await parent();
	if (!membership || membership.role !== 'ADMIN') {
		error(403, { message: fr.errors.forbidden, code: 'FORBIDDEN' });
	}
	const { organization } = await loadQuery(
		OrgaApiTokensDocument,
		{ organizationId: membership.organization.id },
		url
	);
	return { tokens: organization?.apiTokens?.edges.map((e) => e.node) ?? [] };
};
