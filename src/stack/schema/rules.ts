/**
 * Rules that span several fields (addresses in the host's network, unique
 * ids, memory budget, services that need each other). Field shapes are
 * checked by the sections; these rules run on the parsed site.
 */
import type { z } from 'zod';
import { CATALOG } from '../catalog.ts';
import { isNetworkOrBroadcast, inNetwork, networkOf, splitCidr } from '../ip.ts';
import type { ServiceOutput, SiteOutput } from './shape.ts';

/** RAM Proxmox itself keeps, in MiB. */
export const HOST_RESERVED_MEMORY = 2048;

type Issue = { path: (string | number)[]; message: string };

/**
 * The parts of a site that passed their own checks. Cross-field rules run
 * on whatever is valid, so that one pass reports every mistake (#15 point 11):
 * a rule is skipped only when a field it needs is itself wrong.
 */
export interface SiteParts {
	hote?: SiteOutput['hote'];
	/** Every entry, `undefined` where the entry is invalid (indexes kept). */
	services: (ServiceOutput | undefined)[];
	tls?: SiteOutput['tls'];
	cluster?: SiteOutput['cluster'];
	versions?: SiteOutput['versions'];
}

/** Every cross-field problem of a site, in French. */
export function crossFieldIssues(c: SiteParts): Issue[] {
	const issues: Issue[] = [];
	const add = (path: Issue['path'], message: string) => issues.push({ path, message });
	const host = c.hote;
	if (host) {
		if (isNetworkOrBroadcast(host.adresse)) add(['hote', 'adresse'], `« ${host.adresse} » est l’adresse du réseau ou de diffusion ; choisis une adresse d’hôte`);
		if (!inNetwork(host.passerelle, host.adresse)) add(['hote', 'passerelle'], `« ${host.passerelle} » n’est pas dans le réseau de l’hôte (${host.adresse})`);
		else if (host.passerelle === splitCidr(host.adresse).address) add(['hote', 'passerelle'], `« ${host.passerelle} » est l’adresse de l’hôte lui-même ; la passerelle est le routeur du réseau`);
	}
	const seen = { id: new Map<string | number, number>(), nom: new Map<string | number, number>(), adresse: new Map<string | number, number>(), service: new Map<string | number, number>() };
	let total = 0;
	c.services.forEach((s, i) => {
		if (!s) return;
		const def = CATALOG[s.service];
		const memory = s.memoire ?? def.defaults.memory;
		total += memory;
		const unique = (field: keyof typeof seen, value: string | number, what: string) => {
			const before = seen[field].get(value);
			if (before !== undefined) add(['services', i, field], `${what} « ${value} » est déjà utilisé par services[${before}] ; chaque valeur doit être unique`);
			else seen[field].set(value, i);
		};
		unique('id', s.id, 'l’identifiant de conteneur');
		unique('nom', s.nom, 'le nom d’hôte');
		unique('service', s.service, 'le service');
		const ip = splitCidr(s.adresse).address;
		unique('adresse', ip, 'l’adresse');
		if (!host) return;
		if (ip === splitCidr(host.adresse).address) {
			add(['services', i, 'adresse'], `« ${ip} » est déjà l’adresse de l’hôte`);
		} else if (ip === host.passerelle) {
			add(['services', i, 'adresse'], `« ${ip} » est l’adresse de la passerelle (hote.passerelle) ; choisis une adresse libre du réseau ${networkOf(host.adresse)}`);
		} else if (!inNetwork(ip, host.adresse) || splitCidr(s.adresse).prefix !== splitCidr(host.adresse).prefix) {
			add(['services', i, 'adresse'], `« ${s.adresse} » doit être dans le réseau de l’hôte (${host.adresse}), avec le même préfixe`);
		} else if (isNetworkOrBroadcast(s.adresse)) {
			add(['services', i, 'adresse'], `« ${s.adresse} » est l’adresse du réseau ou de diffusion`);
		}
		if (memory > host.memoire) {
			add(['services', i, 'memoire'], `${memory} Mio dépasse la mémoire de l’hôte (${host.memoire} Mio) ; valeurs acceptées : de ${def.minMemory} à ${host.memoire} Mio`);
		} else if (memory < def.minMemory) {
			add(['services', i, 'memoire'], `${memory} Mio est trop peu pour ${s.service} ; valeurs acceptées : de ${def.minMemory} à ${host.memoire} Mio`);
		}
	});
	// Rules over the whole list need every entry.
	const all = c.services.every((s) => s !== undefined) ? (c.services as ServiceOutput[]) : undefined;
	if (all && host && total + HOST_RESERVED_MEMORY > host.memoire) {
		add(['services'], `les conteneurs demandent ${total} Mio et Proxmox garde ${HOST_RESERVED_MEMORY} Mio : il faut ${total + HOST_RESERVED_MEMORY} Mio, l’hôte en a ${host.memoire} (hote.memoire)`);
	}
	if (all?.some((s) => s.service !== 'proxy') && !all.some((s) => s.service === 'proxy')) {
		add(['services'], 'un service « proxy » est nécessaire pour publier les services web en HTTPS');
	}
	if (all?.some((s) => s.service === 'collabora') && !all.some((s) => s.service === 'nextcloud')) {
		add(['services'], 'Collabora s’utilise depuis Nextcloud : ajoute un service « nextcloud »');
	}
	if (c.tls?.mode === 'acme' && !c.tls.courriel) add(['tls', 'courriel'], 'obligatoire en mode acme (compte Let’s Encrypt)');
	if (c.cluster?.role === 'rejoindre' && !c.cluster.pair) add(['cluster', 'pair'], 'obligatoire pour rejoindre une grappe : adresse IPv4 d’un nœud membre');
	if (c.cluster?.role === 'rejoindre' && !c.cluster.empreinte) {
		add(['cluster', 'empreinte'], 'obligatoire pour rejoindre une grappe : empreinte SHA-256 du certificat du nœud membre (pvenode cert info sur ce nœud)');
	}
	if (host && c.versions?.modele && !c.versions.modele.startsWith(`debian-${host.debian}-`)) {
		add(['versions', 'modele'], `le modèle doit être un Debian ${host.debian}, comme l’hôte`);
	}
	return issues;
}

/** Reports {@link crossFieldIssues} to zod. */
export function refineSite(c: SiteOutput, ctx: z.RefinementCtx): void {
	for (const issue of crossFieldIssues(c)) ctx.addIssue({ code: 'custom', path: issue.path, message: issue.message });
}
