/**
 * Typographie française des textes produits (plan, erreurs, README) :
 * espace insécable avant « : », espace fine insécable avant « ; ! ? »,
 * insécables à l'intérieur des guillemets. Même règle que les pages du site.
 */
export function typo(texte: string): string {
	return texte
		.replace(/ :(?=\s|$)/g, '\u00a0:')
		.replace(/ ([;!?])(?=\s|$)/g, '\u202f$1')
		.replace(/« /g, '«\u00a0')
		.replace(/ »/g, '\u00a0»');
}
