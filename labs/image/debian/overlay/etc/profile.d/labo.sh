# Man pages are pre-formatted for 80 columns (cat pages): formatting one in
# the emulator takes seconds.
export MANWIDTH=80
# Every command is appended to ~/.bash_history as soon as it runs (not at
# logout), so a lab check can tell that the learner typed it.
if [ -n "${BASH_VERSION:-}" ]; then
	PROMPT_COMMAND="history -a${PROMPT_COMMAND:+; $PROMPT_COMMAND}"
fi
