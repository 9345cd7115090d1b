import { shellQuote as q } from '../../../text/shell-quote.ts';
import { splitCidr } from '../../ip.ts';
import type { PlanPhase } from '../types.ts';

/** Cluster before any container: « pvecm add » refuses a node that has guests. */
export const clusterPhase: PlanPhase = ({ config: c }) => {
	if (!c.cluster) return [];
	const cl = c.cluster;
	const ip = splitCidr(c.hote.adresse).address;
	if (cl.role === 'creer') {
		return [
			{
				id: 'cluster.creer',
				phase: 'Cluster',
				title: `Créer le cluster « ${cl.nom} »`,
				description: 'Ce nœud devient le premier membre ; les suivants le rejoignent avec role: rejoindre.',
				check: 'ab_cluster_present',
				commands: [`pvecm create ${q(cl.nom)} --link0 ${ip}`],
			},
		];
	}
	return [
		{
			id: 'cluster.rejoindre',
			phase: 'Cluster',
			title: `Rejoindre le cluster « ${cl.nom} » via ${cl.pair}`,
			description: `Par l’API de Proxmox, certificat du nœud ${cl.pair} vérifié par son empreinte (pas de connexion SSH root, refusée par Debian). Le mot de passe root de ce nœud est lu dans /etc/alliance-boreale/secrets/grappe-racine (0600), passé sur l’entrée standard, ou demandé au clavier.`,
			check: 'ab_cluster_present',
			commands: [`ab_cluster_rejoindre ${cl.pair} ${ip} ${q(cl.empreinte ?? '')}`],
		},
	];
};
