import type { z } from 'zod';

/** Human path of a field: `steps[2].checks[0].run`. */
export function fieldPath(path: ReadonlyArray<PropertyKey>): string {
	let out = '';
	for (const key of path) {
		out += typeof key === 'number' ? `[${key}]` : out ? `.${String(key)}` : String(key);
	}
	return out || '(racine)';
}

const TYPE_NAMES: Record<string, string> = {
	string: 'un texte',
	number: 'un nombre',
	int: 'un nombre entier',
	boolean: 'vrai ou faux (true/false)',
	array: 'une liste',
	object: 'un objet (des clés et des valeurs)',
	undefined: 'rien',
	null: 'rien (null)',
};

function received(input: unknown): string {
	if (input === undefined) return 'rien (champ absent)';
	if (input === null) return 'null';
	if (Array.isArray(input)) return 'une liste';
	return TYPE_NAMES[typeof input] ?? typeof input;
}

/** One zod issue in plain French, naming what would be accepted. */
export function frenchIssue(issue: z.core.$ZodIssue & { input?: unknown }): string {
	switch (issue.code) {
		case 'invalid_type': {
			if (issue.input === undefined) return `champ obligatoire manquant (attendu : ${TYPE_NAMES[issue.expected] ?? issue.expected})`;
			const message = `attendu : ${TYPE_NAMES[issue.expected] ?? issue.expected}, reçu : ${received(issue.input)}`;
			// The classic YAML trap of French prose: « texte : suite » becomes a key and a value.
			const colonTrap = issue.expected === 'string' && typeof issue.input === 'object' && issue.input !== null && !Array.isArray(issue.input);
			return colonTrap ? `${message} (un « : » suivi d’une espace dans le texte ? mets tout le texte entre guillemets)` : message;
		}
		case 'invalid_value':
			if (issue.input === undefined) return `champ obligatoire manquant (valeurs acceptées : ${issue.values.map((v) => JSON.stringify(v)).join(', ')})`;
			return `valeur ${JSON.stringify(issue.input)} refusée ; valeurs acceptées : ${issue.values.map((v) => JSON.stringify(v)).join(', ')}`;
		case 'unrecognized_keys':
			return `clé${issue.keys.length > 1 ? 's' : ''} inconnue${issue.keys.length > 1 ? 's' : ''} : ${issue.keys.join(', ')} (vérifie l’orthographe)`;
		case 'too_small':
			if (issue.origin === 'array') return `il faut au moins ${issue.minimum} élément${Number(issue.minimum) > 1 ? 's' : ''}`;
			if (issue.origin === 'string') return `texte trop court : au moins ${issue.minimum} caractère${Number(issue.minimum) > 1 ? 's' : ''}`;
			return `valeur trop petite : au moins ${issue.minimum}`;
		case 'too_big':
			if (issue.origin === 'array') return `au plus ${issue.maximum} élément${Number(issue.maximum) > 1 ? 's' : ''}`;
			if (issue.origin === 'string') return `texte trop long : au plus ${issue.maximum} caractères`;
			return `valeur trop grande : au plus ${issue.maximum}`;
		case 'invalid_format':
			return issue.message && !issue.message.startsWith('Invalid') ? issue.message : `format invalide (attendu : ${issue.format})`;
		default:
			return issue.message;
	}
}

/** Every issue of a failed parse, one per line: `champ : message`. */
export function frenchIssues(error: z.ZodError): string[] {
	return error.issues.map((issue) => `${fieldPath(issue.path)} : ${frenchIssue(issue as never)}`);
}
