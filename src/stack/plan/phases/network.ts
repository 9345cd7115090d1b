import { installHostFile } from '../host-file-action.ts';
import type { PlanPhase } from '../types.ts';

/** The containers' bridge and the host firewall. */
export const networkPhase: PlanPhase = ({ config: c, files }) => {
	const interfaces = installHostFile(files, '/etc/network/interfaces');
	const nft = installHostFile(files, '/etc/nftables.conf');
	return [
		{
			id: 'reseau.pont',
			phase: 'Réseau et pare-feu',
			title: `Créer le pont ${c.hote.pont}${c.hote.vlan ? ` (VLAN ${c.hote.vlan})` : ''}`,
			description: `L’adresse ${c.hote.adresse} passe de ${c.hote.interface} au pont ${c.hote.pont}, auquel les conteneurs se branchent. La connexion SSH peut couper quelques secondes.`,
			check: interfaces.check,
			commands: [interfaces.command, 'ifreload -a'],
		},
		{
			id: 'reseau.pare-feu',
			phase: 'Réseau et pare-feu',
			title: 'Activer le pare-feu de l’hôte',
			description: `nftables n’ouvre SSH et l’interface web (8006) qu’aux réseaux ${c.pare_feu.admin.join(', ')} ; le trafic des conteneurs n’est pas filtré ici.`,
			check: `${nft.check} && ab_unite_activee nftables`,
			commands: [nft.command, 'nft -f /etc/nftables.conf', 'systemctl enable nftables'],
		},
	];
};
