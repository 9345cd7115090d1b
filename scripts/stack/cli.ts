/**
 * CLI du générateur de déploiement.
 *   npm run stack -- plan   --config FICHIER|DOSSIER [--json]
 *   npm run stack -- bundle --config FICHIER|DOSSIER --out DOSSIER
 *   npm run stack -- schema [--out FICHIER]
 * Un dossier est un inventaire : chaque *.yaml est un site (sous-dossier par site dans --out).
 * Toute l'écriture disque est ici ; src/stack ne fait que calculer.
 */
import { readFileSync, writeFileSync, mkdirSync, readdirSync, statSync, chmodSync, rmSync, existsSync } from 'node:fs';
import { join, dirname, basename } from 'node:path';
import { lireConfig, formaterErreurs, construirePaquet, planEnTexte, jsonSchema } from '../../src/stack/index.ts';

const USAGE = `Usage :
  npm run stack -- plan   --config FICHIER.yaml|DOSSIER [--json]
  npm run stack -- bundle --config FICHIER.yaml|DOSSIER --out DOSSIER
  npm run stack -- schema [--out FICHIER.json]`;

function options(args: string[]): Record<string, string | true> {
	const o: Record<string, string | true> = {};
	for (let i = 0; i < args.length; i++) {
		const a = args[i];
		if (!a.startsWith('--')) throw new Error(`argument inattendu « ${a} »`);
		const nom = a.slice(2);
		const suivant = args[i + 1];
		if (suivant !== undefined && !suivant.startsWith('--')) {
			o[nom] = suivant;
			i++;
		} else o[nom] = true;
	}
	return o;
}

/** Fichiers de site désignés par --config (un fichier, ou tous les .yaml d'un dossier d'inventaire). */
function fichiersSite(chemin: string): string[] {
	if (!existsSync(chemin)) throw new Error(`fichier ou dossier introuvable : ${chemin}`);
	if (statSync(chemin).isDirectory()) {
		const liste = readdirSync(chemin).filter((f) => /\.ya?ml$/.test(f)).sort().map((f) => join(chemin, f));
		if (liste.length === 0) throw new Error(`aucun fichier .yaml dans l’inventaire ${chemin}`);
		return liste;
	}
	return [chemin];
}

function charger(fichier: string) {
	const texte = readFileSync(fichier, 'utf8');
	const r = lireConfig(texte);
	return { texte, r };
}

/** Écrit un paquet dans un dossier vide ou déjà produit par nous (jamais ailleurs). */
function ecrirePaquet(dossier: string, fichiers: { chemin: string; contenu: string; mode: string }[]) {
	if (existsSync(dossier) && readdirSync(dossier).length > 0 && !existsSync(join(dossier, 'SHA256SUMS'))) {
		throw new Error(`le dossier ${dossier} n’est pas vide et ne contient pas de paquet : choisis un dossier vide`);
	}
	rmSync(dossier, { recursive: true, force: true });
	for (const f of fichiers) {
		const cible = join(dossier, f.chemin);
		mkdirSync(dirname(cible), { recursive: true });
		writeFileSync(cible, f.contenu);
		chmodSync(cible, Number.parseInt(f.mode, 8));
	}
}

export function principal(argv: string[]): number {
	const [commande, ...reste] = argv;
	let o: Record<string, string | true>;
	try {
		o = options(reste);
	} catch (e) {
		console.error(`${(e as Error).message}\n${USAGE}`);
		return 2;
	}
	try {
		if (commande === 'schema') {
			const texte = `${JSON.stringify(jsonSchema(), null, 2)}\n`;
			if (typeof o.out === 'string') {
				mkdirSync(dirname(o.out), { recursive: true });
				writeFileSync(o.out, texte);
				console.log(`Schéma JSON écrit dans ${o.out}`);
			} else process.stdout.write(texte);
			return 0;
		}
		if (commande !== 'plan' && commande !== 'bundle') {
			console.error(USAGE);
			return 2;
		}
		if (typeof o.config !== 'string') {
			console.error(`--config FICHIER est obligatoire.\n${USAGE}`);
			return 2;
		}
		const sites = fichiersSite(o.config);
		const charges = sites.map((f) => ({ fichier: f, ...charger(f) }));
		const refus = charges.filter((c) => !c.r.ok);
		if (refus.length > 0) {
			for (const c of refus) if (!c.r.ok) console.error(formaterErreurs(c.fichier, c.r.erreurs));
			return 1;
		}
		const noms = new Map<string, string>();
		for (const c of charges) {
			if (!c.r.ok) continue;
			const avant = noms.get(c.r.config.site.nom);
			if (avant) {
				console.error(`Configuration refusée (${c.fichier}) — rien n’a été modifié.\n  - site.nom : « ${c.r.config.site.nom} » est déjà utilisé par ${avant} ; chaque site de l’inventaire doit avoir un nom unique`);
				return 1;
			}
			noms.set(c.r.config.site.nom, c.fichier);
		}
		if (commande === 'plan') {
			const plans = charges.map((c) => (c.r.ok ? construirePaquet(c.r.config, c.texte).plan : null));
			if (o.json) console.log(JSON.stringify(sites.length === 1 ? plans[0] : plans, null, 2));
			else console.log(plans.map((p) => (p ? planEnTexte(p) : '')).join('\n'));
			return 0;
		}
		if (typeof o.out !== 'string') {
			console.error(`--out DOSSIER est obligatoire pour bundle.\n${USAGE}`);
			return 2;
		}
		for (const c of charges) {
			if (!c.r.ok) continue;
			const paquet = construirePaquet(c.r.config, c.texte);
			const dossier = sites.length === 1 && !statSync(o.config).isDirectory() ? o.out : join(o.out, c.r.config.site.nom);
			ecrirePaquet(dossier, paquet.fichiers);
			const taille = paquet.fichiers.reduce((t, f) => t + new TextEncoder().encode(f.contenu).length, 0);
			console.log(`Paquet « ${c.r.config.site.nom} » écrit dans ${dossier} : ${paquet.fichiers.length} fichiers, ${taille} octets, ${paquet.plan.actions.length} actions (${basename(c.fichier)}).`);
		}
		return 0;
	} catch (e) {
		console.error(`Erreur : ${(e as Error).message}`);
		return 1;
	}
}
