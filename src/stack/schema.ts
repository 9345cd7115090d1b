/**
 * Schéma du fichier de site (YAML). Les noms de champs sont en français,
 * comme les messages d'erreur : c'est le vocabulaire de l'apprenant.
 * Aucun secret n'y figure : ils sont lus dans des fichiers 0600 ou demandés.
 */
import { z } from 'zod';
import { IPV4, IPV4_CIDR, adresseReservee, dansReseau, separerCidr } from './ip.ts';
import { CATALOGUE, TYPES_SERVICE } from './services/catalogue.ts';

const MSG_ETIQUETTE =
	'n’est pas une étiquette DNS valide : 1 à 63 caractères parmi a-z, 0-9 et « - », sans « - » au début ni à la fin';

/** Étiquette DNS (RFC 1123), en minuscules. */
export const etiquetteDns = z
	.string({ error: 'texte attendu (étiquette DNS)' })
	.regex(/^(?!-)[a-z0-9-]{1,63}(?<!-)$/, { error: (i) => `« ${String(i.input)} » ${MSG_ETIQUETTE}` });

const domaine = z
	.string({ error: 'texte attendu (nom de domaine)' })
	.regex(/^(?=.{1,253}$)([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}$/, {
		error: (i) =>
			`« ${String(i.input)} » n’est pas un nom de domaine valide : des étiquettes DNS en minuscules séparées par des points, par exemple « exemple.org »`,
	});

const ipv4 = z.string({ error: 'texte attendu (adresse IPv4)' }).regex(IPV4, {
	error: (i) => `« ${String(i.input)} » n’est pas une adresse IPv4 valide, par exemple « 192.168.1.1 »`,
});

const ipv4Cidr = z.string({ error: 'texte attendu (adresse IPv4/préfixe)' }).regex(IPV4_CIDR, {
	error: (i) =>
		`« ${String(i.input)} » n’est pas une adresse IPv4 avec préfixe valide : format « 192.168.1.20/24 », préfixe de 8 à 30`,
});

const courriel = z
	.string({ error: 'texte attendu (adresse de courriel)' })
	.regex(/^[^\s@'"`$\\]+@[a-z0-9.-]+\.[a-z]{2,63}$/i, {
		error: (i) => `« ${String(i.input)} » n’est pas une adresse de courriel valide`,
	});

const nomStockage = z
	.string({ error: 'texte attendu (nom de stockage Proxmox)' })
	.regex(/^[a-z][a-z0-9_-]{0,39}$/i, {
		error: (i) => `« ${String(i.input)} » n’est pas un nom de stockage Proxmox valide (lettres, chiffres, « - », « _ »)`,
	});

const entier = (min: number, max: number, unite = '') =>
	z
		.number({ error: `nombre entier attendu, de ${min} à ${max}${unite}` })
		.int({ error: `nombre entier attendu, de ${min} à ${max}${unite}` })
		.min(min, { error: `valeur trop petite : de ${min} à ${max}${unite} accepté` })
		.max(max, { error: `valeur trop grande : de ${min} à ${max}${unite} accepté` });

const telechargement = z.strictObject({
	/** URL de l'archive (un miroir local est permis). */
	url: z.string().regex(/^https?:\/\/[^\s'"`$\\]+$/, { error: 'URL http(s) attendue, sans espace ni guillemet' }),
	/** Somme SHA-256 publiée par l'éditeur. */
	sha256: z.string().regex(/^[0-9a-f]{64}$/, { error: 'somme SHA-256 attendue : 64 caractères hexadécimaux minuscules' }),
});

const service = z.strictObject({
	/** Type de service (voir la page « Services »). */
	service: z.enum(TYPES_SERVICE, {
		error: (i) => `service inconnu « ${String(i.input)} » ; valeurs acceptées : ${TYPES_SERVICE.join(', ')}`,
	}),
	/** Identifiant du conteneur Proxmox (VMID), unique sur le site. */
	id: entier(100, 999_999_999),
	/** Nom d'hôte du conteneur ; c'est aussi le sous-domaine public du service. */
	nom: etiquetteDns,
	/** Adresse du conteneur avec son préfixe, dans le réseau de l'hôte. */
	adresse: ipv4Cidr,
	/** Cœurs de processeur. @default selon le service */
	coeurs: entier(1, 64).optional(),
	/** Mémoire en Mio. @default selon le service */
	memoire: entier(256, 1_048_576, ' Mio').optional(),
	/** Disque racine en Gio. @default selon le service */
	disque: entier(2, 16_384, ' Gio').optional(),
});

/** Schéma complet d'un site. */
export const schemaSite = z
	.strictObject({
		site: z.strictObject({
			/** Identifiant court du site (dossier de l'inventaire, noms de tâches). */
			nom: etiquetteDns,
			/** Domaine public ou local sous lequel les services sont publiés. */
			domaine,
			/** Fuseau horaire IANA. @default "America/Toronto" */
			fuseau: z
				.string()
				.regex(/^(UTC|[A-Z][A-Za-z_]+(\/[A-Za-z0-9_+-]+){1,2})$/, {
					error: (i) => `« ${String(i.input)} » n’est pas un fuseau horaire IANA, par exemple « America/Toronto » ou « Europe/Paris »`,
				})
				.default('America/Toronto'),
			/** Courriel de la personne responsable (alertes, ACME). */
			contact: courriel,
		}),
		hote: z.strictObject({
			/** Nom court de la machine Proxmox. */
			nom: etiquetteDns,
			/** Version de Debian installée : 12 → Proxmox VE 8, 13 → Proxmox VE 9. */
			debian: z.union([z.literal(12), z.literal(13)], { error: 'valeurs acceptées : 12 (Proxmox VE 8) ou 13 (Proxmox VE 9)' }),
			/** Carte réseau physique reliée au pont. */
			interface: z.string().regex(/^[a-z][a-z0-9_.-]{0,14}$/, {
				error: (i) => `« ${String(i.input)} » n’est pas un nom d’interface réseau valide, par exemple « eno1 » ou « enp3s0 »`,
			}),
			/** Adresse de l'hôte avec préfixe. */
			adresse: ipv4Cidr,
			passerelle: ipv4,
			/** Serveurs DNS (1 à 3). */
			dns: z.array(ipv4, { error: 'liste d’adresses IPv4 attendue' }).min(1, { error: 'au moins un serveur DNS' }).max(3, { error: 'trois serveurs DNS au plus' }),
			/** Pont Linux des conteneurs. @default "vmbr0" */
			pont: z.string().regex(/^vmbr\d{1,4}$/, { error: (i) => `« ${String(i.input)} » : nom de pont attendu de la forme « vmbr0 » à « vmbr9999 »` }).default('vmbr0'),
			/** VLAN (802.1Q) des conteneurs et de l'hôte, si le réseau en utilise. */
			vlan: entier(1, 4094).optional(),
			/** Mémoire vive de la machine, en Mio (sert à refuser une configuration impossible). */
			memoire: entier(4096, 16_777_216, ' Mio'),
			/** Miroir Debian pour les conteneurs. @default "http://deb.debian.org/debian" */
			miroir: z.string().regex(/^https?:\/\/[^\s'"`$\\]+$/, { error: 'URL http(s) attendue' }).optional(),
		}),
		stockage: z
			.strictObject({
				/** Stockage des disques de conteneurs. @default "local-lvm" */
				conteneurs: nomStockage.default('local-lvm'),
				/** Stockage des modèles (vztmpl). @default "local" */
				modeles: nomStockage.default('local'),
				/** Stockage des sauvegardes vzdump locales. @default "local" */
				sauvegardes: nomStockage.default('local'),
			})
			.prefault({}),
		services: z.array(service, { error: 'liste de services attendue' }).min(1, { error: 'au moins un service' }),
		tls: z.strictObject({
			/** « acme » (Let's Encrypt, domaine public) ou « interne » (autorité locale, réseau local). */
			mode: z.enum(['acme', 'interne'], { error: (i) => `mode TLS inconnu « ${String(i.input)} » ; valeurs acceptées : acme, interne` }),
			/** Courriel pour le compte ACME (obligatoire en mode acme). */
			courriel: courriel.optional(),
		}),
		sauvegardes: z
			.strictObject({
				/** Calendrier Proxmox (format systemd simplifié). @default "sun 01:00" */
				horaire: z.string().regex(/^[a-z0-9 :,.*/-]{1,40}$/, { error: 'calendrier attendu, par exemple « sun 01:00 » ou « 02:30 »' }).default('sun 01:00'),
				conservation: z
					.strictObject({
						quotidiennes: entier(0, 365).default(7),
						hebdomadaires: entier(0, 104).default(4),
						mensuelles: entier(0, 120).default(6),
					})
					.prefault({}),
				/** Proxmox Backup Server distant, facultatif. */
				pbs: z
					.strictObject({
						serveur: z.string().regex(/^[a-z0-9.-]{1,253}$/, { error: 'nom d’hôte ou adresse IPv4 attendu' }),
						datastore: z.string().regex(/^[A-Za-z0-9_-]{1,32}$/, { error: 'nom de datastore attendu' }),
						utilisateur: z.string().regex(/^[A-Za-z0-9._-]+@(pam|pbs)(![A-Za-z0-9._-]+)?$/, { error: 'utilisateur attendu de la forme « sauvegarde@pbs »' }),
						empreinte: z.string().regex(/^([0-9a-f]{2}:){31}[0-9a-f]{2}$/i, { error: 'empreinte SHA-256 du certificat attendue (32 octets « aa:bb:… »)' }),
						stockage: nomStockage.default('pbs'),
					})
					.optional(),
			})
			.prefault({}),
		ssh: z.strictObject({
			/** Clés publiques des admins (root de l'hôte et des conteneurs). */
			cles: z
				.array(
					z.string().regex(/^(ssh-ed25519|ssh-rsa|ecdsa-sha2-nistp(256|384|521)|sk-ssh-ed25519@openssh\.com) [A-Za-z0-9+/]+={0,3}( [^\n'"`$\\]*)?$/, {
						error: 'clé publique OpenSSH attendue, par exemple « ssh-ed25519 AAAA… nom@machine »',
					}),
				)
				.min(1, { error: 'au moins une clé publique SSH' }),
		}),
		pare_feu: z
			.strictObject({
				/** Réseaux autorisés à joindre SSH et l'interface Proxmox (8006). @default le réseau de l'hôte */
				admin: z.array(ipv4Cidr).min(1).optional(),
			})
			.prefault({}),
		cluster: z
			.strictObject({
				/** Nom du cluster Proxmox. */
				nom: z.string().regex(/^[a-z][a-z0-9-]{0,14}$/, { error: 'nom de cluster : 1 à 15 caractères a-z, 0-9, « - »' }),
				/** « creer » sur le premier nœud, « rejoindre » sur les suivants. */
				role: z.enum(['creer', 'rejoindre'], { error: (i) => `rôle inconnu « ${String(i.input)} » ; valeurs acceptées : creer, rejoindre` }),
				/** Adresse d'un nœud déjà membre (pour « rejoindre »). */
				pair: ipv4.optional(),
			})
			.optional(),
		/** Remplacements avancés : nouvelle version publiée ou miroir local. */
		versions: z
			.strictObject({
				/** Clé du dépôt Proxmox (miroir local) : somme sha256 obligatoire. */
				cle_proxmox: telechargement.optional(),
				nextcloud: telechargement.optional(),
				element: telechargement.optional(),
				modele: z.string().regex(/^debian-1[23]-standard_[0-9.]+-[0-9]+_amd64\.tar\.zst$/, { error: 'nom de modèle attendu, par exemple « debian-12-standard_12.12-1_amd64.tar.zst »' }).optional(),
			})
			.optional(),
	})
	.superRefine((c, ctx) => {
		const hote = c.hote;
		const reseau = hote.adresse;
		if (adresseReservee(hote.adresse)) {
			ctx.addIssue({ code: 'custom', path: ['hote', 'adresse'], message: `« ${hote.adresse} » est l’adresse du réseau ou de diffusion ; choisis une adresse d’hôte` });
		}
		if (!dansReseau(hote.passerelle, reseau)) {
			ctx.addIssue({ code: 'custom', path: ['hote', 'passerelle'], message: `« ${hote.passerelle} » n’est pas dans le réseau de l’hôte (${hote.adresse})` });
		}
		const vus = { id: new Map<number, number>(), nom: new Map<string, number>(), adresse: new Map<string, number>(), service: new Map<string, number>() };
		let somme = 0;
		c.services.forEach((s, i) => {
			const def = CATALOGUE[s.service];
			const memoire = s.memoire ?? def.defauts.memoire;
			somme += memoire;
			const doublon = (champ: 'id' | 'nom' | 'adresse' | 'service', valeur: string | number, quoi: string) => {
				const table = vus[champ] as Map<string | number, number>;
				const avant = table.get(valeur);
				if (avant !== undefined) {
					ctx.addIssue({ code: 'custom', path: ['services', i, champ], message: `${quoi} « ${valeur} » est déjà utilisé par services[${avant}] ; chaque valeur doit être unique` });
				} else table.set(valeur, i);
			};
			doublon('id', s.id, 'l’identifiant de conteneur');
			doublon('nom', s.nom, 'le nom d’hôte');
			doublon('service', s.service, 'le service');
			const ip = separerCidr(s.adresse).adresse;
			doublon('adresse', ip, 'l’adresse');
			if (ip === separerCidr(hote.adresse).adresse) {
				ctx.addIssue({ code: 'custom', path: ['services', i, 'adresse'], message: `« ${ip} » est déjà l’adresse de l’hôte` });
			} else if (!dansReseau(ip, reseau) || separerCidr(s.adresse).prefixe !== separerCidr(reseau).prefixe) {
				ctx.addIssue({ code: 'custom', path: ['services', i, 'adresse'], message: `« ${s.adresse} » doit être dans le réseau de l’hôte (${hote.adresse}), avec le même préfixe` });
			} else if (adresseReservee(s.adresse)) {
				ctx.addIssue({ code: 'custom', path: ['services', i, 'adresse'], message: `« ${s.adresse} » est l’adresse du réseau ou de diffusion` });
			}
			if (memoire > hote.memoire) {
				ctx.addIssue({ code: 'custom', path: ['services', i, 'memoire'], message: `${memoire} Mio dépasse la mémoire de l’hôte (${hote.memoire} Mio) ; valeurs acceptées : de ${def.memoireMin} à ${hote.memoire} Mio` });
			} else if (memoire < def.memoireMin) {
				ctx.addIssue({ code: 'custom', path: ['services', i, 'memoire'], message: `${memoire} Mio est trop peu pour ${s.service} ; valeurs acceptées : de ${def.memoireMin} à ${hote.memoire} Mio` });
			}
		});
		const reserve = 2048;
		if (somme + reserve > hote.memoire) {
			ctx.addIssue({ code: 'custom', path: ['services'], message: `les conteneurs demandent ${somme} Mio et Proxmox garde ${reserve} Mio : il faut ${somme + reserve} Mio, l’hôte en a ${hote.memoire} (hote.memoire)` });
		}
		const webs = c.services.filter((s) => s.service !== 'proxy');
		if (webs.length > 0 && !c.services.some((s) => s.service === 'proxy')) {
			ctx.addIssue({ code: 'custom', path: ['services'], message: 'un service « proxy » est nécessaire pour publier les services web en HTTPS' });
		}
		if (c.services.some((s) => s.service === 'collabora') && !c.services.some((s) => s.service === 'nextcloud')) {
			ctx.addIssue({ code: 'custom', path: ['services'], message: 'Collabora s’utilise depuis Nextcloud : ajoute un service « nextcloud »' });
		}
		if (c.tls.mode === 'acme' && !c.tls.courriel) {
			ctx.addIssue({ code: 'custom', path: ['tls', 'courriel'], message: 'obligatoire en mode acme (compte Let’s Encrypt)' });
		}
		if (c.cluster?.role === 'rejoindre' && !c.cluster.pair) {
			ctx.addIssue({ code: 'custom', path: ['cluster', 'pair'], message: 'obligatoire pour rejoindre un cluster : adresse IPv4 d’un nœud membre' });
		}
		if (c.versions?.modele && !c.versions.modele.startsWith(`debian-${c.hote.debian}-`)) {
			ctx.addIssue({ code: 'custom', path: ['versions', 'modele'], message: `le modèle doit être un Debian ${c.hote.debian}, comme l’hôte` });
		}
	});

/** Configuration telle qu'écrite (entrée du schéma). */
export type ConfigEntree = z.input<typeof schemaSite>;
/** Configuration validée, valeurs par défaut appliquées. */
export type ConfigBrute = z.output<typeof schemaSite>;
export type ServiceBrut = ConfigBrute['services'][number];
