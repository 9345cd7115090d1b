import { HOST_RESERVED_MEMORY } from '../../schema/rules.ts';
import type { PlanPhase } from '../types.ts';

/** Free disk the host needs besides the containers' disks, GiB. */
const HOST_DISK_GIB = 32;

/** Is this machine fit? Nothing changes before this passes. */
export const checksPhase: PlanPhase = ({ config: c }) => {
	const memory = c.services.reduce((t, s) => t + s.memoire, 0) + HOST_RESERVED_MEMORY;
	// The containers' disks are checked on their own storage (Stockage phase); here, Proxmox itself.
	const disk = HOST_DISK_GIB;
	return [
		{
			id: 'verification.machine',
			phase: 'Vérifications',
			title: 'Vérifier que la machine convient',
			description: `Debian ${c.hote.debian} sur amd64, virtualisation matérielle active, au moins ${memory} Mio de mémoire et ${disk} Gio de disque libre. Sinon, tout s’arrête ici sans rien modifier.`,
			check: `ab_machine_conforme ${c.hote.debian} ${memory} ${disk}`,
			commands: [`ab_refuser_machine ${c.hote.debian} ${memory} ${disk}`],
		},
	];
};
