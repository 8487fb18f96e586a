/**
 * A challenge's inputs and the answer `value` the API expects (SubmitAnswerInput): QCU `"2"`,
 * QCM `"1,3"` (1-based proposal numbers), QROC the text, QROCM a JSON mapping of its keys.
 */
import type { ChallengeType } from '$generated/graphql';

/** One text field of a QROC(M): `${key}` or `${key#placeholder}` in the proposals. */
export interface InputBlock {
	key: string;
	/** The words before the field on its line (« Adresse web : »), empty when there are none. */
	label: string;
	placeholder: string;
}

const BLOCK = /\$\{([^}#]+)(?:#([^}]*))?\}/g;

/** The fields of a QROC(M), in order, each with the text that introduces it. */
export function inputBlocks(proposals: string): InputBlock[] {
	const blocks: InputBlock[] = [];
	for (const line of proposals.split('\n')) {
		let previousEnd = 0;
		for (const match of line.matchAll(BLOCK)) {
			const before = line.slice(previousEnd, match.index).replace(/[\s:]+$/, '').trim();
			blocks.push({ key: match[1]!.trim(), label: before, placeholder: match[2]?.trim() ?? '' });
			previousEnd = (match.index ?? 0) + match[0].length;
		}
	}
	return blocks;
}

/** What the pupil chose or typed, before it becomes the API's `value`. */
export interface Draft {
	choice: string;
	choices: string[];
	texts: Record<string, string>;
}

export function emptyDraft(): Draft {
	return { choice: '', choices: [], texts: {} };
}

export function isChoice(type: ChallengeType): boolean {
	return type === 'QCU' || type === 'QCM';
}

/** True when nothing was chosen or typed (« Je valide » then asks for an answer). */
export function isBlank(type: ChallengeType, draft: Draft, keys: readonly string[]): boolean {
	if (type === 'QCU') return draft.choice === '';
	if (type === 'QCM') return draft.choices.length === 0;
	return keys.every((key) => (draft.texts[key] ?? '').trim() === '');
}

/** The `value` of SubmitAnswerInput for this draft. */
export function answerValue(type: ChallengeType, draft: Draft, keys: readonly string[]): string {
	if (type === 'QCU') return draft.choice;
	if (type === 'QCM') {
		return [...draft.choices].sort((a, b) => Number(a) - Number(b)).join(',');
	}
	if (type === 'QROC') return (draft.texts[keys[0] ?? ''] ?? '').trim();
	return JSON.stringify(Object.fromEntries(keys.map((key) => [key, (draft.texts[key] ?? '').trim()])));
}

/** « 1 minute 30 secondes » for a timer in seconds. */
export function durationWords(
	seconds: number,
	words: { minutes: (n: number) => string; seconds: (n: number) => string }
): string {
	const minutes = Math.floor(seconds / 60);
	const rest = seconds % 60;
	if (minutes === 0) return words.seconds(rest);
	return rest === 0 ? words.minutes(minutes) : `${words.minutes(minutes)} ${words.seconds(rest)}`;
}

/** A tutorial's `HH:MM:SS` duration in words (« 3 minutes »). */
export function tutorialDurationWords(
	duration: string,
	words: { minutes: (n: number) => string; seconds: (n: number) => string }
): string {
	const [hours = 0, minutes = 0, seconds = 0] = duration.split(':').map((part) => Number(part) || 0);
	return durationWords(hours * 3600 + minutes * 60 + seconds, words);
}
