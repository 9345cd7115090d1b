import type { Config, Service } from '../config.ts';

/** Phases in the order `apply` runs them (French: the plan shows them). */
export const PHASES = ['Vérifications', 'Hôte', 'Proxmox VE', 'Réseau et pare-feu', 'Cluster', 'Stockage', 'Modèles', 'Conteneurs', 'Services', 'Sauvegardes'] as const;
export type Phase = (typeof PHASES)[number];

export interface Action {
	/** Rank in the plan, from 1. */
	number: number;
	/** Stable id, e.g. `ct.nuage.creer`. */
	id: string;
	phase: Phase;
	/** French title, shown by `plan`, `apply` and the Configurateur. */
	title: string;
	/** French description. */
	description: string;
	/** Bash command that succeeds when the wanted state is already there; it changes nothing. */
	check: string;
	/** Exact bash commands `apply` runs when `check` fails. */
	commands: string[];
}

/** An action before it is numbered. */
export type ActionDraft = Omit<Action, 'number'>;

export interface Plan {
	site: string;
	domain: string;
	actions: Action[];
}

/** The bundle's files the plan depends on, by bundle path (their sums make « déjà en place »). */
export type BundleFiles = Record<string, string>;

/** What every phase receives. */
export interface PlanContext {
	config: Config;
	files: BundleFiles;
}

/** A phase: the actions it adds, in order. */
export type PlanPhase = (ctx: PlanContext) => ActionDraft[];

export type { Config, Service };
