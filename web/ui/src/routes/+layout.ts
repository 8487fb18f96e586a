// A single-page app: everything renders in the browser, on data from the GraphQL API.
export const ssr = false;
export const prerender = false;
export const trailingSlash = 'never';
