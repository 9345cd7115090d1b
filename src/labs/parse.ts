import { validateYaml } from '../schemas/validate.ts';
import { labSchema, type LabDefinition } from './schema.ts';

/**
 * Parses and validates the text of a `lab.yaml`. Pure: no file access, so
 * the same code runs at build time and in tests.
 * @param file path shown in error messages, e.g. `labs/terminal/lab.yaml`
 * @throws ValidationError naming each field (or YAML line) and what would be accepted
 */
export function parseLab(file: string, text: string): LabDefinition {
	return validateYaml(labSchema, text, file);
}
