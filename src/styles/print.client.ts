/**
 * Opens folded hints and solutions while printing, for browsers without
 * `::details-content` (see print.css), and folds them back afterwards.
 */
const opened = new Set<HTMLDetailsElement>();
addEventListener('beforeprint', () => {
	for (const details of document.querySelectorAll('details:not([open])')) {
		(details as HTMLDetailsElement).open = true;
		opened.add(details as HTMLDetailsElement);
	}
});
addEventListener('afterprint', () => {
	for (const details of opened) details.open = false;
	opened.clear();
});
