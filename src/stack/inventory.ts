/**
 * Rules over several site files at once (a cooperative's inventory, or
 * `--config` given several times): site names are unique, and the nodes of
 * one Proxmox cluster share one list of container ids, addresses, node
 * names and storage ids (/etc/pve is the same on every node).
 */
import type { Config } from './config.ts';

/** One site file and its validated configuration. */
export interface InventorySite {
	file: string;
	config: Config;
}

/** A problem that spans two files: where, and what. */
export interface InventoryProblem {
	file: string;
	path: string;
	message: string;
}

/** Every conflict between the sites of an inventory, in French. */
export function inventoryProblems(sites: InventorySite[]): InventoryProblem[] {
	const problems: InventoryProblem[] = [];
	const names = new Map<string, string>();
	for (const { file, config } of sites) {
		const before = names.get(config.site.nom);
		if (before) problems.push({ file, path: 'site.nom', message: `« ${config.site.nom} » est déjà utilisé par ${before} ; chaque site de l’inventaire doit avoir un nom unique` });
		else names.set(config.site.nom, file);
	}
	const clusters = new Map<string, InventorySite[]>();
	for (const s of sites) {
		if (!s.config.cluster) continue;
		clusters.set(s.config.cluster.nom, [...(clusters.get(s.config.cluster.nom) ?? []), s]);
	}
	for (const [cluster, members] of clusters) {
		const seen = new Map<string, string>();
		const unique = (file: string, path: string, key: string, value: string | number, what: string) => {
			const before = seen.get(`${key}\0${value}`);
			if (before && before !== file) {
				problems.push({ file, path, message: `${what} « ${value} » est déjà pris dans la grappe « ${cluster} » par ${before} ; chaque nœud d’une grappe partage la même liste` });
			} else seen.set(`${key}\0${value}`, file);
		};
		for (const { file, config: c } of members) {
			unique(file, 'hote.nom', 'nœud', c.hote.nom, 'le nom de nœud');
			unique(file, 'hote.adresse', 'ip', c.hote.adresse.split('/')[0], 'l’adresse');
			c.services.forEach((s, i) => {
				unique(file, `services[${i}].id`, 'id', s.id, 'l’identifiant de conteneur');
				unique(file, `services[${i}].adresse`, 'ip', s.ip, 'l’adresse');
			});
			if (c.sauvegardes.pbs) unique(file, 'sauvegardes.pbs.stockage', 'stockage', c.sauvegardes.pbs.stockage, 'le stockage Proxmox Backup Server');
		}
	}
	return problems;
}
