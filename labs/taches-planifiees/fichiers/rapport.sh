#!/bin/sh
# Petit rapport : la date et l'espace libre, ajoutés à ~/rapport.log.
{
	date '+%F %H:%M'
	df -h / | tail -n 1
} >> "$HOME/rapport.log"
