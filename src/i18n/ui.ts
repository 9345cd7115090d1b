import strings from '../content/i18n/fr.json' with { type: 'json' };

/** Keys of our own interface strings (Starlight's are read with `Astro.locals.t`). */
export type UiKey = Extract<keyof typeof strings, `boreale.${string}`>;

/** Values a string's placeholders are filled with. */
export type UiVars = Record<string, string | number>;

// French counts 0 and 1 as singular (« 0 étape réussie »), unlike English.
const frenchPlural = new Intl.PluralRules('fr');

/**
 * Fills a template: `{name}` takes the value of `name`, and
 * `{name, plural, one {# étape} other {# étapes}}` picks the form that French
 * grammar wants for the number `name` (categories of `Intl.PluralRules('fr')`:
 * `one`, `many`, `other`; `other` when the category has no form), `#` being
 * the number. A placeholder without a value is left as written, so that a
 * forgotten variable shows on the page instead of vanishing.
 */
export function formatUi(template: string, vars: UiVars = {}): string {
	let out = '';
	let at = 0;
	while (at < template.length) {
		const open = template.indexOf('{', at);
		if (open < 0) break;
		const close = matchingBrace(template, open);
		if (close < 0) break;
		out += template.slice(at, open) + fillPlaceholder(template.slice(open + 1, close), vars, template.slice(open, close + 1));
		at = close + 1;
	}
	return out + template.slice(at);
}

/** Index of the `}` closing the `{` at `open`, or -1. */
function matchingBrace(text: string, open: number): number {
	let depth = 0;
	for (let i = open; i < text.length; i++) {
		if (text[i] === '{') depth++;
		else if (text[i] === '}' && --depth === 0) return i;
	}
	return -1;
}

function fillPlaceholder(inner: string, vars: UiVars, whole: string): string {
	const plural = /^\s*(\w+)\s*,\s*plural\s*,([\s\S]*)$/.exec(inner);
	if (!plural) {
		const name = inner.trim();
		return /^\w+$/.test(name) && name in vars ? String(vars[name]) : whole;
	}
	const [, name, body] = plural;
	if (!(name in vars)) return whole;
	const count = Number(vars[name]);
	const forms = pluralForms(body);
	const form = forms.get(frenchPlural.select(count)) ?? forms.get('other');
	if (form === undefined) throw new Error(`chaîne d’interface : pluriel de « ${name} » sans forme « other » dans ${whole}`);
	// The chosen form may hold placeholders of its own.
	return formatUi(form.replaceAll('#', String(count)), vars);
}

/** `one {…} other {…}` → category → text. */
function pluralForms(body: string): Map<string, string> {
	const forms = new Map<string, string>();
	let at = 0;
	for (;;) {
		const head = /^\s*(\w+)\s*\{/.exec(body.slice(at));
		if (!head) break;
		const open = at + head[0].length - 1;
		const close = matchingBrace(body, open);
		if (close < 0) break;
		forms.set(head[1], body.slice(open + 1, close));
		at = close + 1;
	}
	return forms;
}

/**
 * One interface string in French, with its placeholders filled in (see
 * `formatUi`). Usable at build time (remark plugins, Astro) and in the browser.
 */
export function ui(key: UiKey, vars: UiVars = {}): string {
	return formatUi(strings[key], vars);
}
