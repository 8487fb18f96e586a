// Only the campaign's owner and the organization's admins edit it; the others get « Accès refusé ».
import { error } from '@sveltejs/kit';
import { fr } from '$lib/i18n/fr';
import type { PageLoad } from './$types';

export const load: PageLoad = async ({ parent }) => {
	const { canManage, campaign } = await parent();
	if (!canManage || campaign.isArchived) {
		error(403, { message: fr.errors.forbidden, code: 'FORBIDDEN' });
	}
	return {};
};
