/**
 * How screens talk to the API: `query` and `mutate` return typed data or throw an `ApiError`
 * (the server's stable code and French message), `subscribe` follows a live subscription.
 * `loadQuery` is for `+page.ts` loads: it turns an `ApiError` into the redirect or the error
 * page a person expects (log in again, accept the terms, « Page introuvable »…).
 */
import { goto } from '$app/navigation';
import { error, redirect } from '@sveltejs/kit';
import { untrack } from 'svelte';
import type { AnyVariables, CombinedError, TypedDocumentNode } from '@urql/core';
import { fr } from '$lib/i18n/fr';
import { client, liveLink } from './client.svelte';
import { loginUrl, TERMS_PATH } from './session';

/** A failure the API answered (or `NETWORK` when it could not be reached). */
export class ApiError extends Error {
	constructor(
		readonly code: string,
		message: string,
		readonly field: string | null = null
	) {
		super(message);
		this.name = 'ApiError';
	}
}

/** What every mutation payload carries (`errors: [UserError!]!`). */
export interface UserErrorLike {
	code: string;
	message: string;
	field?: string | null;
}

function apiError(combined: CombinedError): ApiError {
	if (combined.networkError || combined.graphQLErrors.length === 0) {
		return new ApiError('NETWORK', fr.errors.network);
	}
	const first = combined.graphQLErrors[0];
	const extensions = (first?.extensions ?? {}) as { code?: unknown; field?: unknown };
	return new ApiError(
		typeof extensions.code === 'string' ? extensions.code : 'INTERNAL_ERROR',
		first?.message || fr.errors.generic,
		typeof extensions.field === 'string' ? extensions.field : null
	);
}

function currentPath(): string {
	return window.location.pathname + window.location.search;
}

/** The session ended while the person was on a page: back to log in, then to this page. */
function sessionExpired(): void {
	void goto(loginUrl(currentPath(), true), { replaceState: true });
}

export async function query<Data, Variables extends AnyVariables>(
	document: TypedDocumentNode<Data, Variables>,
	variables: Variables
): Promise<Data> {
	const result = await client.query(document, variables).toPromise();
	if (result.error) throw apiError(result.error);
	if (!result.data) throw new ApiError('NETWORK', fr.errors.network);
	return result.data;
}

/**
 * Runs a mutation and returns its payload (the one root field). Payload errors are data for
 * the form to show; a session that expired meanwhile sends the person to log in again.
 */
export async function mutate<Data extends object, Variables extends AnyVariables>(
	document: TypedDocumentNode<Data, Variables>,
	variables: Variables
): Promise<Data[keyof Data]> {
	const result = await client.mutation(document, variables).toPromise();
	if (result.error) {
		const failure = apiError(result.error);
		if (failure.code === 'UNAUTHENTICATED') sessionExpired();
		throw failure;
	}
	if (!result.data) throw new ApiError('NETWORK', fr.errors.network);
	const payload = Object.values(result.data)[0] as Data[keyof Data];
	const errors = (payload as { errors?: UserErrorLike[] } | null)?.errors ?? [];
	if (errors.some((e) => e.code === 'UNAUTHENTICATED')) sessionExpired();
	return payload;
}

export interface Subscription {
	unsubscribe(): void;
}

/**
 * Follows a subscription until `unsubscribe()`. The server's first message is the full
 * state, and it sends one again after any reconnection, so `onData` always converges.
 */
export function subscribe<Data, Variables extends AnyVariables>(
	document: TypedDocumentNode<Data, Variables>,
	variables: Variables,
	onData: (data: Data) => void,
	onError: (failure: ApiError) => void = () => {}
): Subscription {
	// Untracked: a page subscribes from an `$effect`, which must not come to depend on the
	// listener count it changes (it would resubscribe in a loop).
	untrack(() => (liveLink.listeners += 1));
	const { unsubscribe } = client.subscription(document, variables).subscribe((result) => {
		if (result.error) {
			const failure = apiError(result.error);
			if (failure.code === 'UNAUTHENTICATED') sessionExpired();
			onError(failure);
		} else if (result.data) {
			onData(result.data);
		}
	});
	let active = true;
	return {
		unsubscribe() {
			if (!active) return;
			active = false;
			untrack(() => (liveLink.listeners -= 1));
			unsubscribe();
		}
	};
}

const NOT_FOUND_CODES = new Set([
	'NOT_FOUND',
	'ORGANIZATION_NOT_FOUND',
	'CAMPAIGN_NOT_FOUND',
	'PARTICIPATION_NOT_FOUND',
	'ASSESSMENT_NOT_FOUND',
	'MEMBERSHIP_NOT_FOUND',
	'API_TOKEN_NOT_FOUND',
	'TARGET_PROFILE_NOT_FOUND',
	'VALIDATION_FAILED'
]);

/** Throws what SvelteKit shows for an API failure during a page load. */
export function failLoad(failure: unknown, url: URL): never {
	if (!(failure instanceof ApiError)) throw failure;
	const here = url.pathname + url.search;
	if (failure.code === 'UNAUTHENTICATED') redirect(303, loginUrl(here, true));
	if (failure.code === 'TERMS_NOT_ACCEPTED') {
		redirect(303, `${TERMS_PATH}?retour=${encodeURIComponent(here)}`);
	}
	if (failure.code === 'FORBIDDEN') error(403, { message: fr.errors.forbidden, code: failure.code });
	// An id that is not one of ours (VALIDATION_FAILED) is a page that does not exist either.
	if (NOT_FOUND_CODES.has(failure.code)) {
		error(404, { message: fr.errors.notFound, code: failure.code });
	}
	if (failure.code === 'NETWORK') error(503, { message: fr.errors.network, code: failure.code });
	error(500, { message: failure.message, code: failure.code });
}

/** `query` for a page load: failures become redirects or the French error page. */
export async function loadQuery<Data, Variables extends AnyVariables>(
	document: TypedDocumentNode<Data, Variables>,
	variables: Variables,
	url: URL
): Promise<Data> {
	try {
		return await query(document, variables);
	} catch (failure) {
		failLoad(failure, url);
	}
}
