import { PupilSavedTutorialsDocument } from '$generated/graphql';
import { loadQuery } from '$lib/graphql/api';
import { PAGE_SIZE } from '$lib/pupil';
import type { PageLoad } from './$types';

export const load: PageLoad = async ({ url }) => {
	const { savedTutorials } = await loadQuery(
		PupilSavedTutorialsDocument,
		{ first: PAGE_SIZE, after: null },
		url
	);
	return { tutorials: savedTutorials };
};
