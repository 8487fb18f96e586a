/** Dates and numbers as a French reader expects them, in Paris time whatever the device's. */
import { fr } from './fr';

const dateFormat = new Intl.DateTimeFormat(fr.locale, {
	day: 'numeric',
	month: 'long',
	year: 'numeric',
	timeZone: fr.timeZone
});
const dateTimeFormat = new Intl.DateTimeFormat(fr.locale, {
	day: 'numeric',
	month: 'long',
	year: 'numeric',
	hour: '2-digit',
	minute: '2-digit',
	timeZone: fr.timeZone
});
const integerFormat = new Intl.NumberFormat(fr.locale, { maximumFractionDigits: 0 });
const decimalFormat = new Intl.NumberFormat(fr.locale, { maximumFractionDigits: 1 });
const percentFormat = new Intl.NumberFormat(fr.locale, {
	style: 'percent',
	maximumFractionDigits: 0
});

/** « 13 mars 2019 »; an empty string for a missing date. */
export function formatDate(iso: string | null | undefined): string {
	return iso ? dateFormat.format(new Date(iso)) : '';
}

/** « 13 mars 2019 à 09:05 ». */
export function formatDateTime(iso: string | null | undefined): string {
	return iso ? dateTimeFormat.format(new Date(iso)) : '';
}

/** « 10 000 » (narrow no-break space between thousands). */
export function formatInteger(value: number): string {
	return integerFormat.format(value);
}

/** « 12,5 ». */
export function formatDecimal(value: number): string {
	return decimalFormat.format(value);
}

/** A rate 0–1 as « 48 % ». */
export function formatRate(rate: number): string {
	return percentFormat.format(rate);
}

/** A percentage 0–100 as « 48 % ». */
export function formatPercent(percentage: number): string {
	return percentFormat.format(percentage / 100);
}
