/**
 * One way to read and validate what people write (lab files, stack configs,
 * image recipes, guest manifests, progress exports): YAML syntax errors with
 * line and column, then every schema problem at once, all in French.
 */
import { parseDocument } from 'yaml';
import type { z } from 'zod';
import { fieldPath, frenchIssue } from './french-errors.ts';

/** One thing wrong in an input: where (`services[1].adresse`, `ligne 3, colonne 5`) and what. */
export interface Problem {
	where: string;
	message: string;
}

/** Input that cannot be used, with every problem found; nothing was changed because of it. */
export class ValidationError extends Error {
	/** What was read: a file path or a short name such as « code de progression ». */
	readonly source: string;
	readonly problems: Problem[];
	constructor(source: string, problems: Problem[], title = `${source} est invalide`) {
		super(`${title}\u00a0:\n${problems.map((p) => `  - ${p.where}\u00a0: ${p.message}`).join('\n')}`);
		this.name = 'ValidationError';
		this.source = source;
		this.problems = problems;
	}
}

/** French for the YAML parser's error codes an author is likely to meet. */
const YAML_ERRORS: Record<string, string> = {
	BAD_INDENT: 'indentation incorrecte : aligne les clés d’un même niveau avec des espaces',
	TAB_AS_INDENT: 'tabulation utilisée pour indenter : utilise des espaces',
	DUPLICATE_KEY: 'clé en double',
	BAD_SCALAR_START: 'une valeur ne peut pas commencer par ce caractère (` @ % …) : mets-la entre guillemets',
	BLOCK_AS_IMPLICIT_KEY: 'une valeur contient « : » suivi d’une espace : mets-la entre guillemets ou utilise un bloc « | »',
	MULTILINE_IMPLICIT_KEY: 'une clé ne peut pas tenir sur plusieurs lignes : vérifie les deux-points',
	MISSING_CHAR: 'caractère manquant (guillemet, crochet ou accolade non fermé)',
	UNEXPECTED_TOKEN: 'élément inattendu : vérifie l’indentation et la ponctuation',
	BLOCK_IN_FLOW: 'un bloc ne peut pas être dans une liste entre crochets',
	MULTIPLE_DOCS: 'un seul document YAML par fichier (pas de ---)',
	IMPOSSIBLE: 'syntaxe incorrecte',
};

/**
 * Reads YAML text; a syntax error becomes a French {@link Problem} with line
 * and column (the `yaml` package reports them 1-based).
 * @throws ValidationError when the text is not well-formed YAML
 */
export function parseYaml(text: string, source: string, title?: string): unknown {
	const doc = parseDocument(text, { prettyErrors: true, uniqueKeys: true });
	if (doc.errors.length > 0) {
		const problems = doc.errors.map((error) => ({
			where: error.linePos?.[0] ? `ligne ${error.linePos[0].line}, colonne ${error.linePos[0].col}` : 'position inconnue',
			message: `YAML mal formé (${YAML_ERRORS[error.code] ?? 'syntaxe incorrecte'})`,
		}));
		throw new ValidationError(source, problems, title);
	}
	return doc.toJS();
}

/** Options of {@link validate}. */
export interface ValidateOptions {
	/** First line of the error message; default « SOURCE est invalide ». */
	title?: string;
	/**
	 * A message of the caller's own for an issue (e.g. listing the keys a
	 * section accepts); `undefined` falls back to the shared French wording.
	 */
	describe?: (issue: z.core.$ZodIssue) => string | undefined;
}

/**
 * Validates data against a zod schema and reports every problem at once.
 * Custom messages written in the schema (`refine`, `superRefine`) are kept.
 * @throws ValidationError naming each field and what would be accepted
 */
export function validate<S extends z.ZodType>(schema: S, data: unknown, source: string, options: ValidateOptions = {}): z.output<S> {
	const result = schema.safeParse(data, { reportInput: true });
	if (result.success) return result.data;
	const problems = result.error.issues.map((issue) => ({
		where: fieldPath(issue.path),
		message: options.describe?.(issue) ?? frenchIssue(issue as never),
	}));
	throw new ValidationError(source, problems, options.title);
}

/** {@link parseYaml} then {@link validate}: the whole path from a file's text to typed data. */
export function validateYaml<S extends z.ZodType>(schema: S, text: string, source: string, options: ValidateOptions = {}): z.output<S> {
	return validate(schema, parseYaml(text, source, options.title), source, options);
}
