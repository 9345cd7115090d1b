/**
 * Upgrades every `<boreale-lab>` on a page. The heavy parts (xterm.js, v86)
 * are imported only when a lab starts, so a lesson page stays light.
 */
async function upgrade(): Promise<void> {
	if (!document.querySelector('boreale-lab')) return;
	await import('./lab-element.ts');
}
void upgrade();
