import { ui } from '../../i18n/ui.ts';

/**
 * Self-check quizzes rendered by `remark-quiz`: answers are checked in the
 * browser, the result is announced (`role="alert"`), and the explanation
 * shows once the answer is right or after a second try. Nothing is stored
 * or sent: a quiz is for the learner alone.
 */
export function checkAnswer(form: HTMLFormElement): 'empty' | 'right' | 'wrong' {
	const inputs = [...form.querySelectorAll<HTMLInputElement>('input[type="radio"], input[type="checkbox"]')];
	if (!inputs.some((input) => input.checked)) return 'empty';
	return inputs.every((input) => input.checked === (input.dataset.right === 'true')) ? 'right' : 'wrong';
}

function enhance(form: HTMLFormElement): void {
	const feedback = form.querySelector<HTMLElement>('.quiz-feedback')!;
	const explanation = form.querySelector<HTMLElement>('.quiz-explanation');
	let tries = 0;
	form.addEventListener('submit', (event) => {
		event.preventDefault();
		const result = checkAnswer(form);
		form.dataset.result = result;
		if (result === 'empty') {
			feedback.textContent = ui('boreale.quiz.empty');
			return;
		}
		tries += 1;
		feedback.textContent = ui(result === 'right' ? 'boreale.quiz.right' : 'boreale.quiz.wrong');
		if (explanation && explanation.childElementCount > 0 && (result === 'right' || tries >= 2)) explanation.hidden = false;
	});
	form.addEventListener('change', () => {
		delete form.dataset.result;
		feedback.textContent = '';
	});
}

for (const form of document.querySelectorAll<HTMLFormElement>('form.boreale-quiz')) enhance(form);
