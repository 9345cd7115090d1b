/**
 * Pinned versions and published checksums.
 *
 * Nothing here was downloaded by us: every sum comes from a public source
 * cited next to it. A site file may override an entry (`versions:`) to
 * follow a newer release or a local mirror; the sum must then come from the
 * vendor. `source` strings are French: the README and the plan show them.
 */

/** A file the host downloads then checks before use. */
export interface Download {
	url: string;
	/** Algorithm of the sum the vendor publishes. */
	algo: 'sha256' | 'sha512';
	sum: string;
	/** Where the sum is published. */
	source: string;
}

/** A third-party apt repository: its key is checked by OpenPGP fingerprint. */
export interface AptRepository {
	key: string;
	/** Full fingerprint (40 hex digits) expected for the key. */
	fingerprint: string;
	uris: string;
	suites: string;
	components: string;
	/** Packages installed from this repository. */
	packages: string[];
	/** Main pinned version, for display. */
	version: string;
	/**
	 * apt_preferences pins (`Pin: version`), package → pattern. A metapackage that
	 * depends on exact versions (Jitsi) needs a pin for each dependency.
	 */
	pins: Record<string, string>;
	source: string;
}

/** Proxmox VE by the host's Debian release. */
export const PROXMOX = {
	12: {
		pve: 8,
		suite: 'bookworm',
		key: {
			url: 'https://enterprise.proxmox.com/debian/proxmox-release-bookworm.gpg',
			algo: 'sha512',
			sum:
				'7da6fe34168adc6e479327ba517796d4702fa2f8b4f0a9833f5ea6e6b48f6507a6da403a274fe201595edc86a84463d50383d07f64bdde2e3658108db7d6dc87',
			source: 'wiki Proxmox « Install Proxmox VE on Debian 12 Bookworm »',
		} satisfies Download,
		// Debian kernels removed once the Proxmox kernel runs (official step).
		debianKernels: ['linux-image-amd64', 'linux-image-6.1*'],
		template: 'debian-12-standard',
	},
	13: {
		pve: 9,
		suite: 'trixie',
		key: {
			url: 'https://enterprise.proxmox.com/debian/proxmox-archive-keyring-trixie.gpg',
			algo: 'sha256',
			sum: '136673be77aba35dcce385b28737689ad64fd785a797e57897589aed08db6e45',
			source: 'wiki Proxmox « Install Proxmox VE on Debian 13 Trixie »',
		} satisfies Download,
		debianKernels: ['linux-image-amd64', 'linux-image-6.12*'],
		template: 'debian-13-standard',
	},
} as const;

/** Service archives, checked by the host before they enter a container. */
export const ARCHIVES = {
	nextcloud: {
		version: '32.0.5',
		url: 'https://download.nextcloud.com/server/releases/nextcloud-32.0.5.tar.bz2',
		algo: 'sha256',
		sum: '8dd0bc8f8e2d262edad11197d4a07af799b51fe872ee2d9259ffa19b43e543ad',
		source: 'YunoHost-Apps/nextcloud_ynh, manifest.toml (commit 0216797)',
	},
	element: {
		version: '1.11.100',
		url: 'https://github.com/element-hq/element-web/releases/download/v1.11.100/element-v1.11.100.tar.gz',
		algo: 'sha256',
		sum: 'bc4d77152d544fa40fccd7c7e5b6ace4e8ae266f4a2cc1b334b25733c6d1f8cd',
		source: 'YunoHost-Apps/element_ynh, manifest.toml (commit 0023b8a)',
	},
} as const satisfies Record<string, Download & { version: string }>;

/** Vendors' official apt repositories, key checked by fingerprint. */
export const APT_REPOSITORIES = {
	collabora: {
		key: 'https://collaboraoffice.com/downloads/gpg/collaboraonline-release-keyring.gpg',
		fingerprint: '6CCEA47B2281732DF5D504D00C54D189F4BA284D',
		uris: 'https://www.collaboraoffice.com/repos/CollaboraOnline/CODE-deb',
		suites: './',
		components: '',
		packages: ['coolwsd', 'code-brand'],
		version: '25.04.*',
		pins: { coolwsd: '25.04.*' },
		source: 'documentation Collabora Online (CODE), dépôt CODE-deb',
	},
	synapse: {
		key: 'https://packages.matrix.org/debian/matrix-org-archive-keyring.gpg',
		fingerprint: 'AAF9AE843A7584B5A3E4CD2BCF45A512DE2DA058',
		uris: 'https://packages.matrix.org/debian/',
		suites: '$SUITE',
		components: 'main',
		packages: ['matrix-synapse-py3'],
		version: '1.155.*',
		pins: { 'matrix-synapse-py3': '1.155.*' },
		source: 'element-hq/synapse, docs/setup/installation.md',
	},
	jitsi: {
		key: 'https://download.jitsi.org/jitsi-key.gpg.key',
		fingerprint: '66A9CD0595D6AFA247290D3BEF8B479E2DC1389C',
		uris: 'https://download.jitsi.org',
		suites: 'stable/',
		components: '',
		packages: ['jitsi-meet'],
		version: '2.0.9646-1',
		// Exact dependency versions of the metapackage, published with the same stable release.
		pins: {
			'jitsi-meet': '2.0.9646-1',
			'jitsi-meet-web': '1.0.8091-1',
			'jitsi-meet-web-config': '1.0.8091-1',
			'jitsi-meet-prosody': '1.0.8091-1',
			jicofo: '1.0-1090-1',
			'jitsi-videobridge2': '2.3-92-g64f9f34f-1',
		},
		source: 'YunoHost-Apps/jitsi_ynh, manifest.toml (commit 053b99e, paquets .deb de download.jitsi.org/stable) ; clé « Jitsi <dev@jitsi.org> »',
	},
} as const satisfies Record<string, AptRepository>;

/** Debian mirror proposed by default; the site file may set another. */
export const DEFAULT_DEBIAN_MIRROR = 'http://deb.debian.org/debian';
