/**
 * « Voir plus » under a list: the route loads the first page, each click appends the next one.
 * One request at a time; a failure becomes a message and the button stays for another try.
 */
import { ApiError } from '$lib/graphql/api';
import { fr } from '$lib/i18n/fr';

interface PageInfo {
	hasNextPage: boolean;
	endCursor?: string | null;
}

export interface Connection<Node> {
	edges: { node: Node }[];
	pageInfo: PageInfo;
}

export class MorePages<Node> {
	loading = $state(false);
	errors = $state<string[]>([]);
	#extra = $state<Node[]>([]);
	#pageInfo = $state<PageInfo | null>(null);

	/**
	 * `first`: the page the route loaded (read again when the route's data changes);
	 * `fetchPage`: the same query after a cursor.
	 */
	constructor(
		private readonly first: () => Connection<Node>,
		private readonly fetchPage: (after: string | null) => Promise<Connection<Node>>
	) {}

	get nodes(): Node[] {
		return [...this.first().edges.map((edge) => edge.node), ...this.#extra];
	}

	get hasNextPage(): boolean {
		return (this.#pageInfo ?? this.first().pageInfo).hasNextPage;
	}

	async more(): Promise<void> {
		if (this.loading || !this.hasNextPage) return;
		this.loading = true;
		this.errors = [];
		try {
			const after = (this.#pageInfo ?? this.first().pageInfo).endCursor ?? null;
			const next = await this.fetchPage(after);
			this.#extra = [...this.#extra, ...next.edges.map((edge) => edge.node)];
			this.#pageInfo = next.pageInfo;
		} catch (failure) {
			this.errors = [failure instanceof ApiError ? failure.message : fr.errors.generic];
		} finally {
			this.loading = false;
		}
	}
}
