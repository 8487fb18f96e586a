// The pupil's own screens (« Mes parcours », « Mes tutos »): logged in, else log in and back.
import { redirect } from '@sveltejs/kit';
import { loginUrl } from '$lib/graphql/session';
import { currentPupil } from '$lib/pupil';
import type { LayoutLoad } from './$types';

export const load: LayoutLoad = async ({ url }) => {
	const me = await currentPupil(url);
	if (!me) redirect(303, loginUrl(url.pathname + url.search));
	return { me };
};
