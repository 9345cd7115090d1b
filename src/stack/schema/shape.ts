/**
 * The site file's sections put together, and the types they give: apart
 * from index.ts so that the cross-field rules (rules.ts) can name these
 * types without importing the module that imports them.
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

/** Site file as written (schema input). */
export type SiteInput = z.input<typeof siteShape>;
/** Validated site file, defaults applied. */
export type SiteOutput = z.output<typeof siteShape>;
export type ServiceOutput = SiteOutput['services'][number];
