/**
 * One way to read and validate what people write (lab files, stack configs,
 * image recipes, guest manifests, progress exports): YAML syntax errors with
 * line and column, then every schema problem at once, all in French. The
 * validation itself is in validation.ts, for code that has no YAML to read
 * (and should not carry a YAML parser to the browser).
 */
import { parseDocument } from 'yaml';
import type { z } from 'zod';
import { validate, ValidationError, type ValidateOptions } from './validation.ts';

export { validate, ValidationError, type Problem, type ValidateOptions } from './validation.ts';

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

/** {@link parseYaml} then {@link validate}: the whole path from a file's text to typed data. */
export function validateYaml<S extends z.ZodType>(schema: S, text: string, source: string, options: ValidateOptions = {}): z.output<S> {
	return validate(schema, parseYaml(text, source, options.title), source, options);
}
