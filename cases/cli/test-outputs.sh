#!/usr/bin/env bash
# SPDX-License-Identifier: LGPL-2.1-or-later
# What a command writes never destroys what it reads (issue 17, D1, D2):
# a report option naming an input (the profile, --source, --merge, a case
# file, the profile or stdin a case names, the .orig --in-place keeps) is
# refused with exit 2 and the input stays byte for byte, so do two
# outputs naming one file; and a write to stdout that fails (/dev/full) is
# exit 2 with the error, never a success line over an empty file.
# Usage: test-outputs.sh SCAUDIT WORKLOADS_DIR PROFILES_DIR
set -u
scaudit=$1 w=$2 profiles=$3
. "$(dirname "$0")/lib.sh"

p=$tmp/p.json
cp "$profiles/docker-default.json" "$p"
cp "$p" "$tmp/p.copy"
kept() { cmp -s "$p" "$tmp/p.copy"; }

# refused NAME PATTERN SCAUDIT-ARGS...: exit 2, the error, the input kept.
refused() {
	local name=$1 pattern=$2
	shift 2
	run "$@"
	check "$name: exit 2" status 2
	check "$name: says why" err_has "$pattern"
	check "$name: the profile is unchanged" kept
}

refused "check --json naming the profile" \
	"--json would overwrite $p, an input: write it elsewhere" \
	check --json "$p" "$p" -- true
refused "check --sarif naming it through a symlink" \
	'--sarif would overwrite .*, an input' \
	check --sarif "$(ln -s "$p" "$tmp/link" && echo "$tmp/link")" "$p" -- true
refused "check --html naming --source" '--html would overwrite .*p.json, an input' \
	check --source "$p" --html "$p" "$profiles/docker-default.json" -- true
refused "lint --sarif naming the profile" '--sarif would overwrite' \
	lint --sarif "$p" "$p"
refused "trim -o naming the profile: --in-place suggested" \
	'-o names the input itself .*: use --in-place' \
	trim -o "$p" "$p" -- true
refused "trim --in-place --json naming the .orig it keeps" \
	"--json would overwrite $p.orig, an input" \
	trim --in-place --json "$p.orig" "$p" -- true
check "trim --in-place refused: no .orig written" test ! -e "$p.orig"
refused "trim --json and --html naming one file" \
	'--json and --html name one file' \
	trim -o "$tmp/t.json" --json "$tmp/r" --html "$tmp/r" "$p" -- true
check "two outputs refused: neither written" test ! -e "$tmp/r" -a ! -e "$tmp/t.json"
run lint --json /dev/null --sarif /dev/null "$p"
check "two reports to /dev/null: not refused" test "$(cat "$tmp/rc")" != 2
refused "record --merge: -o naming the merge input" \
	'-o would overwrite .*p.json, an input' \
	record --merge "$p" --format oci -o "$p" -- true

# run: the case files and what they name are inputs too.
mkdir "$tmp/cases"
cp "$tmp/p.copy" "$tmp/cases/p.json"
printf 'x\n' >"$tmp/cases/in.txt"
cat >"$tmp/cases/a.ini" <<EOF
[case a]
profile = p.json
command = cat
stdin = in.txt
EOF
cp "$tmp/cases/a.ini" "$tmp/a.copy"
run run --json "$tmp/cases/a.ini" "$tmp/cases"
check "run --json naming a case file: exit 2" status 2
check "run --json naming a case file: says why" err_has '--json would overwrite .*a.ini, an input'
check "run: the case file is unchanged" cmp -s "$tmp/cases/a.ini" "$tmp/a.copy"
run run --junit "$tmp/cases/p.json" "$tmp/cases"
check "run --junit naming a case's profile: exit 2" status 2
check "run: the case's profile is unchanged" cmp -s "$tmp/cases/p.json" "$tmp/p.copy"
run run --markdown "$tmp/cases/in.txt" "$tmp/cases"
check "run --markdown naming a case's stdin: exit 2" status 2
run run --json "$tmp/cases/new.json" "$tmp/cases"
check "run --json to a new file in the cases directory: written" \
	test "$(cat "$tmp/rc")" = 0 -a -s "$tmp/cases/new.json"
run merge --json "$tmp/cases/new.json" "$tmp/cases/new.json"
check "merge --json naming its input: exit 2" status 2

