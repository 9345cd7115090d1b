/**
 * Opens folded hints and solutions while printing, for browsers without
 * `::details-content` (see print.css), and folds them back afterwards;
 * loads lazy images so that none prints blank.
 */
const opened = new Set<HTMLDetailsElement>();
addEventListener('beforeprint', () => {
	// Lazy images below the fold would print as blank boxes.
	for (const img of document.querySelectorAll<HTMLImageElement>('img[loading="lazy"]')) img.loading = 'eager';
	for (const details of document.querySelectorAll('details:not([open])')) {
		(details as HTMLDetailsElement).open = true;
		opened.add(details as HTMLDetailsElement);
	}
});
addEventListener('afterprint', () => {
	for (const details of opened) details.open = false;
	opened.clear();
});
