/**
 * The service catalog: what each container hosts, its default resources,
 * its ports and the official install route chosen. The script that runs in
 * the container is `shell/services/<type>.sh`. Titles are French (shown).
 */

export const SERVICE_TYPES = ['proxy', 'nextcloud', 'collabora', 'synapse', 'jitsi'] as const;
export type ServiceType = (typeof SERVICE_TYPES)[number];

export interface ServiceDefinition {
	type: ServiceType;
	title: string;
	/** One sentence for the plan and the « Services » page. */
	description: string;
	/** Internal HTTP port the proxy forwards to; absent for the proxy itself. */
	port?: number;
	/** Does the service need WebSocket through the proxy? */
	websocket: boolean;
	defaults: { cores: number; memory: number; disk: number };
	/** Lowest sensible memory, MiB. */
	minMemory: number;
	/** Install route (documented on the Services page). */
	route: string;
	/** Ports to forward on the router to this container, besides the proxy's 80/443. */
	externalPorts?: string;
}

export const CATALOG: Record<ServiceType, ServiceDefinition> = {
	proxy: {
		type: 'proxy',
		title: 'Mandataire inverse TLS (nginx)',
		description: 'reçoit tout le trafic HTTPS et le relaie vers chaque service',
		websocket: false,
		defaults: { cores: 1, memory: 512, disk: 4 },
		minMemory: 256,
		route: 'paquets Debian nginx, certbot (ACME) ou openssl (autorité interne)',
	},
	nextcloud: {
		type: 'nextcloud',
		title: 'Nextcloud (fichiers, agenda, contacts)',
		description: 'fichiers partagés, agendas et carnets d’adresses',
		port: 80,
		websocket: false,
		defaults: { cores: 2, memory: 2048, disk: 32 },
		minMemory: 1024,
		route: 'archive officielle download.nextcloud.com (sha256 vérifié), PHP, PostgreSQL et Redis de Debian',
	},
	collabora: {
		type: 'collabora',
		title: 'Collabora Online (bureautique en ligne)',
		description: 'édition de documents à plusieurs, depuis Nextcloud',
		port: 9980,
		websocket: true,
		defaults: { cores: 2, memory: 2048, disk: 8 },
		minMemory: 1024,
		route: 'dépôt apt officiel CODE de Collabora (clé vérifiée par empreinte, version épinglée)',
	},
	synapse: {
		type: 'synapse',
		title: 'Matrix Synapse + Element (messagerie d’équipe)',
		description: 'messagerie instantanée chiffrée, client web Element',
		port: 8008,
		websocket: false,
		defaults: { cores: 2, memory: 2048, disk: 16 },
		minMemory: 1024,
		route: 'dépôt apt officiel packages.matrix.org (clé vérifiée par empreinte) ; Element depuis l’archive publiée (sha256 vérifié)',
	},
	jitsi: {
		type: 'jitsi',
		title: 'Jitsi Meet (visioconférence)',
		description: 'réunions vidéo dans le navigateur',
		port: 443,
		websocket: true,
		defaults: { cores: 2, memory: 4096, disk: 8 },
		minMemory: 2048,
		route: 'dépôt apt officiel download.jitsi.org (clé vérifiée par empreinte, version épinglée)',
		externalPorts: 'UDP 10000',
	},
};
