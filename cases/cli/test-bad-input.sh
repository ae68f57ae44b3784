#!/usr/bin/env bash
# End-to-end checks that `scaudit show` refuses malformed profiles: every
# fixture listed in fixtures/bad/EXPECTED must exit 2, print
# nothing on stdout and name FILE:LINE: (just FILE: for LINE 0, a problem of
# the whole file) and the expected words on stderr. Also: an oversized file
# is refused, and CRLF line ends are accepted.
# usage: test-malformed.sh SCAUDIT FIXTURES_DIR
# TAP-style lines, then "N passed, M failed"; exit 1 if any failed.
set -u
if [ $# -ne 2 ]; then
	echo "usage: $0 SCAUDIT FIXTURES_DIR" >&2
	exit 2
fi
scaudit=$1
fixtures=$2
invalid=$fixtures/bad
expected=$invalid/EXPECTED
tmp=$(mktemp -d) || exit 3
trap 'rm -rf "$tmp"' EXIT
pass=0 fail=0 n=0

check() { # description, then a command that must succeed
	local what=$1
	shift
	n=$((n + 1))
	if "$@"; then
		pass=$((pass + 1))
		echo "ok $n - $what"
	else
		fail=$((fail + 1))
		echo "not ok $n - $what"
	fi
}

# A hung reader must not hang the suite.
to=()
if command -v timeout >/dev/null; then
	to=(timeout 30)
fi

run() { # run scaudit, keep stdout/stderr/status
	"${to[@]}" "$scaudit" "$@" >"$tmp/out" 2>"$tmp/err" </dev/null
	echo $? >"$tmp/rc"
}
status() { [ "$(cat "$tmp/rc")" = "$1" ]; }
out_empty() { [ ! -s "$tmp/out" ]; }
out_has() { grep -qE -- "$1" "$tmp/out"; }
out_lacks_cr() { ! grep -q $'\r' "$tmp/out"; }
err_has_fixed() { grep -qF -- "$1" "$tmp/err"; }
# stderr names "PATH:LINE:" for LINE > 0, or "PATH:" then a non-digit for
# LINE 0 (the whole file, no line number).
err_at() {
	local path=$1 line=$2 err
	err=$(cat "$tmp/err")
	if [ "$line" = 0 ]; then
		[[ $err == *"$path:"[!0-9]* ]]
	else
		[[ $err == *"$path:$line:"* ]]
	fi
}
# A fixture file that EXPECTED does not list would never be checked.
listed() { cut -f1 "$expected" | grep -qxF -- "$1"; }
valid_entry() { [[ $1 =~ ^[0-9]+$ ]] && [ -n "$2" ]; }

check "EXPECTED exists" test -f "$expected"
entries=0
if [ -f "$expected" ]; then
	entries=$(grep -cvE '^(#|$)' "$expected")
fi
check "EXPECTED lists at least 20 fixtures ($entries)" test "$entries" -ge 20

for f in "$invalid"/*; do
	[ -f "$f" ] || continue
	base=${f##*/}
	[ "$base" = EXPECTED ] && continue
	check "$base is listed in EXPECTED" listed "$base"
done

if [ -f "$expected" ]; then
	while IFS=$'\t' read -r file line sub || [ -n "$file" ]; do
		case $file in '' | '#'*) continue ;; esac
		if ! valid_entry "$line" "$sub"; then
			check "EXPECTED entry for '$file' is FILE<TAB>LINE<TAB>SUBSTRING" false
			continue
		fi
		path=$invalid/$file
		check "$file exists" test -f "$path"
		run show "$path"
		check "$file: exit status 2 (got $(cat "$tmp/rc"))" status 2
		check "$file: stdout is empty" out_empty
		if [ "$line" = 0 ]; then
			check "$file: error names the file, no line" err_at "$path" 0
		else
			check "$file: error points at line $line" err_at "$path" "$line"
		fi
		check "$file: error says \"$sub\"" err_has_fixed "$sub"
	done <"$expected"
fi

# More than the size limit (4 MiB today): refused before parsing, as a
# whole-file problem.
big=$tmp/huge.list
yes read | head -c $((10 * 1024 * 1024)) >"$big"
check "10 MiB file generated" test "$(stat -c %s "$big")" -eq $((10 * 1024 * 1024))
run show "$big"
check "10 MiB list: exit status 2 (got $(cat "$tmp/rc"))" status 2
check "10 MiB list: stdout is empty" out_empty
check "10 MiB list: error names the file" err_at "$big" 0
check "10 MiB list: error says it is too large" err_has_fixed "too large"

# CRLF line ends are a Windows editor's, not an error.
crlf=$tmp/crlf.list
printf 'read\r\nwrite\r\n' >"$crlf"
run show "$crlf"
check "CRLF list: exit status 0 (got $(cat "$tmp/rc"))" status 0
check "CRLF list: show lists read" out_has '^[0-9]+:[0-9]+ +read +[0-9]'
check "CRLF list: show lists write" out_has '^[0-9]+:[0-9]+ +write +[0-9]'
check "CRLF list: no carriage return in the output" out_lacks_cr

echo "$pass passed, $fail failed"
[ "$fail" -eq 0 ]
