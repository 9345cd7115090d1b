/**
 * Reading a site file: YAML → schema → normalised configuration. Every
 * error is French, with the field's path (« services[2].memoire ») and what
 * would be accepted, through the project's one validation path
 * (src/schemas/validate.ts).
 */
import type { z } from 'zod';
import { parseYaml, validate, ValidationError } from '../schemas/validate.ts';
import { fieldPath } from '../schemas/french-errors.ts';
import { frenchSpacing } from '../text/french-typography.ts';
import { crossFieldIssues, siteShape, validParts, type SiteOutput } from './schema/index.ts';
import { CATALOG, type ServiceType } from './catalog.ts';
import { networkOf, splitCidr } from './ip.ts';

/** A service with its defaults applied and its derived names. */
export interface Service {
	service: ServiceType;
	id: number;
	nom: string;
	/** Address with prefix. */
	adresse: string;
	/** Address alone. */
	ip: string;
	/** Full public name: nom.domaine. */
	fqdn: string;
	coeurs: number;
	memoire: number;
	disque: number;
}

/** A validated site, defaults applied. Keys are the YAML's (French) keys. */
type PbsOutput = NonNullable<SiteOutput['sauvegardes']['pbs']>;

export type Config = Omit<SiteOutput, 'services' | 'pare_feu' | 'sauvegardes'> & {
	services: Service[];
	pare_feu: { admin: string[] };
	sauvegardes: Omit<SiteOutput['sauvegardes'], 'pbs'> & { pbs?: PbsOutput & { stockage: string } };
};

export interface ConfigError {
	/** Field path, e.g. `services[2].memoire`, or `ligne 3, colonne 5` for YAML syntax. */
	path: string;
	message: string;
}

export type ConfigResult = { ok: true; config: Config } | { ok: false; errors: ConfigError[] };

/** Keys accepted by the schema object at `path` (for « champ inconnu »). */
function acceptedKeys(path: readonly PropertyKey[]): string[] {
	// Walk zod 4's definition tree, through the wrappers.
	let node: any = siteShape;
	const unwrap = () => {
		for (;;) {
			const def = node?._zod?.def;
			if (!def) return;
			if (['optional', 'default', 'prefault', 'nullable'].includes(def.type)) node = def.innerType;
			else if (def.type === 'pipe') node = def.in;
			else return;
		}
	};
	unwrap();
	for (const key of path) {
		const def = node?._zod?.def;
		if (def?.type === 'array') node = def.element;
		else if (def?.type === 'object') node = def.shape[key as string];
		else return [];
		unwrap();
	}
	const def = node?._zod?.def;
	return def?.type === 'object' ? Object.keys(def.shape) : [];
}

/** The stack's own wording: unknown keys list the accepted ones; the schema's messages are kept. */
function describeIssue(issue: z.core.$ZodIssue): string | undefined {
	if (issue.code === 'unrecognized_keys') {
		return `champ inconnu ${issue.keys.map((k) => `« ${k} »`).join(', ')} ; champs acceptés : ${acceptedKeys(issue.path).join(', ')}`;
	}
	if ((issue as { input?: unknown }).input === undefined && (issue.code === 'invalid_type' || issue.code === 'invalid_value' || issue.code === 'invalid_union')) {
		return 'champ obligatoire manquant';
	}
	return issue.message && !issue.message.startsWith('Invalid') ? issue.message : undefined;
}

function toErrors(e: unknown): ConfigError[] {
	if (!(e instanceof ValidationError)) throw e;
	return e.problems.map((p) => ({ path: p.where, message: frenchSpacing(p.message) }));
}

/**
 * Validates data already read (YAML or the Configurateur's form). Field
 * shapes and cross-field rules are checked in one pass: every mistake is
 * reported at once, even when some sections are wrong (#15 point 11).
 */
export function validateConfig(data: unknown): ConfigResult {
	let site: SiteOutput | undefined;
	let errors: ConfigError[] = [];
	try {
		site = validate(siteShape, data, 'site', { describe: describeIssue });
	} catch (e) {
		errors = toErrors(e);
	}
	const cross = crossFieldIssues(site ?? validParts(data)).map((i) => ({ path: fieldPath(i.path), message: frenchSpacing(i.message) }));
	errors.push(...cross.filter((c) => !errors.some((e) => e.path === c.path && e.message === c.message)));
	return site && errors.length === 0 ? { ok: true, config: normalize(site) } : { ok: false, errors };
}

/** Reads the YAML text of a site, then validates it. */
export function readConfig(text: string): ConfigResult {
	let data: unknown;
	try {
		data = parseYaml(text, 'site');
	} catch (e) {
		return { ok: false, errors: toErrors(e) };
	}
	return validateConfig(data);
}

function normalize(c: SiteOutput): Config {
	const services = c.services.map((s): Service => {
		const d = CATALOG[s.service].defaults;
		return {
			service: s.service,
			id: s.id,
			nom: s.nom,
			adresse: s.adresse,
			ip: splitCidr(s.adresse).address,
			fqdn: `${s.nom}.${c.site.domaine}`,
			coeurs: s.coeurs ?? d.cores,
			memoire: s.memoire ?? d.memory,
			disque: s.disque ?? d.disk,
		};
	});
	// One PBS storage id per node: two nodes of one cluster share /etc/pve/storage.cfg.
	const pbs = c.sauvegardes.pbs ? { ...c.sauvegardes.pbs, stockage: c.sauvegardes.pbs.stockage ?? `pbs-${c.hote.nom}` } : undefined;
	return { ...c, services, sauvegardes: { ...c.sauvegardes, pbs }, pare_feu: { admin: c.pare_feu.admin ?? [networkOf(c.hote.adresse)] } };
}

/** Full error message, one line per field, ready for the console. */
export function formatErrors(file: string, errors: ConfigError[]): string {
	const lines = errors.map((e) => `  - ${e.path}\u00a0: ${e.message}`);
	return `Configuration refusée (${file})\u00a0: rien n’a été modifié.\n${lines.join('\n')}`;
}
