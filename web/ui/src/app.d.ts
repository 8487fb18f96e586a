// See https://svelte.dev/docs/kit/types#app.d.ts
declare global {
	namespace App {
		interface Error {
			message: string;
			/** The API's error code when the error came from it (`CAMPAIGN_NOT_FOUND`, …). */
			code?: string;
		}
	}
}

export {};
