import { redirect } from '@sveltejs/kit';
import { ORGA_HOME_PATH } from '$lib/graphql/session';

export function load(): never {
	redirect(307, ORGA_HOME_PATH);
}
