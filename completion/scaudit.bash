# SPDX-License-Identifier: LGPL-2.1-or-later
# bash completion for scaudit: commands, each command's options (read from
# `scaudit COMMAND --help`, so they are never out of date), and files.
_scaudit()
{
	local cur=${COMP_WORDS[COMP_CWORD]} cmd="" i
	for ((i = 1; i < COMP_CWORD; i++)); do
		case ${COMP_WORDS[i]} in
		--) return 0 ;; # the workload's own words: files and commands
		-*) ;;
		*) cmd=${COMP_WORDS[i]}; break ;;
		esac
	done
	if [ -z "$cmd" ]; then
		local cmds
		cmds=$("${COMP_WORDS[0]}" --help 2>/dev/null |
			sed -n 's/^  \([a-z]*\) .*/\1/p')
		COMPREPLY=($(compgen -W "$cmds --help --version" -- "$cur"))
		return 0
	fi
	if [[ $cur == -* ]]; then
		local opts
		opts=$("${COMP_WORDS[0]}" "$cmd" --help 2>/dev/null |
			grep -oE -- '--[a-z][a-z0-9-]*' | sort -u)
		COMPREPLY=($(compgen -W "$opts" -- "$cur"))
		return 0
	fi
	case ${COMP_WORDS[COMP_CWORD - 1]} in
	--semantics) COMPREPLY=($(compgen -W "runc crun libseccomp" -- "$cur")) ;;
	--runtime) COMPREPLY=($(compgen -W "runc crun" -- "$cur")) ;;
	--no-new-privs) COMPREPLY=($(compgen -W "on off" -- "$cur")) ;;
	--color) COMPREPLY=($(compgen -W "auto always never" -- "$cur")) ;;
	--usage-backend) COMPREPLY=($(compgen -W "auto notify kernel" -- "$cur")) ;;
	--stdout | --stderr)
		COMPREPLY=($(compgen -W "file pipe tty null inherit" -- "$cur")) ;;
	--rootfs | --bundle | --cases) COMPREPLY=($(compgen -d -- "$cur")) ;;
	*) COMPREPLY=($(compgen -f -- "$cur")) ;;
	esac
}
complete -F _scaudit scaudit
