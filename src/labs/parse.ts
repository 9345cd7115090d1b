import { parseDocument } from 'yaml';
import { frenchIssues } from '../schemas/french-errors.ts';
import { labSchema, type LabDefinition } from './schema.ts';

/** A lab file that cannot be used, with every problem in French. */
export class LabFileError extends Error {
	readonly file: string;
	readonly problems: string[];
	constructor(file: string, problems: string[]) {
		super(`${file} est invalide :\n${problems.map((p) => `  - ${p}`).join('\n')}`);
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
				const what = error.code === 'DUPLICATE_KEY' ? 'clé en double' : 'YAML mal formé';
				return `${where} : ${what} (${error.message.split('\n')[0]})`;
			}),
		);
	}
	const result = labSchema.safeParse(doc.toJS(), { reportInput: true });
	if (!result.success) throw new LabFileError(file, frenchIssues(result.error));
	return result.data;
}
