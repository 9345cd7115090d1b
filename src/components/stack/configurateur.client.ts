/**
 * Logique du Configurateur, dans le navigateur : formulaire → objet de
 * configuration → validation (même schéma que la CLI) → plan → paquet zippé.
 * Un fichier importé et non modifié est gardé octet pour octet dans
 * config/site.yaml : l'archive est alors identique au paquet de la CLI.
 */
import { parse, stringify } from 'yaml';
import { zipSync, strToU8, type Zippable } from 'fflate';
import { validerConfig, lireConfig, construirePaquet, planEnTexte, type ResultatConfig, type Paquet } from '../../stack/index.ts';
import { TEXTES } from './textes.ts';

/** Date fixe des fichiers de l'archive : deux archives du même site ont les mêmes octets. */
const DATE_ARCHIVE = new Date('2026-01-01T00:00:00Z');

type Objet = Record<string, any>;

function lireChemin(objet: Objet, chemin: string): unknown {
	return chemin.split('.').reduce<any>((o, k) => (o == null ? undefined : o[k]), objet);
}

function ecrireChemin(objet: Objet, chemin: string, valeur: unknown) {
	const cles = chemin.split('.');
	let o = objet;
	for (const k of cles.slice(0, -1)) {
		if (typeof o[k] !== 'object' || o[k] === null) o[k] = {};
		o = o[k];
	}
	const derniere = cles[cles.length - 1];
	if (valeur === undefined) delete o[derniere];
	else o[derniere] = valeur;
}

/** Valeur d'un champ selon son type (texte, nombre, liste « a, b », lignes). */
function valeurChamp(champ: HTMLInputElement | HTMLSelectElement | HTMLTextAreaElement): unknown {
	const brut = champ.value.trim();
	if (brut === '') return undefined;
	switch (champ.dataset.type) {
		case 'nombre':
			return /^-?\d+$/.test(brut) ? Number(brut) : brut;
		case 'liste':
			return brut.split(',').map((s) => s.trim()).filter(Boolean);
		case 'lignes':
			return brut.split('\n').map((s) => s.trim()).filter(Boolean);
		default:
			return brut;
	}
}

function afficherChamp(champ: HTMLInputElement | HTMLSelectElement | HTMLTextAreaElement, valeur: unknown) {
	if (valeur === undefined || valeur === null) champ.value = '';
	else if (Array.isArray(valeur)) champ.value = valeur.join(champ.dataset.type === 'lignes' ? '\n' : ', ');
	else champ.value = String(valeur);
}

class Configurateur extends HTMLElement {
	/** Document importé : ses sections absentes du formulaire sont gardées. */
	private base: Objet = {};
	/** Texte YAML d'origine, tant que le formulaire n'a pas été modifié. */
	private texteOrigine: string | null = null;
	private paquet: Paquet | null = null;
	private nomSite = 'site';

	private $<T extends Element>(selecteur: string): T {
		return this.querySelector(selecteur) as T;
	}

	connectedCallback() {
		const form = this.$<HTMLFormElement>('form');
		form.addEventListener('input', (e) => {
			if ((e.target as HTMLElement).id === 'ab-import') return;
			this.texteOrigine = null;
			this.actualiser();
		});
		form.addEventListener('submit', (e) => e.preventDefault());
		this.$<HTMLInputElement>('#ab-import').addEventListener('change', async (e) => {
			const fichier = (e.target as HTMLInputElement).files?.[0];
			if (fichier) this.charger(await fichier.text(), fichier.name);
		});
		this.$<HTMLButtonElement>('[data-telecharger]').addEventListener('click', () => this.telechargerPaquet());
		this.$<HTMLButtonElement>('[data-telecharger-yaml]').addEventListener('click', () => this.telecharger(new Blob([this.texteYaml()], { type: 'text/yaml' }), 'site.yaml'));
		this.charger(this.dataset.exemple ?? '', null);
	}

	/** Remplit le formulaire à partir d'un texte YAML. */
	charger(texte: string, nom: string | null) {
		let doc: unknown;
		try {
			doc = parse(texte);
		} catch (e) {
			this.montrer({ ok: false, erreurs: [{ chemin: '(fichier)', message: `${TEXTES.yamlIllisible} ${(e as Error).message.split('\n')[0]}` }] }, '');
			return;
		}
		this.base = doc && typeof doc === 'object' ? (doc as Objet) : {};
		for (const champ of this.querySelectorAll<HTMLInputElement>('[data-chemin]')) afficherChamp(champ, lireChemin(this.base, champ.dataset.chemin ?? ''));
		const services: Objet[] = Array.isArray(this.base.services) ? this.base.services : [];
		for (const ligne of this.querySelectorAll<HTMLElement>('[data-service]')) {
			const s = services.find((x) => x?.service === ligne.dataset.service);
			for (const champ of ligne.querySelectorAll<HTMLInputElement>('[data-champ]')) {
				if (champ.dataset.champ === 'inclus') champ.checked = Boolean(s);
				else if (s) afficherChamp(champ, s[champ.dataset.champ ?? '']);
			}
		}
		this.texteOrigine = texte;
		this.actualiser();
		if (nom) this.$<HTMLElement>('[data-etat]').prepend(`${TEXTES.importe(nom)} `);
	}

