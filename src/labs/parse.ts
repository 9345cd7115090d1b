import { parseDocument } from 'yaml';
import { frenchIssues } from '../schemas/french-errors.ts';
import { labSchema, type LabDefinition } from './schema.ts';

/** French for the YAML parser's error codes a lab author is likely to meet. */
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

/** A lab file that cannot be used, with every problem in French. */
export class LabFileError extends Error {
	readonly file: string;
	readonly problems: string[];
	constructor(file: string, problems: string[]) {
		super(`${file} ${file.endsWith('.yaml') ? 'est invalide' : ': laboratoires invalides'} :\n${problems.map((p) => `  - ${p}`).join('\n')}`);
		this.name = 'LabFileError';
		this.file = file;
		this.problems = problems;
	}
}

/**
 * Parses and validates the text of a `lab.yaml`. Pure: no file access, so
 * the same code runs at build time and in tests.
 * @param file path shown in error messages, e.g. `labs/terminal/lab.yaml`
 */
export function parseLab(file: string, text: string): LabDefinition {
	const doc = parseDocument(text, { prettyErrors: true, uniqueKeys: true });
	if (doc.errors.length > 0) {
		throw new LabFileError(
			file,
			doc.errors.map((error) => {
				const where = error.linePos?.[0] ? `ligne ${error.linePos[0].line}, colonne ${error.linePos[0].col}` : 'position inconnue';
				return `${where} : YAML mal formé (${YAML_ERRORS[error.code] ?? 'syntaxe incorrecte'})`;
			}),
		);
	}
	const result = labSchema.safeParse(doc.toJS(), { reportInput: true });
	if (!result.success) throw new LabFileError(file, frenchIssues(result.error));
	return result.data;
}
