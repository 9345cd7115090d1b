const number = new Intl.NumberFormat('fr-CA', { maximumFractionDigits: 1 });

/** Bytes as a learner reads them: « 67,3 Mo », « 820 ko », « 1,5 Go » (powers of 1000, as disks and links count). */
export function formatBytes(n: number): string {
	if (n >= 1e9) return `${number.format(n / 1e9)} Go`;
	if (n >= 1e6) return `${number.format(n / 1e6)} Mo`;
	return `${number.format(Math.ceil(n / 1e3))} ko`;
}
