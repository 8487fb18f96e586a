import adapter from '@sveltejs/adapter-static';
import { vitePreprocess } from '@sveltejs/vite-plugin-svelte';

/** A single-page app: Starlette serves `build/` and answers `index.html` for every path that
 * is not an API route (web/ui_files.py), so the router takes over in the browser. */
const config = {
	preprocess: vitePreprocess(),
	kit: {
		adapter: adapter({ pages: 'build', assets: 'build', fallback: 'index.html', strict: true }),
		alias: { $generated: 'src/lib/graphql/generated' },
		// A Content-Security-Policy in the page, with hashes of SvelteKit's start-up script:
		// only our own scripts run, whatever an imported content or a landing text holds.
		csp: {
			mode: 'hash',
			directives: {
				'default-src': ['self'],
				'script-src': ['self'],
				'style-src': ['self', 'unsafe-inline'],
				'img-src': ['self', 'https:', 'data:'],
				'frame-src': ['https:'],
				'connect-src': ['self'],
				'object-src': ['none'],
				'base-uri': ['self'],
				'form-action': ['self']
			}
		}
	}
};

export default config;
