// The platform terms of use that « Inscription gratuite » asks to accept: public.
import { PlatformTermsDocument } from '$generated/graphql';
import { loadQuery } from '$lib/graphql/api';
import type { PageLoad } from './$types';

export const load: PageLoad = async ({ url }) => {
	const { platformTerms } = await loadQuery(PlatformTermsDocument, {}, url);
	return { terms: platformTerms };
};
