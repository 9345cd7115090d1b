import type { ShippedAsset } from '../labs/client-lab.ts';
import { shellQuote } from '../text/shell-quote.ts';
import type { LabMachine } from './machine.ts';

/**
 * The shell command that writes one asset into the guest: `install` makes
 * the folders, the file, its owner and its mode in one program (every
 * program started costs a fraction of a second in the emulator).
 */
export function assetCommand(asset: ShippedAsset): string {
	const [user, group] = asset.owner.split(':');
	return `set -o pipefail; printf %s ${shellQuote(asset.base64)} | base64 -d | install -D -m ${shellQuote(asset.mode)} -o ${shellQuote(user)} -g ${shellQuote(group)} /dev/stdin ${shellQuote(asset.dest)}`;
}

/** Raised when a lab cannot be prepared: the learner is told which part failed. */
export class LabPrepareError extends Error {}

/**
 * Copies the lab's files into a fresh machine, then runs its setup script
 * (as root). Done once per lab: the saved state keeps the result.
 */
export async function prepareLab(machine: LabMachine, lab: { assets: ShippedAsset[]; setup?: string }): Promise<void> {
	for (const asset of lab.assets) {
		const result = await machine.run(assetCommand(asset), 20);
		if (!result.ok) throw new LabPrepareError(`Impossible de copier ${asset.dest} dans la machine : ${result.output || `code ${result.status}`}`);
	}
	if (lab.setup?.trim()) {
		const result = await machine.run(lab.setup, 60);
		if (!result.ok) {
			throw new LabPrepareError(`La préparation du laboratoire a échoué (code ${result.status}) : ${result.output.slice(-500)}`);
		}
	}
}
