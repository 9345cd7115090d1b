const NBSP = '\u00a0'; // before « : » and inside guillemets
const NNBSP = '\u202f'; // fine non-breaking space before ; ! ?

/**
 * Applies French spacing to prose: a non-breaking space before `:` and
 * inside « », a narrow one before `;`, `!` and `?`, so that a line never
 * starts with a lone sign. The one rule for every French text the project
 * produces (pages, lab screens, stack plans and error messages). `12:30`,
 * `chown root:root` and URLs (no space before the sign) stay as written.
 */
export function frenchSpacing(text: string): string {
	return text
		.replace(/[ \u00a0\u202f]+([;!?])(?=\s|$|[»)\].,;:!?])/g, `${NNBSP}$1`)
		.replace(/[ \u00a0\u202f]+:(?=\s|$)/g, `${NBSP}:`)
		.replace(/«[ \u00a0\u202f]*/g, `«${NBSP}`)
		.replace(/[ \u00a0\u202f]*»/g, `${NBSP}»`);
}
