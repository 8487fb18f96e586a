/**
 * Markdown of the API (terms of use, challenge instructions, landing texts) to HTML that is
 * safe to insert: raw HTML in the source is shown as text, never run (an organization may
 * import its own content), only http(s) and mailto links are kept, opening in a new tab, and
 * headings start at h2 under the page's own h1.
 */
import { Marked, type Tokens } from 'marked';

const escapes: Record<string, string> = {
	'&': '&amp;',
	'<': '&lt;',
	'>': '&gt;',
	'"': '&quot;',
	"'": '&#39;'
};

export function escapeHtml(text: string): string {
	return text.replace(/[&<>"']/g, (character) => escapes[character] ?? character);
}

function safeUrl(href: string): string | null {
	try {
		const url = new URL(href, window.location.origin);
		return ['http:', 'https:', 'mailto:'].includes(url.protocol) ? url.href : null;
	} catch {
		return null;
	}
}

const marked = new Marked({
	gfm: true,
	breaks: true,
	async: false,
	renderer: {
		// The page has its own title (h1): the source's headings start one level below it.
		heading({ tokens, depth }: Tokens.Heading): string {
			const level = Math.min(depth + 1, 6);
			return `<h${level}>${this.parser.parseInline(tokens)}</h${level}>\n`;
		},
		html({ text }: Tokens.HTML | Tokens.Tag): string {
			return escapeHtml(text);
		},
		link({ href, tokens }: Tokens.Link): string {
			const label = this.parser.parseInline(tokens);
			const url = safeUrl(href);
			if (!url) return label;
			return `<a href="${escapeHtml(url)}" target="_blank" rel="noopener noreferrer">${label}</a>`;
		},
		image({ href, text }: Tokens.Image): string {
			const url = safeUrl(href);
			return url ? `<img src="${escapeHtml(url)}" alt="${escapeHtml(text)}">` : escapeHtml(text);
		}
	}
});

/** Block Markdown (paragraphs, lists, headings) to safe HTML. */
export function renderMarkdown(source: string): string {
	return marked.parse(source) as string;
}

/** One line of Markdown (bold, code, links) to safe HTML, without a paragraph around it. */
export function renderInlineMarkdown(source: string): string {
	return marked.parseInline(source) as string;
}
