# Man pages are pre-formatted for 80 columns (cat pages): formatting one in
# the emulator takes seconds.
export MANWIDTH=80
