/**
 * One way to validate what people write or bring (lab files, stack configs,
 * image recipes, guest manifests, progress exports): every schema problem at
 * once, in French. Without a YAML parser, so that pages which only validate
 * data (the lab machine's manifest, a progress export) stay light; YAML text
 * goes through validate.ts.
 */
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