# --in-place (D3): the backup is the original byte for byte (a BOM too)
# with its mode; a second trim keeps the first backup and writes .orig.1;
# a symbolic link or a read-only profile is refused, untouched.
mkdir "$tmp/ip"
q=$tmp/ip/q.json
{ printf '\357\273\277'; cat "$tmp/p.copy"; } >"$q"
cp "$q" "$tmp/q.copy"
chmod 0640 "$q"
run trim --in-place "$q" -- true
check "--in-place: exit 0" status 0
check "--in-place: the .orig is the original, its BOM too" cmp -s "$q.orig" "$tmp/q.copy"
check "--in-place: the .orig has the original's mode" test "$(stat -c %a "$q.orig")" = 640
check "--in-place: the profile keeps its mode" test "$(stat -c %a "$q")" = 640
check "--in-place: the report names the backup" has "the original is kept in $q.orig\$"
cp "$q" "$tmp/q.first"
run trim --in-place "$q" -- true
check "a second --in-place: exit 0" status 0
check "a second --in-place: the first backup kept" cmp -s "$q.orig" "$tmp/q.copy"
check "a second --in-place: its own in .orig.1" cmp -s "$q.orig.1" "$tmp/q.first"
check "a second --in-place: no temporary file left" \
	test "$(ls "$tmp/ip" | sort | tr '\n' ' ')" = "q.json q.json.orig q.json.orig.1 "
ln -s "$p" "$tmp/ip/link.json"
run trim --in-place "$tmp/ip/link.json" -- true
check "--in-place on a symbolic link: exit 2" status 2
check "--in-place on a symbolic link: says why" err_has 'is a symbolic link: trim its target in place'
check "--in-place on a symbolic link: still a link, the target kept" \
	sh -c "[ -L '$tmp/ip/link.json' ] && cmp -s '$p' '$tmp/p.copy'"
cp "$tmp/p.copy" "$tmp/ip/ro.json"
chmod 0444 "$tmp/ip/ro.json"
run trim --in-place "$tmp/ip/ro.json" -- true
check "--in-place on a read-only profile: exit 2" status 2
check "--in-place on a read-only profile: says why" err_has 'is read-only: make it writable'
check "--in-place on a read-only profile: untouched, no backup" \
	sh -c "cmp -s '$tmp/ip/ro.json' '$tmp/p.copy' && [ ! -e '$tmp/ip/ro.json.orig' ]"
cp "$tmp/p.copy" "$tmp/ip/moved.json"
run trim --in-place "$tmp/ip/moved.json" -- sh -c "echo ' ' >>'$tmp/ip/moved.json'"
check "--in-place on a profile changed meanwhile: exit 2" status 2
check "--in-place on a profile changed meanwhile: says why" err_has 'changed while trim ran: nothing written'
check "--in-place on a profile changed meanwhile: no backup" test ! -e "$tmp/ip/moved.json.orig"
# A write killed before its rename leaves PATH.scaudit-PID.XXXXXX; the
# next write of the path removes it (its PID is gone), and leaves a live
# one's alone.
sh -c 'exit 0' &
dead=$!
wait "$dead"
: >"$tmp/ip/out.json.scaudit-$dead.AbC123"
: >"$tmp/ip/out.json.scaudit-$$.XyZ789"
run trim -o "$tmp/ip/out.json" "$p" -- true
check "a stale temporary file of a dead write: removed" test ! -e "$tmp/ip/out.json.scaudit-$dead.AbC123"
check "a live process's temporary file: kept" test -e "$tmp/ip/out.json.scaudit-$$.XyZ789"

# A full disk on stdout: exit 2, the error, and no line claiming success.
if [ -w /dev/full ]; then
	full() {
		"$scaudit" "$@" >/dev/full 2>"$tmp/err"
		echo $? >"$tmp/rc"
	}
	full record -- true
	check "record to a full stdout: exit 2" status 2
	check "record to a full stdout: the error" err_has 'cannot write to standard output: No space left on device'
	check "record to a full stdout: nothing claimed" sh -c "! grep -q 'recorded' '$tmp/err'"
	full show --json - "$p"
	check "show --json - to a full stdout: exit 2" status 2
	full show "$p"
	check "show (text) to a full stdout: exit 2" status 2
	check "show (text) to a full stdout: the error" err_has 'cannot write to standard output'
	full trim "$p" -- true
	check "trim to a full stdout: exit 2" status 2
	check "trim to a full stdout: nothing claimed" sh -c "! grep -qi 'removed\|written' '$tmp/err'"
	full lint --sarif - "$p"
	check "lint --sarif - to a full stdout: exit 2" status 2
fi
finish
