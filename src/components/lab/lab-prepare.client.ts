/**
 * Lab pages: the machine's worker starts reading its image as soon as the
 * page is parsed, before the lab's interface (xterm.js and the rest of
 * lab-element.ts) has even loaded. A small module of its own for that.
 */
import { sharedV86Runtime } from '../../machine/browser/v86-runtime.ts';
import { startsByItself } from './autostart.ts';

for (const lab of document.querySelectorAll<HTMLElement>('boreale-lab[data-image]')) {
	if (startsByItself(lab)) sharedV86Runtime().prepare(lab.dataset.image!, lab.dataset.lab);
}
