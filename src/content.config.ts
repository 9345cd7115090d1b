import { defineCollection } from 'astro:content';
import { glob } from 'astro/loaders';
import { docsSchema, i18nSchema } from '@astrojs/starlight/schema';
import { i18nLoader } from '@astrojs/starlight/loaders';
import { pageExtensions } from './schemas/page.ts';
import { labsLoader, scanLabsFolder } from './labs/loader.ts';
import { labSchema } from './labs/schema.ts';

/**
 * Pages are authored in `content-fr/`, not in `src/content/`: content and
 * code live in separate rooms, and translators never touch `src/`.
 * Files starting with `_` are drafts or partials and are not published.
 */
export const collections = {
	docs: defineCollection({
		loader: glob({ pattern: '**/[^_]*.{md,mdx}', base: './content-fr' }),
		schema: docsSchema({ extend: pageExtensions(() => scanLabsFolder().ids) }),
	}),
	/** `labs/<id>/lab.yaml`, validated with French errors that name file and field. */
	labs: defineCollection({ loader: labsLoader(), schema: labSchema }),
	i18n: defineCollection({
		// Our own UI strings and French fixes to Starlight's, in src/content/i18n/fr.json.
		loader: i18nLoader(),
		schema: i18nSchema(),
	}),
};
