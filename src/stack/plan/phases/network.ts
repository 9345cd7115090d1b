import { installHostFile } from '../host-file-action.ts';
import type { PlanPhase } from '../types.ts';

/** The containers' bridge and the host firewall. */
export const networkPhase: PlanPhase = ({ config: c, files }) => {
	const interfaces = installHostFile(files, '/etc/network/interfaces');
	const nft = installHostFile(files, '/etc/nftables.conf');
	const h = c.hote;
	// After the change, the address lives on the bridge (or on its VLAN interface).
	const carrier = h.vlan ? `${h.pont}.${h.vlan}` : h.pont;
	return [
		{
			id: 'reseau.pont',
			phase: 'Réseau et pare-feu',
			title: `Créer le pont ${c.hote.pont}${c.hote.vlan ? ` (VLAN ${c.hote.vlan})` : ''}`,
			description: `L’adresse ${h.adresse} passe de ${h.interface} au pont ${h.pont}, auquel les conteneurs se branchent. Avant tout changement, ${h.interface} doit exister et porter ${h.adresse} ; l’ancien fichier est gardé et revient tout seul si le nouveau réseau n’est pas confirmé (passerelle ${h.passerelle} joignable, puis « oui » tapé au clavier depuis un terminal, ou AB_RESEAU_CONFIRMATION=auto pour une tâche sans terminal) dans le délai (AB_RESEAU_DELAI, 120 s par défaut). La connexion SSH peut couper quelques secondes.`,
			check: interfaces.check,
			commands: [
				`ab_reseau_verifier ${h.interface} ${h.adresse} ${carrier}`,
				'ab_reseau_garder_precedent',
				interfaces.command,
				'ifreload -a || ab_reseau_revenir "ifreload a échoué"',
				`ab_reseau_confirmer ${carrier} ${h.adresse} ${h.passerelle}`,
			],
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
