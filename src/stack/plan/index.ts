/**
 * The plan: the ordered list of what `deploy.sh apply` does, each action
 * with a French description, the command that looks (`check`, changing
 * nothing) and the exact commands run when the state is not already right.
 * The CLI prints the same plan the bundle runs. One module per phase.
 */
import { frenchSpacing } from '../../text/french-typography.ts';
import type { Config } from '../config.ts';
import { checksPhase } from './phases/checks.ts';
import { hostPhase } from './phases/host.ts';
import { proxmoxPhase } from './phases/proxmox.ts';
import { networkPhase } from './phases/network.ts';
import { clusterPhase } from './phases/cluster.ts';
import { storagePhase } from './phases/storage.ts';
import { templatesPhase } from './phases/templates.ts';
import { containersPhase } from './phases/containers.ts';
import { servicesPhase } from './phases/services.ts';
import { backupsPhase } from './phases/backups.ts';
import type { BundleFiles, Plan, PlanPhase } from './types.ts';

export * from './types.ts';
export { planToText } from './text.ts';

/** Phase modules in the order of {@link PHASES}. */
const PHASE_MODULES: readonly PlanPhase[] = [checksPhase, hostPhase, proxmoxPhase, networkPhase, clusterPhase, storagePhase, templatesPhase, containersPhase, servicesPhase, backupsPhase];

/** Builds the plan of a validated site from the bundle's files. */
export function buildPlan(config: Config, files: BundleFiles): Plan {
	const drafts = PHASE_MODULES.flatMap((phase) => phase({ config, files }));
	return {
		site: config.site.nom,
		domain: config.site.domaine,
		actions: drafts.map((a, i) => ({ number: i + 1, ...a, title: frenchSpacing(a.title), description: frenchSpacing(a.description) })),
	};
}
