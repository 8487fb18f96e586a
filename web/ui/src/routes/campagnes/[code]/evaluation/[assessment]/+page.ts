import { PupilAssessmentDocument } from '$generated/graphql';
import { failLoad, loadQuery } from '$lib/graphql/api';
import { ApiError } from '$lib/graphql/api';
import type { PageLoad } from './$types';

export const load: PageLoad = async ({ params, url }) => {
	const data = await loadQuery(PupilAssessmentDocument, { id: params.assessment }, url);
	// Another pupil's assessment reads as null: the same « Page introuvable » as a wrong id.
	if (!data.assessment || !data.me) {
		failLoad(new ApiError(data.me ? 'ASSESSMENT_NOT_FOUND' : 'UNAUTHENTICATED', ''), url);
	}
	return { assessment: data.assessment, instructionsSeen: data.me.hasSeenAssessmentInstructions };
};
