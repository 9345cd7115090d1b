/**
 * Schema of the site file (YAML). Field names are French, like the error
 * messages: they are the vocabulary of the person who writes the file.
 * No secret lives here: secrets are 0600 files on the host, or typed in.
 */
import { z } from 'zod';
import { siteSection } from './site.ts';
import { hostSection } from './host.ts';
import { storageSection } from './storage.ts';
import { servicesSection } from './services.ts';
import { tlsSection } from './tls.ts';
import { backupsSection } from './backups.ts';
import { firewallSection, sshSection } from './access.ts';
import { clusterSection } from './cluster.ts';
import { versionsSection } from './versions.ts';
import { crossFieldIssues, refineSite, type SiteParts } from './rules.ts';
import { serviceEntry } from './services.ts';

/** Every section, without the cross-field rules. */
export const siteShape = z.strictObject({
	site: siteSection,
	hote: hostSection,
	stockage: storageSection,
	services: servicesSection,
	tls: tlsSection,
	sauvegardes: backupsSection,
	ssh: sshSection,
	pare_feu: firewallSection,
	cluster: clusterSection,
	/** Advanced overrides: a newer published release or a local mirror. */
	versions: versionsSection,
});

/** The whole site file: sections, then the rules that span several fields. */
export const siteSchema = siteShape.superRefine(refineSite);

/** Site file as written (schema input). */
export type SiteInput = z.input<typeof siteShape>;
/** Validated site file, defaults applied. */
export type SiteOutput = z.output<typeof siteShape>;
export type ServiceOutput = SiteOutput['services'][number];

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
