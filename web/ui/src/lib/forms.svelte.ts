/**
 * The state of a form that sends one mutation: no second submission while one runs (a double
 * click creates one campaign), the API's errors by input field, the others at the top.
 */
import { tick } from 'svelte';
import { ApiError, type UserErrorLike } from '$lib/graphql/api';
import { fr } from '$lib/i18n/fr';

export class Form {
	submitting = $state(false);
	/** Messages by API input field (`name`, `landingText`, …). */
	fieldErrors = $state<Record<string, string>>({});
	/** Messages that belong to no field, shown at the top of the form. */
	generalErrors = $state<string[]>([]);

	/** The message of `field`, if the API refused it. */
	error(field: string): string | null {
		return this.fieldErrors[field] ?? null;
	}

	clear(): void {
		this.fieldErrors = {};
		this.generalErrors = [];
	}

	/**
	 * Runs `action` unless a submission is under way; an `ApiError` it throws becomes a
	 * message at the top. Focus then goes to the first field at fault, or to the messages.
	 */
	async run(element: HTMLElement | undefined, action: () => Promise<void>): Promise<void> {
		if (this.submitting) return;
		this.submitting = true;
		this.clear();
		try {
			await action();
		} catch (failure) {
			this.generalErrors = [failure instanceof ApiError ? failure.message : fr.errors.generic];
			if (!(failure instanceof ApiError)) console.error(failure);
		} finally {
			this.submitting = false;
		}
		if (element && (this.generalErrors.length || Object.keys(this.fieldErrors).length)) {
			await tick();
			const target =
				element.querySelector<HTMLElement>('[aria-invalid="true"]') ??
				element.querySelector<HTMLElement>('[data-form-errors]');
			target?.focus();
		}
	}

	/** Takes a payload's `errors`: true when there were any (nothing changed then). */
	take(errors: readonly UserErrorLike[] | null | undefined, fields: readonly string[] = []): boolean {
		if (!errors || errors.length === 0) return false;
		const byField: Record<string, string> = {};
		const general: string[] = [];
		for (const e of errors) {
			if (e.field && fields.includes(e.field) && !byField[e.field]) byField[e.field] = e.message;
			else general.push(e.message);
		}
		this.fieldErrors = byField;
		this.generalErrors = general;
		return true;
	}
}