	/** Objet de configuration décrit par le formulaire. */
	private lire(): Objet {
		const objet: Objet = structuredClone(this.base);
		for (const champ of this.querySelectorAll<HTMLInputElement>('[data-chemin]')) ecrireChemin(objet, champ.dataset.chemin ?? '', valeurChamp(champ));
		objet.services = [];
		for (const ligne of this.querySelectorAll<HTMLElement>('[data-service]')) {
			const inclus = ligne.querySelector<HTMLInputElement>('[data-champ="inclus"]')?.checked;
			if (!inclus) continue;
			const s: Objet = { service: ligne.dataset.service };
			for (const champ of ligne.querySelectorAll<HTMLInputElement>('[data-champ]')) {
				if (champ.dataset.champ === 'inclus') continue;
				const v = valeurChamp(champ);
				if (v !== undefined) s[champ.dataset.champ ?? ''] = v;
			}
			objet.services.push(s);
		}
		return objet;
	}

	private texteYaml(): string {
		return this.texteOrigine ?? stringify(this.lire(), { lineWidth: 0 });
	}

	/** Valide, affiche les erreurs ou le plan, et prépare le paquet. */
	actualiser() {
		const texte = this.texteYaml();
		const r = this.texteOrigine !== null ? lireConfig(texte) : validerConfig(this.lire());
		this.montrer(r, texte);
	}

	private montrer(r: ResultatConfig, texte: string) {
		const etat = this.$<HTMLElement>('[data-etat]');
		const liste = this.$<HTMLUListElement>('[data-erreurs]');
		const bouton = this.$<HTMLButtonElement>('[data-telecharger]');
		for (const champ of this.querySelectorAll('[aria-invalid]')) champ.removeAttribute('aria-invalid');
		liste.replaceChildren();
		this.$<HTMLElement>('[data-yaml]').textContent = texte;
		if (!r.ok) {
			this.paquet = null;
			bouton.disabled = true;
			etat.textContent = TEXTES.erreurs(r.erreurs.length);
			const services: Objet[] = (this.texteOrigine !== null ? (this.base.services ?? []) : this.lire().services) as Objet[];
			for (const e of r.erreurs) {
				const champ = this.champDe(e.chemin, services);
				champ?.setAttribute('aria-invalid', 'true');
				const li = document.createElement('li');
				const code = document.createElement('code');
				code.textContent = e.chemin;
				if (champ) {
					const a = document.createElement('a');
					a.href = `#${champ.id}`;
					a.append(code);
					li.append(a);
				} else li.append(code);
				li.append(`\u00a0: ${e.message}`);
				liste.append(li);
			}
			this.$<HTMLElement>('[data-plan]').textContent = '';
			this.$<HTMLElement>('[data-plan-titre]').textContent = TEXTES.plan(0);
			return;
		}
		this.paquet = construirePaquet(r.config, texte);
		this.nomSite = r.config.site.nom;
		bouton.disabled = false;
		etat.textContent = TEXTES.ok(this.paquet.plan.actions.length);
		this.$<HTMLElement>('[data-plan]').textContent = planEnTexte(this.paquet.plan);
		this.$<HTMLElement>('[data-plan-titre]').textContent = TEXTES.plan(this.paquet.plan.actions.length);
	}

	/** Le champ du formulaire qui correspond à un chemin d'erreur (`services[1].memoire` → ligne du service). */
	private champDe(chemin: string, services: Objet[]): HTMLElement | null {
		const m = chemin.match(/^services\[(\d+)\](?:\.(\w+))?/);
		if (m) {
			const type = services[Number(m[1])]?.service;
			const ligne = this.querySelector(`[data-service="${CSS.escape(String(type))}"]`);
			return ligne?.querySelector<HTMLElement>(`[data-champ="${m[2] === 'service' || !m[2] ? 'inclus' : m[2]}"]`) ?? null;
		}
		const base = chemin.replace(/\[\d+\]$/, '');
		return this.querySelector<HTMLElement>(`[data-chemin="${CSS.escape(base)}"]`);
	}

	private telechargerPaquet() {
		if (!this.paquet) return;
		const entrees: Zippable = {};
		for (const f of this.paquet.fichiers) {
			const mode = Number.parseInt(f.mode, 8);
			// Attributs Unix (type fichier + mode) : unzip rend deploy.sh exécutable.
			entrees[`${this.nomSite}/${f.chemin}`] = [strToU8(f.contenu), { os: 3, attrs: ((0o100000 | mode) << 16) >>> 0, mtime: DATE_ARCHIVE }];
		}
		const zip = zipSync(entrees, { level: 9 });
		const nom = `alliance-boreale-${this.nomSite}.zip`;
		this.telecharger(new Blob([zip], { type: 'application/zip' }), nom);
		this.$<HTMLElement>('[data-etat]').textContent = TEXTES.archivePrete(nom, zip.length);
	}

	private telecharger(blob: Blob, nom: string) {
		const url = URL.createObjectURL(blob);
		const a = document.createElement('a');
		a.href = url;
		a.download = nom;
		document.body.append(a);
		a.click();
		a.remove();
		setTimeout(() => URL.revokeObjectURL(url), 10_000);
	}
}

if (!customElements.get('ab-configurateur')) customElements.define('ab-configurateur', Configurateur);
