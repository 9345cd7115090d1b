// @ts-check
import { defineConfig } from 'astro/config';
import starlight from '@astrojs/starlight';
import { unified } from '@astrojs/markdown-remark';
import { borealeRemarkPlugins } from './src/integrations/markdown.ts';
import { rehypeTaskListLabels } from './src/markdown/rehype-task-list-labels.ts';
import offline, { THEME_COLOR } from './src/integrations/offline.ts';
import { labV86Wasm } from './src/integrations/v86-wasm.ts';
import { sidebarFromFolder } from './src/integrations/sidebar.ts';

// The site is French only: a single root locale gives `<html lang="fr">`,
// French UI strings and Pagefind's French stemming, with no language picker.
export default defineConfig({
	// Canonical address of the deployed site; self-hosters set SITE_URL.
	site: process.env.SITE_URL ?? 'http://localhost:4321',
	// No third-party request at run time: Astro's prefetch and telemetry stay off.
	prefetch: false,
	// The lab machine's worker is an ES module: it loads v86 with a dynamic
	// import, beside its first reads (src/machine/browser/v86-worker.ts). v86.wasm is
	// served with the labs' JIT threshold (src/integrations/v86-wasm.ts).
	vite: { worker: { format: 'es' }, plugins: [labV86Wasm()] },
	markdown: {
		// The unified (remark) pipeline, because our directives (`:::lab`,
		// `:::indice`…) are remark-directive plugins. Starlight adds
		// remark-directive itself and restores directives nobody claimed.
		processor: unified({
			remarkPlugins: borealeRemarkPlugins,
			rehypePlugins: [rehypeTaskListLabels],
			// No « smart » punctuation: it turns `--force` into an em dash in
			// commands and puts English curly quotes in French text.
			smartypants: false,
		}),
	},
	integrations: [
		starlight({
			title: 'Alliance Boréale',
			description:
				'Documentation ouverte et formation gratuite en français pour héberger soi-même son infrastructure : Linux, Proxmox VE et services libres.',
			defaultLocale: 'root',
			locales: { root: { label: 'Français', lang: 'fr' } },
			logo: { src: './src/assets/logo.svg', alt: 'Alliance Boréale' },
			favicon: '/favicon.svg',
			// Installable site: the manifest and icons are written by the offline integration.
			head: [
				{ tag: 'link', attrs: { rel: 'manifest', href: '/manifest.webmanifest' } },
				{ tag: 'meta', attrs: { name: 'theme-color', content: THEME_COLOR } },
			],
			// Pages live in content-fr/, not src/content/docs/: Starlight's own
			// Markdown transforms (asides, heading links) must run there too.
			markdown: { processedDirs: ['./content-fr/'] },
			// Long command lines wrap instead of scrolling: readable on a phone
			// and no keyboard-unreachable scroll region (axe scrollable-region-focusable).
			expressiveCode: { defaultProps: { wrap: true } },
			customCss: ['./src/styles/site.css', './src/styles/print.css'],
			components: {
				MarkdownContent: './src/components/starlight/MarkdownContent.astro',
				Search: './src/components/starlight/Search.astro',
			},
			lastUpdated: false,
			pagination: true,
			sidebar: [
				{ label: 'Commencer', items: [{ slug: 'index', label: 'Accueil' }, 'a-propos'] },
				// Groups read from content-fr/ (src/integrations/sidebar.ts): Starlight's
				// `autogenerate` looks for pages under src/content/docs/ and found none here.
				{
					label: 'Parcours',
					items: sidebarFromFolder('parcours', { folders: ['premiers-pas', 'administrer-un-serveur', 'proxmox', 'services-libres', 'au-quotidien'] }),
				},
				{ label: 'Laboratoires', items: sidebarFromFolder('labs') },
				{ label: 'Déployer', items: sidebarFromFolder('deployer') },
				{ label: 'Mentorat', items: sidebarFromFolder('mentorat') },
				{ label: 'Décider', items: sidebarFromFolder('decider') },
			],
		}),
		// Service worker, web app manifest, offline bundles, precompressed twins.
		offline(),
	],
});
