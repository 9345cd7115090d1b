import type { List, ListItem, Root, RootContent } from 'mdast';
import { visit } from 'unist-util-visit';
import { ui } from '../i18n/ui.ts';
import { element, renderAs, takeLabel, where } from './directive-utils.ts';

/**
 * `:::quiz[Question ?]` holding a task list (`- [x]` marks right answers)
 * and an optional explanation after it. Rendered as a plain HTML form that
 * works with the keyboard; `quiz.client.ts` checks answers in the browser
 * and announces the result. A quiz without a right answer fails the build.
 */
export function remarkQuiz() {
	return (tree: Root, file: { path?: string }) => {
		let count = 0;
		visit(tree, 'containerDirective', (node) => {
			if (node.name !== 'quiz') return;
			count += 1;
			const id = `quiz-${count}`;
			const question = takeLabel(node);
			const listIndex = node.children.findIndex((child) => child.type === 'list');
			const list = node.children[listIndex] as List | undefined;
			const items = (list?.children ?? []).filter((item): item is ListItem => typeof item.checked === 'boolean');
			if (!question || !list || items.length < 2 || items.length !== list.children.length) {
				throw new Error(
					`${where(file, node)} : quiz mal formé ; attendu :::quiz[La question ?] suivi d’une liste de cases « - [ ] » / « - [x] » (au moins deux choix)`,
				);
			}
			const rightCount = items.filter((item) => item.checked).length;
			if (rightCount === 0) {
				throw new Error(`${where(file, node)} : ce quiz n’a aucune bonne réponse ; coche au moins un choix avec « - [x] »`);
			}
			const inputType = rightCount > 1 ? 'checkbox' : 'radio';
			const choices = items.map((item, index) => {
				const content = item.children.flatMap((child): RootContent[] => (child.type === 'paragraph' ? child.children : [child]));
				return element('li', {}, [
					element('label', {}, [
						element('input', { type: inputType, name: id, value: String(index), dataRight: item.checked ? 'true' : undefined }),
						element('span', {}, content),
					]),
				]);
			});
			const explanation = node.children.slice(listIndex + 1);
			node.children = [
				element('fieldset', {}, [
					element('legend', {}, [
						element('span', { className: ['quiz-number'] }, [{ type: 'text', value: `${ui('boreale.quiz.label', { n: count })} : ` }]),
						...question,
					]),
					...(rightCount > 1 ? [element('p', { className: ['quiz-hint'] }, [{ type: 'text', value: ui('boreale.quiz.several') }])] : []),
					element('ul', { className: ['quiz-choices'] }, choices),
				]),
				element('button', { type: 'submit' }, [{ type: 'text', value: ui('boreale.quiz.submit') }]),
				element('p', { className: ['quiz-feedback'], role: 'alert' }),
				element('div', { className: ['quiz-explanation'], hidden: true }, explanation),
			];
			renderAs(node, 'form', { className: ['boreale-quiz'], dataQuiz: id, ariaLabel: ui('boreale.quiz.label', { n: count }) });
		});
	};
}
