import { remarkLab } from '../labs/remark-lab.ts';
import { remarkCmd } from '../markdown/remark-cmd.ts';
import { remarkFrenchTypography } from '../markdown/french-typography.ts';
import { remarkQuiz } from '../markdown/remark-quiz.ts';
import { remarkReveal } from '../markdown/remark-reveal.ts';

/**
 * The site's remark plugins, in order: the generic ones of src/markdown/
 * and the lab embed of src/labs/. Directives nobody claims here are given
 * back as text by Starlight afterwards (`chown root:root`, `12:30`). French
 * spacing runs last so it also fixes the text the directives generate.
 */
export const borealeRemarkPlugins = [remarkReveal, remarkQuiz, remarkCmd, remarkLab, remarkFrenchTypography];
