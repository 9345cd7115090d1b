/** Citation bash sûre : rien d'une valeur de configuration n'est interprété par le shell. */
export function q(valeur: string | number): string {
	const s = String(valeur);
	if (/^[A-Za-z0-9_./:=,@%+-]+$/.test(s)) return s;
	return `'${s.replace(/'/g, `'\\''`)}'`;
}

/** Constante bash exportée en lecture seule, citée (shellcheck la sait utilisée ailleurs). */
export function affectation(nom: string, valeur: string | number): string {
	return `declare -rx ${nom}=${q(valeur)}`;
}
