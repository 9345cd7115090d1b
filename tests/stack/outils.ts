/**
 * Aides des tests du générateur : écrire un paquet sur disque, lancer un
 * outil Debian, préparer le banc d'essai bats.
 */
import { spawnSync, type SpawnSyncOptions } from 'node:child_process';
import { mkdirSync, writeFileSync, chmodSync, readFileSync, mkdtempSync } from 'node:fs';
import { join, dirname } from 'node:path';
import { tmpdir } from 'node:os';
import { createHash } from 'node:crypto';
import { lireConfig, construirePaquet, type Paquet } from '../../src/stack/index.ts';

export const RACINE_DEPOT = join(import.meta.dirname, '..', '..');
export const EXEMPLES = join(RACINE_DEPOT, 'src', 'stack', 'exemples');
export const FIXTURES = join(import.meta.dirname, 'fixtures');

/** Paquets Debian dont ces tests ont besoin (à installer par la CI). */
export const PAQUETS_DEBIAN = 'shellcheck bats nginx-light nftables ifupdown';

export function lancer(cmd: string, args: string[], opts: SpawnSyncOptions = {}) {
	const r = spawnSync(cmd, args, { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024, ...opts });
	if (r.error && (r.error as NodeJS.ErrnoException).code === 'ENOENT') {
		throw new Error(`« ${cmd} » est introuvable : installe les paquets Debian ${PAQUETS_DEBIAN}`);
	}
	return { code: r.status ?? -1, sortie: `${r.stdout ?? ''}${r.stderr ?? ''}` };
}

export function ecrirePaquet(dossier: string, paquet: Paquet) {
	for (const f of paquet.fichiers) {
		const cible = join(dossier, f.chemin);
		mkdirSync(dirname(cible), { recursive: true });
		writeFileSync(cible, f.contenu);
		chmodSync(cible, Number.parseInt(f.mode, 8));
	}
}

export function paquetExemple(nom: string): Paquet {
	const texte = readFileSync(join(EXEMPLES, nom), 'utf8');
	const r = lireConfig(texte);
	if (!r.ok) throw new Error(JSON.stringify(r.erreurs));
	return construirePaquet(r.config, texte);
}

/** Banc bats : faux téléchargements, leurs sommes dans la config, paquet écrit, appels attendus. */
export function preparerBanc() {
	const base = mkdtempSync(join(tmpdir(), 'ab-banc-'));
	const telechargements = join(base, 'telechargements');
	mkdirSync(telechargements);
	const faux: Record<string, string> = { CLE: 'proxmox-banc.gpg', NEXTCLOUD: 'nextcloud-banc.tar.bz2', ELEMENT: 'element-banc.tar.gz' };
	let texte = readFileSync(join(FIXTURES, 'banc.yaml'), 'utf8');
	for (const [cle, fichier] of Object.entries(faux)) {
		const contenu = `faux contenu de ${fichier}\n`;
		writeFileSync(join(telechargements, fichier), contenu);
		texte = texte.replace(`@${cle}@`, createHash('sha256').update(contenu).digest('hex'));
	}
	const r = lireConfig(texte);
	if (!r.ok) throw new Error(JSON.stringify(r.erreurs));
	const paquet = construirePaquet(r.config, texte);
	const dossier = join(base, 'paquet');
	ecrirePaquet(dossier, paquet);
	const attendus = paquet.plan.actions.flatMap((a) => a.commandes.map((c) => `${a.id}\t${c}`));
	writeFileSync(join(base, 'attendus.tsv'), `${attendus.join('\n')}\n`);
	return { base, dossier, telechargements, paquet };
}

/** Remplace les espaces insécables (typographie française) par des espaces simples, pour comparer. */
export function espaces(texte: string): string {
	return texte.replace(/[\u00a0\u202f]/g, ' ');
}
