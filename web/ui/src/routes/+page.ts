// The pupil's home: « J'ai un code », for everyone; with the header once logged in.
import { currentPupil } from '$lib/pupil';
import type { PageLoad } from './$types';

export const load: PageLoad = async ({ url }) => ({ me: await currentPupil(url) });
