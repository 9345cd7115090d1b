import strings from '../content/i18n/fr.json' with { type: 'json' };

/** Keys of our own interface strings (Starlight's are read with `Astro.locals.t`). */
export type UiKey = Extract<keyof typeof strings, `boreale.${string}`>;

/**
 * One interface string in French, with `{name}` placeholders filled in.
 * Usable at build time (remark plugins, Astro) and in the browser.
 */
export function ui(key: UiKey, vars: Record<string, string | number> = {}): string {
	return strings[key].replace(/\{(\w+)\}/g, (whole, name: string) => (name in vars ? String(vars[name]) : whole));
}
