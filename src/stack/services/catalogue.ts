/**
 * Catalogue des services : ce que chaque conteneur héberge, ses ressources
 * par défaut, ses ports et la route d'installation officielle retenue.
 * Le script qui s'exécute dans le conteneur est `shell/services/<id>.sh`.
 */

export const TYPES_SERVICE = ['proxy', 'nextcloud', 'collabora', 'synapse', 'jitsi'] as const;
export type TypeService = (typeof TYPES_SERVICE)[number];

export interface DefinitionService {
	type: TypeService;
	titre: string;
	/** Une phrase pour le plan et la page « Services ». */
	description: string;
	/** Port HTTP interne vers lequel le mandataire (proxy) relaie ; absent pour le proxy lui-même. */
	port?: number;
	/** Le service attend-il du WebSocket derrière le mandataire ? */
	websocket: boolean;
	defauts: { coeurs: number; memoire: number; disque: number };
	/** Mémoire minimale raisonnable, en Mio. */
	memoireMin: number;
	/** Route d'installation (documentée sur la page Services). */
	route: string;
	/** Ports à ouvrir sur la box vers ce conteneur, hors 80/443 du proxy. */
	portsExternes?: string;
}

export const CATALOGUE: Record<TypeService, DefinitionService> = {
	proxy: {
		type: 'proxy',
		titre: 'Mandataire inverse TLS (nginx)',
		description: 'reçoit tout le trafic HTTPS et le relaie vers chaque service',
		websocket: false,
		defauts: { coeurs: 1, memoire: 512, disque: 4 },
		memoireMin: 256,
		route: 'paquets Debian nginx, certbot (ACME) ou openssl (autorité interne)',
	},
	nextcloud: {
		type: 'nextcloud',
		titre: 'Nextcloud (fichiers, agenda, contacts)',
		description: 'fichiers partagés, agendas et carnets d’adresses',
		port: 80,
		websocket: false,
		defauts: { coeurs: 2, memoire: 2048, disque: 32 },
		memoireMin: 1024,
		route: 'archive officielle download.nextcloud.com (sha256 vérifié), PHP, PostgreSQL et Redis de Debian',
	},
	collabora: {
		type: 'collabora',
		titre: 'Collabora Online (bureautique en ligne)',
		description: 'édition de documents à plusieurs, depuis Nextcloud',
		port: 9980,
		websocket: true,
		defauts: { coeurs: 2, memoire: 2048, disque: 8 },
		memoireMin: 1024,
		route: 'dépôt apt officiel CODE de Collabora (clé vérifiée par empreinte, version épinglée)',
	},
	synapse: {
		type: 'synapse',
		titre: 'Matrix Synapse + Element (messagerie d’équipe)',
		description: 'messagerie instantanée chiffrée, client web Element',
		port: 8008,
		websocket: false,
		defauts: { coeurs: 2, memoire: 2048, disque: 16 },
		memoireMin: 1024,
		route: 'dépôt apt officiel packages.matrix.org (clé vérifiée par empreinte) ; Element depuis l’archive publiée (sha256 vérifié)',
	},
	jitsi: {
		type: 'jitsi',
		titre: 'Jitsi Meet (visioconférence)',
		description: 'réunions vidéo dans le navigateur',
		port: 443,
		websocket: true,
		defauts: { coeurs: 2, memoire: 4096, disque: 8 },
		memoireMin: 2048,
		route: 'dépôt apt officiel download.jitsi.org (clé vérifiée par empreinte, version épinglée)',
		portsExternes: 'UDP 10000',
	},
};
