import { frenchSpacing } from '../../text/french-typography.ts';
import { ui } from '../../i18n/ui.ts';

/** Configurateur messages, from src/content/i18n/fr.json, with French spacing. */
export const TEXTES = {
	ok: (n: number) => frenchSpacing(ui('boreale.stack.valid', { n })),
	erreurs: (n: number) => frenchSpacing(n > 1 ? ui('boreale.stack.errorsMany', { n }) : ui('boreale.stack.errorsOne')),
	yamlIllisible: frenchSpacing(ui('boreale.stack.unreadableYaml')),
	importe: (nom: string) => frenchSpacing(ui('boreale.stack.imported', { name: nom })),
	archivePrete: (nom: string, octets: number) => frenchSpacing(ui('boreale.stack.archiveReady', { name: nom, size: Math.round(octets / 1024) })),
	plan: (n: number) => frenchSpacing(ui('boreale.stack.readPlan', { n })),
} as const;
