import { sveltekit } from '@sveltejs/kit/vite';
import { defineConfig } from 'vite';

// `npm run dev` serves the app on :5173 and forwards the API to `orga serve` on :8000.
const api = process.env.ORGA_API_URL ?? 'http://127.0.0.1:8000';

export default defineConfig({
	plugins: [sveltekit()],
	server: {
		proxy: {
			'/graphql': { target: api, ws: true, changeOrigin: true },
			'/campaigns': { target: api, changeOrigin: true }
		}
	}
});
