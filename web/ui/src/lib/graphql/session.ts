/** Where a person logs in, and where they go back to afterwards. */

export const ORGA_LOGIN_PATH = '/orga/connexion';
export const PUPIL_LOGIN_PATH = '/connexion';
export const TERMS_PATH = '/orga/cgu';
export const ORGA_HOME_PATH = '/orga/campagnes';
export const PUPIL_HOME_PATH = '/mes-parcours';

/** The teacher's screens live under /orga, the pupil's at the root (design §10). */
export function isOrgaPath(path: string): boolean {
	return path === '/orga' || path.startsWith('/orga/');
}

/**
 * The log-in page for a person who was on `path`, with `path` to come back to.
 * `expired`: the session ended meanwhile, which the page says.
 */
export function loginUrl(path: string, expired = false): string {
	const login = isOrgaPath(path) ? ORGA_LOGIN_PATH : PUPIL_LOGIN_PATH;
	const params = new URLSearchParams({ retour: path });
	if (expired) params.set('expiree', '1');
	return `${login}?${params}`;
}

/**
 * The `retour` parameter, if it is a path of this site: never an absolute URL or `//host`,
 * so that a crafted link cannot send someone elsewhere after they log in.
 */
export function returnPath(url: URL, fallback: string): string {
	const wanted = url.searchParams.get('retour');
	if (!wanted || !wanted.startsWith('/') || wanted.startsWith('//') || wanted.includes('\\')) {
		return fallback;
	}
	return wanted;
}
