/**
 * Lecture d'un fichier de site : YAML → schéma → configuration normalisée.
 * Toute erreur est rendue en français, avec le chemin du champ
 * (« services[2].memoire ») et ce qui serait accepté.
 */
import { parseDocument } from 'yaml';
import { z } from 'zod';
import { schemaSite, type ConfigBrute } from './schema.ts';
import { CATALOGUE, type TypeService } from './services/catalogue.ts';
import { separerCidr } from './ip.ts';
import { typo } from './typo.ts';

export interface ServiceNormalise {
	service: TypeService;
	id: number;
	nom: string;
	/** Adresse avec préfixe. */
	adresse: string;
	/** Adresse seule. */
	ip: string;
	/** Nom public complet : nom.domaine. */
	fqdn: string;
	coeurs: number;
	memoire: number;
	disque: number;
}

export type Config = Omit<ConfigBrute, 'services'> & {
	services: ServiceNormalise[];
	pare_feu: { admin: string[] };
};

export interface ErreurConfig {
	/** Chemin du champ, par exemple `services[2].memoire`. */
	chemin: string;
	message: string;
}

export type ResultatConfig = { ok: true; config: Config } | { ok: false; erreurs: ErreurConfig[] };

/** Écrit un chemin zod comme on l'écrirait en YAML/JS : `services[2].memoire`. */
export function formaterChemin(chemin: readonly PropertyKey[]): string {
	let texte = '';
	for (const morceau of chemin) {
		if (typeof morceau === 'number') texte += `[${morceau}]`;
		else texte += texte ? `.${String(morceau)}` : String(morceau);
	}
	return texte || '(racine)';
}

/** Clés acceptées par l'objet du schéma situé à `chemin` (pour « champ inconnu »). */
function clesAcceptees(chemin: readonly PropertyKey[]): string[] {
	// On descend dans la définition zod 4 en traversant les enveloppes.
	let courant: any = schemaSite;
	const deballer = () => {
		for (;;) {
			const def = courant?._zod?.def;
			if (!def) return;
			if (def.type === 'optional' || def.type === 'default' || def.type === 'prefault' || def.type === 'nullable') courant = def.innerType;
			else if (def.type === 'pipe') courant = def.in;
			else return;
		}
	};
	deballer();
	for (const morceau of chemin) {
		const def = courant?._zod?.def;
		if (def?.type === 'array') courant = def.element;
		else if (def?.type === 'object') courant = def.shape[morceau as string];
		else return [];
		deballer();
	}
	const def = courant?._zod?.def;
	return def?.type === 'object' ? Object.keys(def.shape) : [];
}

function traduire(issue: z.core.$ZodIssue): string {
	switch (issue.code) {
		case 'unrecognized_keys': {
			const cles = clesAcceptees(issue.path);
			return `champ inconnu ${issue.keys.map((k) => `« ${k} »`).join(', ')} ; champs acceptés : ${cles.join(', ')}`;
		}
		case 'invalid_type':
			if ((issue as { input?: unknown }).input === undefined) return 'champ obligatoire manquant';
			return issue.message.startsWith('Invalid') ? `type inattendu : ${issue.expected} attendu` : issue.message;
		default:
			return issue.message;
	}
}

/** Valide un objet déjà lu (YAML ou formulaire). */
export function validerConfig(donnees: unknown): ResultatConfig {
	const r = schemaSite.safeParse(donnees, { reportInput: true });
	if (!r.success) {
		const erreurs = r.error.issues.map((issue) => {
			const chemin = issue.code === 'unrecognized_keys' ? issue.path : issue.path;
			return { chemin: formaterChemin(chemin), message: typo(traduire(issue)) };
		});
		return { ok: false, erreurs };
	}
	return { ok: true, config: normaliser(r.data) };
}

/** Lit le texte YAML d'un site puis le valide. */
export function lireConfig(texte: string): ResultatConfig {
	const doc = parseDocument(texte, { prettyErrors: true, uniqueKeys: true });
	if (doc.errors.length > 0) {
		return {
			ok: false,
			erreurs: doc.errors.map((e) => ({
				chemin: e.linePos ? `ligne ${e.linePos[0].line}, colonne ${e.linePos[0].col}` : '(fichier)',
				message: `YAML illisible : ${e.message.split('\n')[0]}`,
			})),
		};
	}
	return validerConfig(doc.toJS());
}

function normaliser(c: ConfigBrute): Config {
	const services = c.services.map((s): ServiceNormalise => {
		const d = CATALOGUE[s.service].defauts;
		return {
			service: s.service,
			id: s.id,
			nom: s.nom,
			adresse: s.adresse,
			ip: separerCidr(s.adresse).adresse,
			fqdn: `${s.nom}.${c.site.domaine}`,
			coeurs: s.coeurs ?? d.coeurs,
			memoire: s.memoire ?? d.memoire,
			disque: s.disque ?? d.disque,
		};
	});
	const reseau = separerCidr(c.hote.adresse);
	const taille = 2 ** (32 - reseau.prefixe);
	const n = reseau.adresse.split('.').reduce((a, o) => a * 256 + Number(o), 0);
	const base = Math.floor(n / taille) * taille;
	const reseauHote = `${[24, 16, 8, 0].map((d) => Math.floor(base / 2 ** d) % 256).join('.')}/${reseau.prefixe}`;
	return { ...c, services, pare_feu: { admin: c.pare_feu.admin ?? [reseauHote] } };
}

/** Message d'erreur complet, une ligne par champ, prêt pour la console. */
export function formaterErreurs(fichier: string, erreurs: ErreurConfig[]): string {
	const lignes = erreurs.map((e) => `  - ${e.chemin}\u00a0: ${e.message}`);
	return `Configuration refusée (${fichier})\u00a0: rien n’a été modifié.\n${lignes.join('\n')}`;
}
