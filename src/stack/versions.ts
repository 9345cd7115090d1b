/**
 * Versions épinglées et sommes de contrôle publiées.
 *
 * Rien ici n'a été téléchargé par nous : chaque somme vient d'une source
 * publique citée en commentaire. Une configuration peut remplacer une entrée
 * (section `versions:`) pour suivre une nouvelle version ou un miroir local ;
 * la somme doit alors venir de l'éditeur.
 */

/** Un fichier téléchargé par l'hôte puis vérifié avant usage. */
export interface Telechargement {
	url: string;
	/** Algorithme de la somme publiée par l'éditeur. */
	algo: 'sha256' | 'sha512';
	somme: string;
	/** Où la somme est publiée. */
	source: string;
}

/** Un dépôt apt tiers : la clé est vérifiée par son empreinte OpenPGP. */
export interface DepotApt {
	cle: string;
	/** Empreinte complète (40 caractères hexadécimaux) attendue pour la clé. */
	empreinte: string;
	uris: string;
	suites: string;
	composants: string;
	/** Paquets installés depuis ce dépôt. */
	paquets: string[];
	/** Version principale épinglée, pour l'affichage. */
	version: string;
	/**
	 * Épinglages apt_preferences (`Pin: version`), paquet → motif. Un métapaquet qui
	 * dépend de versions exactes (Jitsi) a besoin de l'épinglage de chaque dépendance.
	 */
	epingles: Record<string, string>;
	source: string;
}

/** Proxmox VE selon la version de Debian de l'hôte. */
export const PROXMOX = {
	12: {
		pve: 8,
		suite: 'bookworm',
		cle: {
			url: 'https://enterprise.proxmox.com/debian/proxmox-release-bookworm.gpg',
			algo: 'sha512',
			somme:
				'7da6fe34168adc6e479327ba517796d4702fa2f8b4f0a9833f5ea6e6b48f6507a6da403a274fe201595edc86a84463d50383d07f64bdde2e3658108db7d6dc87',
			source: 'wiki Proxmox « Install Proxmox VE on Debian 12 Bookworm »',
		} satisfies Telechargement,
		// Noyaux Debian à retirer une fois le noyau Proxmox démarré (étape officielle).
		noyauxDebian: ['linux-image-amd64', 'linux-image-6.1*'],
		modele: 'debian-12-standard_12.12-1_amd64.tar.zst',
	},
	13: {
		pve: 9,
		suite: 'trixie',
		cle: {
			url: 'https://enterprise.proxmox.com/debian/proxmox-archive-keyring-trixie.gpg',
			algo: 'sha256',
			somme: '136673be77aba35dcce385b28737689ad64fd785a797e57897589aed08db6e45',
			source: 'wiki Proxmox « Install Proxmox VE on Debian 13 Trixie »',
		} satisfies Telechargement,
		noyauxDebian: ['linux-image-amd64', 'linux-image-6.12*'],
		modele: 'debian-13-standard_13.1-2_amd64.tar.zst',
	},
} as const;

/** Archives des services, vérifiées par l'hôte avant d'entrer dans un conteneur. */
export const ARCHIVES = {
	nextcloud: {
		version: '32.0.5',
		url: 'https://download.nextcloud.com/server/releases/nextcloud-32.0.5.tar.bz2',
		algo: 'sha256',
		somme: '8dd0bc8f8e2d262edad11197d4a07af799b51fe872ee2d9259ffa19b43e543ad',
		source: 'YunoHost-Apps/nextcloud_ynh, manifest.toml (commit 0216797)',
	},
	element: {
		version: '1.11.100',
		url: 'https://github.com/element-hq/element-web/releases/download/v1.11.100/element-v1.11.100.tar.gz',
		algo: 'sha256',
		somme: 'bc4d77152d544fa40fccd7c7e5b6ace4e8ae266f4a2cc1b334b25733c6d1f8cd',
		source: 'YunoHost-Apps/element_ynh, manifest.toml (commit 0023b8a)',
	},
} as const satisfies Record<string, Telechargement & { version: string }>;

/** Dépôts apt officiels des éditeurs, clé vérifiée par empreinte. */
export const DEPOTS = {
	collabora: {
		cle: 'https://collaboraoffice.com/downloads/gpg/collaboraonline-release-keyring.gpg',
		empreinte: '6CCEA47B2281732DF5D504D00C54D189F4BA284D',
		uris: 'https://www.collaboraoffice.com/repos/CollaboraOnline/CODE-deb',
		suites: './',
		composants: '',
		paquets: ['coolwsd', 'code-brand'],
		version: '25.04.*',
		epingles: { coolwsd: '25.04.*' },
		source: 'documentation Collabora Online (CODE), dépôt CODE-deb',
	},
	synapse: {
		cle: 'https://packages.matrix.org/debian/matrix-org-archive-keyring.gpg',
		empreinte: 'AAF9AE843A7584B5A3E4CD2BCF45A512DE2DA058',
		uris: 'https://packages.matrix.org/debian/',
		suites: '$SUITE',
		composants: 'main',
		paquets: ['matrix-synapse-py3'],
		version: '1.155.*',
		epingles: { 'matrix-synapse-py3': '1.155.*' },
		source: 'element-hq/synapse, docs/setup/installation.md',
	},
	jitsi: {
		cle: 'https://download.jitsi.org/jitsi-key.gpg.key',
		empreinte: '66A9CD0595D6AFA247290D3BEF8B479E2DC1389C',
		uris: 'https://download.jitsi.org',
		suites: 'stable/',
		composants: '',
		paquets: ['jitsi-meet'],
		version: '2.0.9646-1',
		// Versions des dépendances exactes du métapaquet, publiées avec la même version stable.
		epingles: {
			'jitsi-meet': '2.0.9646-1',
			'jitsi-meet-web': '1.0.8091-1',
			'jitsi-meet-web-config': '1.0.8091-1',
			'jitsi-meet-prosody': '1.0.8091-1',
			jicofo: '1.0-1090-1',
			'jitsi-videobridge2': '2.3-92-g64f9f34f-1',
		},
		source: 'YunoHost-Apps/jitsi_ynh, manifest.toml (commit 053b99e, paquets .deb de download.jitsi.org/stable) ; clé « Jitsi <dev@jitsi.org> »',
	},
} as const satisfies Record<string, DepotApt>;

/** Miroir Debian par défaut proposé à l'utilisateur ; modifiable dans la configuration. */
export const MIROIR_DEBIAN_DEFAUT = 'http://deb.debian.org/debian';
