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
			description: 'Le mot de passe root du nœud membre est demandé une fois ; la clé SSH de ce nœud y est ensuite déposée.',
			check: 'ab_cluster_present',
			commands: [`pvecm add ${cl.pair} --link0 ${ip} --use_ssh 1`],
		},
	];
};
