/**
 * Quotes a value for bash so that nothing in it is interpreted by the shell
 * (used for lab assets typed into the guest and for the generated stack
 * scripts). Plain words stay bare so that scripts read naturally.
 */
export function shellQuote(value: string | number): string {
	const text = String(value);
	if (/^[A-Za-z0-9_./:=,@%+-]+$/.test(text)) return text;
	return `'${text.replaceAll("'", `'\\''`)}'`;
}
