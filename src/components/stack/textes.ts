/**
 * Textes du Configurateur, en un seul endroit (typographie française :
 * espace insécable avant « : », fine insécable avant « ; ! ? »).
 */
export const TEXTES = {
	ok: (n: number) => `Configuration valide\u00a0: ${n} actions au plan. Tu peux télécharger le paquet.`,
	erreurs: (n: number) => `${n} champ${n > 1 ? 's' : ''} à corriger avant de télécharger le paquet\u00a0:`,
	yamlIllisible: 'Ce fichier n’est pas un YAML lisible\u00a0:',
	importe: (nom: string) => `Fichier «\u00a0${nom}\u00a0» importé. Les sections absentes du formulaire (PBS, cluster, versions…) sont gardées telles quelles.`,
	archivePrete: (nom: string, octets: number) => `Archive «\u00a0${nom}\u00a0» prête (${Math.round(octets / 1024)}\u00a0Kio).`,
	plan: (n: number) => `Lire le plan (${n} actions)`,
} as const;
