/**
 * The calculator's starting figures, each with where it comes from and
 * when it was read. A figure nobody published is said to be an assumption
 * of the Alliance Boréale, never dressed up as a fact. Change the date when
 * a figure is checked again.
 *
 * The example is a 15-person organisation (the migration guide's NGO).
 */
import type { CostField, CostInputs } from './cost-schema.ts';

/** Where a starting figure comes from. */
export interface FigureSource {
	/** What the figure is, in one French sentence (shown under the field and in the list of sources). */
	text: string;
	/** A public page to check it, if there is one. */
	url?: string;
	/** When it was read or decided (ISO date). */
	date: string;
	/** `public`: a published price; `assumption`: the Alliance's example, to replace. */
	kind: 'public' | 'assumption';
}

/** The date the Alliance's example assumptions were written. */
const ASSUMED = '2026-12-05';
const assumption = (text: string): FigureSource => ({ text, date: ASSUMED, kind: 'assumption' });

/** The starting figures (a 15-person organisation). */
export const DEFAULT_INPUTS: CostInputs = {
	users: 15,
	licencePerUserMonth: 14,
	adminHoursPerYear: 50,
	adminRate: 35,
	hardwareCost: 4000,
	hardwareYears: 10,
	setupHours: 40,
	setupRate: 85,
	staffHoursPerYear: 52,
	staffRate: 35,
	coopHoursPerYear: 40,
	coopRate: 85,
	consultantHoursPerYear: 0,
	consultantRate: 120,
	trainingDaysInitial: 2,
	trainingDaysPerYear: 0.5,
	trainingDayCost: 800,
	averageWatts: 60,
	kwhPrice: 0.12,
};

/** The source of each starting figure. */
export const DEFAULT_SOURCES: Record<CostField, FigureSource> = {
	users: assumption('Exemple : un organisme de 15 personnes, celui du guide de migration.'),
	licencePerUserMonth: {
		text: 'Prix catalogue de Microsoft 365 Business Standard, engagement annuel : 14 $ US par personne et par mois depuis la hausse du 1er juillet 2026 (12,50 $ US avant), selon l’annonce de Microsoft rapportée par la presse spécialisée ; vérifiez le prix du jour sur la page de Microsoft. Google Workspace Business Standard, engagement annuel : 14 $ US depuis le 17 mars 2025. Prix en dollars américains : votre prix en dollars canadiens dépend du taux de change et du revendeur ; prenez celui de votre facture.',
		url: 'https://www.microsoft.com/fr-ca/microsoft-365/business/compare-all-microsoft-365-business-products',
		date: '2026-12-05',
		kind: 'public',
	},
	adminHoursPerYear: assumption('Hypothèse de l’Alliance Boréale : environ une heure par semaine pour gérer les comptes, les licences et les réglages d’une suite louée.'),
	adminRate: assumption('Hypothèse de l’Alliance Boréale : coût horaire d’une personne salariée de l’organisme, charges comprises.'),
	hardwareCost: assumption('Hypothèse de l’Alliance Boréale : un serveur d’occasion reconditionné ou un petit serveur neuf, et deux disques de sauvegarde. Demandez une soumission.'),
	hardwareYears: assumption('Le modèle de l’Alliance Boréale : du matériel gardé dix ans plutôt que trois. Mettez 3 ou 5 pour voir l’effet d’un renouvellement plus rapide.'),
	setupHours: assumption('Hypothèse de l’Alliance Boréale : installation de la pile par les scripts, migration des fichiers et des agendas, premiers réglages.'),
	setupRate: assumption('Hypothèse de l’Alliance Boréale pour une coopérative de services informatiques ; ce n’est pas un tarif publié.'),
	staffHoursPerYear: assumption('Hypothèse de l’Alliance Boréale : une heure par semaine d’une personne de l’équipe (questions, comptes, vérifications).'),
	staffRate: assumption('Hypothèse de l’Alliance Boréale : coût horaire d’une personne salariée de l’organisme, charges comprises.'),
	coopHoursPerYear: assumption('Hypothèse de l’Alliance Boréale : mises à jour, surveillance des sauvegardes et aide ponctuelle par une coopérative, un peu plus de trois heures par mois.'),
	coopRate: assumption('Hypothèse de l’Alliance Boréale pour une coopérative de services informatiques ; ce n’est pas un tarif publié.'),
	consultantHoursPerYear: assumption('Aucune heure par défaut : ajoutez-en pour un besoin particulier (audit de sécurité, projet).'),
	consultantRate: assumption('Hypothèse de l’Alliance Boréale pour une firme de consultation ; ce n’est pas un tarif publié.'),
	trainingDaysInitial: assumption('Hypothèse de l’Alliance Boréale : deux journées pour toute l’équipe la première année (le parcours « Au quotidien avec les services libres » sert de support).'),
	trainingDaysPerYear: assumption('Hypothèse de l’Alliance Boréale : une demi-journée par année pour les nouvelles personnes et les rappels.'),
	trainingDayCost: assumption('Hypothèse de l’Alliance Boréale : une journée d’une formatrice ou d’un formateur pour le groupe, préparation comprise.'),
	averageWatts: assumption('Hypothèse de l’Alliance Boréale pour un petit serveur peu chargé. Mesurez la vôtre avec un wattmètre de prise (module « Choisir le matériel »).'),
	kwhPrice: {
		text: 'Ordre de grandeur retenu par l’Alliance Boréale pour l’exemple, taxes en sus ; ce n’est pas un tarif d’Hydro-Québec. Prenez le prix de l’énergie de votre tarif (souvent le tarif G pour un local) : la grille change chaque 1er avril.',
		url: 'https://www.hydroquebec.com/affaires/espace-clients/tarifs/',
		date: ASSUMED,
		kind: 'assumption',
	},
};

/** A date such as `2026-12-05` written « 5 décembre 2026 ». */
export function formatSourceDate(iso: string): string {
	return new Intl.DateTimeFormat('fr-CA', { day: 'numeric', month: 'long', year: 'numeric', timeZone: 'UTC' }).format(new Date(`${iso}T00:00:00Z`));
}
