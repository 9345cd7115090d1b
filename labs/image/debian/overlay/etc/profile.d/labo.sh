# shellcheck shell=bash
# Man pages are pre-formatted for 80 columns (cat pages): formatting one in
# the emulator takes seconds.
export MANWIDTH=80

if [ -n "${BASH_VERSION:-}" ]; then
	# Every command is appended to ~/.bash_history as soon as it runs (not at
	# logout), so a lab check can tell that the learner typed it.
	PROMPT_COMMAND="history -a${PROMPT_COMMAND:+; $PROMPT_COMMAND}"

	# `man <page>` in a terminal shows the page pre-formatted when the image
	# was built, with the pager and prompt man-db would use: man-db's own
	# lookup costs seconds in the emulator. Anything else (a section, an
	# option, a page without a cat page, a newer source) goes to the real
	# man. `type man` shows this function; `command man` bypasses it.
	man() {
		if [ $# -eq 1 ] && [ -t 1 ] && [ "${1#-}" = "$1" ]; then
			local lang="${LC_ALL:-${LC_MESSAGES:-${LANG:-}}}" dir section cat src prompt
			lang=${lang%%_*}
			for dir in ${lang:+"$lang/"} ""; do
				for section in 1 8 5; do
					cat="/var/cache/man/${dir}cat$section/$1.$section.gz"
					src="/usr/share/man/${dir}man$section/$1.$section.gz"
					if [ -f "$cat" ] && [ -f "$src" ] && ! [ "$src" -nt "$cat" ]; then
						if [ "$lang" = fr ]; then
							prompt=" Page de manuel $1($section) ?ltligne %lt?L/%L.:octet %bB?s/%s..?e (FIN):?pB %pB\\%.. (h pour l’aide, q pour quitter)"
						else
							prompt=" Manual page $1($section) ?ltline %lt?L/%L.:byte %bB?s/%s..?e (END):?pB %pB\\%.. (press h for help or q to quit)"
						fi
						gzip -dc -- "$cat" | LESS="-ix8RmPm$prompt\$PM$prompt\$" less
						return
					fi
				done
			done
		fi
		command man "$@"
	}
fi
