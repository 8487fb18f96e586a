/**
 * The one GraphQL client of the app: urql over HTTP for queries and mutations, graphql-ws
 * (graphql-transport-ws, the protocol our server speaks) for subscriptions.
 *
 * The browser authenticates with the HttpOnly session cookie, which also rides on the
 * WebSocket upgrade (same origin); no token is ever readable by scripts. Every HTTP request
 * carries the CSRF header that the server requires on cookie-authenticated mutations.
 */
import { Client, fetchExchange, subscriptionExchange } from '@urql/core';
import { createClient as createWsClient, type Client as WsClient } from 'graphql-ws';

export const CSRF_HEADER = 'X-Orga-Request';

export type LiveState = 'idle' | 'connecting' | 'connected' | 'down';

/** The state of the live link, for the indicator: `down` only while a page listens. */
export const liveLink = $state<{ state: LiveState; listeners: number }>({
	state: 'idle',
	listeners: 0
});

function websocketUrl(): string {
	const { protocol, host } = window.location;
	return `${protocol === 'https:' ? 'wss' : 'ws'}://${host}/graphql`;
}

function createWebSocketClient(): WsClient {
	return createWsClient({
		url: websocketUrl(),
		// Connect when a page subscribes, close shortly after the last one leaves.
		lazy: true,
		lazyCloseTimeout: 3000,
		// Keep trying for as long as a page listens: a school's network comes back.
		retryAttempts: Number.POSITIVE_INFINITY,
		shouldRetry: () => true,
		retryWait: async (retries) => {
			const delay = Math.min(1000 * 2 ** retries, 10000) + Math.random() * 500;
			await new Promise((resolve) => setTimeout(resolve, delay));
		},
		on: {
			connecting: () => {
				if (liveLink.state !== 'down') liveLink.state = 'connecting';
			},
			connected: () => {
				liveLink.state = 'connected';
			},
			closed: () => {
				liveLink.state = liveLink.listeners > 0 ? 'down' : 'idle';
			}
		}
	});
}

let websocket: WsClient | undefined;

function getWebSocketClient(): WsClient {
	websocket ??= createWebSocketClient();
	return websocket;
}

export const client = new Client({
	url: '/graphql',
	// No document cache: every screen asks the server, and live pages get pushes; a cache
	// would show a teacher counts older than the ones the subscription just sent.
	exchanges: [
		fetchExchange,
		subscriptionExchange({
			forwardSubscription(request) {
				const input = { ...request, query: request.query ?? '' };
				return {
					subscribe(sink) {
						const unsubscribe = getWebSocketClient().subscribe(input, sink);
						return { unsubscribe };
					}
				};
			}
		})
	],
	requestPolicy: 'network-only',
	preferGetMethod: false,
	fetchOptions: () => ({
		credentials: 'same-origin',
		headers: { [CSRF_HEADER]: '1' }
	})
});
