import { frenchSpacing } from '../../text/french-typography.ts';
import { ui } from '../../i18n/ui.ts';

/** Configurateur messages, from src/content/i18n/fr.json, with French spacing. */
export const TEXTS = {
	valid: (n: number) => frenchSpacing(ui('boreale.stack.valid', { n })),
	errors: (n: number) => frenchSpacing(n > 1 ? ui('boreale.stack.errorsMany', { n }) : ui('boreale.stack.errorsOne')),
	unreadableYaml: frenchSpacing(ui('boreale.stack.unreadableYaml')),
	imported: (name: string) => frenchSpacing(ui('boreale.stack.imported', { name })),
	archiveReady: (name: string, bytes: number) => frenchSpacing(ui('boreale.stack.archiveReady', { name, size: Math.round(bytes / 1024) })),
	readPlan: (n: number) => frenchSpacing(ui('boreale.stack.readPlan', { n })),
} as const;
