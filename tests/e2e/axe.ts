import axe, { type Result } from 'axe-core';
import type { Page } from 'playwright-core';

/** WCAG 2.0, 2.1 and 2.2, levels A and AA. */
export const WCAG_TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa'];

declare global {
	interface Window {
		axe?: typeof axe;
	}
}

/**
 * axe-core's WCAG 2.2 AA violations of the page as it is now.
 *
 * axe-core is put into the page once and run there: a second audit of the
 * same page (the other theme, a filled-in state) costs only the run. The
 * Playwright wrapper (@axe-core/playwright) injects it again at each call and
 * finishes every run in a new blank page, for cross-origin frames: about
 * 1.4 s per audit here instead of 0.1–0.5 s, and the site has no frame.
 */
export async function axeViolations(page: Page): Promise<Result[]> {
	if (page.frames().length > 1) {
		throw new Error(`${page.url()} : la page contient un cadre (iframe), que cet audit ne parcourt pas ; audite-le à part`);
	}
	if (!(await page.evaluate(() => window.axe !== undefined))) await page.evaluate(axe.source);
	return page.evaluate(
		async (tags) => (await window.axe!.run(document, { runOnly: { type: 'tag', values: tags }, resultTypes: ['violations'] })).violations,
		WCAG_TAGS,
	);
}

/** Violations that block a user (serious, critical), one line each: rule, impact, first nodes. */
export function blocking(violations: Result[], label: string): string[] {
	return violations
		.filter((v) => v.impact === 'serious' || v.impact === 'critical')
		.map((v) => `${label} axe ${v.id} (${v.impact}): ${v.nodes.map((n) => n.target.join(' ')).slice(0, 3).join(' | ')}`);
}
