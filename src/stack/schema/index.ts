/**
 * Schema of the site file (YAML). Field names are French, like the error
 * messages: they are the vocabulary of the person who writes the file.
 * No secret lives here: secrets are 0600 files on the host, or typed in.
 */
import { z } from 'zod';
import { siteShape } from './shape.ts';
import { crossFieldIssues, refineSite, type SiteParts } from './rules.ts';
import { serviceEntry } from './services.ts';

export { siteShape, type ServiceOutput, type SiteInput, type SiteOutput } from './shape.ts';

/** The whole site file: sections, then the rules that span several fields. */
export const siteSchema = siteShape.superRefine(refineSite);

/**
 * The sections of `data` that are valid on their own, for the cross-field
 * rules when the whole file is not (one pass reports every mistake).
 */
export function validParts(data: unknown): SiteParts {
	const o = (data && typeof data === 'object' ? data : {}) as Record<string, unknown>;
	const section = <T extends z.ZodType>(schema: T, value: unknown): z.output<T> | undefined => {
		const r = schema.safeParse(value);
		return r.success ? r.data : undefined;
	};
	const shape = siteShape.shape;
	return {
		hote: section(shape.hote, o.hote),
		services: Array.isArray(o.services) ? o.services.map((s) => section(serviceEntry, s)) : [],
		tls: section(shape.tls, o.tls),
		cluster: section(shape.cluster, o.cluster),
		versions: section(shape.versions, o.versions),
	};
}

export { crossFieldIssues };
