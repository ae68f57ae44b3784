#!/usr/bin/env bash
# SPDX-License-Identifier: LGPL-2.1-or-later
# End-to-end checks that scaudit refuses bad input cleanly. A clean refusal:
# exit status 2, nothing on stdout, no crash (no status >= 128, no hang, no
# sanitizer report), stderr naming FILE:LINE: (just FILE: for a problem of
# the whole file) and the expected words, and no output file left behind
# (a report asked for is not created; an existing one stays byte for byte).
#
# The inputs:
# - every file of fixtures/bad/, as fixtures/bad/EXPECTED lists it
#   (FILE<TAB>LINE<TAB>SUBSTRING[<TAB>COMMAND]; COMMAND show or run), read
#   with every report option of that command pointing into an empty
#   directory;
# - generated here: 100 MB of each format (list, JSON, strace, case),
#   10,000-level nested JSON (the whole file, and inside an unknown key of
#   a valid profile), a symlink loop, a directory, a missing file, an
#   unreadable file (really unreadable only when not root: as root the
#   checks assert what root gets, which is the file read), a FIFO with no
#   writer, /dev/zero and /dev/urandom, as profiles and as case files;
# - every command that writes a file (show, lint, explain, diff, check,
#   trim -o/--in-place, record -o, run and merge reports) given a bad
#   profile or case file: the output is not created, or left unchanged,
#   and no temporary or .orig file appears; a good input with an
#   unwritable output directory exits 2 with nothing left there either.
#
# usage: test-bad-input.sh SCAUDIT FIXTURES_DIR
# TAP-style lines, then "N passed, M failed", then "bad inputs: N tried,
# M clean errors" (an input given to several commands counts once per
# command; clean: every check of it passed); exit 1 if any check failed.
set -u
if [ $# -ne 2 ]; then
	echo "usage: $0 SCAUDIT FIXTURES_DIR" >&2
	exit 2
fi
scaudit=$1
fixtures=$2
. "$(dirname "$0")/lib.sh"
invalid=$fixtures/bad
profiles=$fixtures/profiles
expected=$invalid/EXPECTED
good=$profiles/seed-go.list
root=false
[ "$(id -u)" -eq 0 ] && root=true

# A hung reader must not hang the suite: 124 is a hang.
limit=30
run() { # run ARGS...: scaudit, stdout/stderr/status kept, no stdin
	timeout -k 5 "$limit" "$scaudit" "$@" >"$tmp/out" 2>"$tmp/err" </dev/null
	echo $? >"$tmp/rc"
}
out_empty() { [ ! -s "$tmp/out" ]; }
err_has_fixed() { grep -qF -- "$1" "$tmp/err"; }
# No crash: killed by no signal, not hung, no sanitizer report.
no_crash() {
	local rc
	rc=$(cat "$tmp/rc")
	[ "$rc" -lt 124 ] &&
		! grep -qE 'AddressSanitizer|LeakSanitizer|runtime error:' "$tmp/err"
}
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
# The directory holds exactly the files named (none: empty).
only_files() {
	local dir=$1 got want
	shift
	got=$(find "$dir" -mindepth 1 -maxdepth 1 -printf '%f\n' | sort | tr '\n' ' ')
	want=$(printf '%s\n' "$@" | sed '/^$/d' | sort | tr '\n' ' ')
	[ "$got" = "$want" ]
}

# One bad input: the checks between input_begin and input_end. It is a
# clean error when every one of them passed.
tried=0 clean=0
input_begin() {
	tried=$((tried + 1))
	mark=$fail
}
input_end() {
	if [ "$fail" -eq "$mark" ]; then
		clean=$((clean + 1))
	fi
}

# refused WHAT PATH LINE SUBSTRING: the last run was a clean refusal.
# LINE 0: a problem of the whole file.
refused() {
	local what=$1 path=$2 line=$3 sub=$4
	check "$what: exit status 2 (got $(cat "$tmp/rc"))" status 2
	check "$what: no crash, no hang" no_crash
	check "$what: stdout is empty" out_empty
	if [ "$line" = 0 ]; then
		check "$what: error names the file, no line" err_at "$path" 0
	else
		check "$what: error points at line $line" err_at "$path" "$line"
	fi
	if [ -n "$sub" ]; then
		check "$what: error says \"$sub\"" err_has_fixed "$sub"
	fi
}

# reports COMMAND: rep=(every report option of COMMAND), into
# $tmp/reports.
mkdir "$tmp/reports"
clear_reports() { find "$tmp/reports" -mindepth 1 -delete; }
reports() {
	local r=$tmp/reports
	case $1 in
	show | explain | diff | check) rep=(--json "$r/report.json") ;;
	lint) rep=(--json "$r/lint.json" --sarif "$r/lint.sarif") ;;
	run | merge)
		rep=(--json "$r/r.json" --junit "$r/r.xml" --sarif "$r/r.sarif"
			--markdown "$r/r.md")
		;;
	*) rep=() ;;
	esac
}

# try WHAT COMMAND PATH LINE SUBSTRING [AT]: one bad input, read by
# COMMAND (show, lint, run, …) with its reports asked for; a clean refusal
# that leaves no report behind. AT is the file the error names (PATH; a
# file in it when PATH is a directory).
try() {
	local what=$1 cmd=$2 path=$3 line=$4 sub=$5 at=${6:-$3}
	input_begin
	reports "$cmd"
	run "$cmd" "$path" "${rep[@]}"
	refused "$what" "$at" "$line" "$sub"
	check "$what: no report left behind" only_files "$tmp/reports"
	clear_reports
	input_end
}

# ---- the corpus: fixtures/bad/ ----

check "EXPECTED exists" test -f "$expected"
entries=0
if [ -f "$expected" ]; then
	entries=$(grep -cvE '^(#|$)' "$expected")
fi
check "EXPECTED lists at least 40 fixtures ($entries)" test "$entries" -ge 40
check "fixtures/bad is readable by uid $(id -u)" test -r "$invalid" -a -x "$invalid"

# A fixture file that EXPECTED does not list would never be checked.
listed() { cut -f1 "$expected" | grep -qxF -- "$1"; }
for f in "$invalid"/*; do
	[ -f "$f" ] || continue
	base=${f##*/}
	[ "$base" = EXPECTED ] && continue
	check "$base is listed in EXPECTED" listed "$base"
done

valid_entry() { [[ $1 =~ ^[0-9]+$ ]] && [ -n "$2" ] && [[ $3 =~ ^(show|run)?$ ]]; }
if [ -f "$expected" ]; then
	while IFS=$'\t' read -r file line sub cmd || [ -n "$file" ]; do
		case $file in '' | '#'*) continue ;; esac
		if ! valid_entry "$line" "$sub" "${cmd:-}"; then
			check "EXPECTED entry for '$file' is FILE<TAB>LINE<TAB>SUBSTRING[<TAB>show|run]" false
			continue
		fi
		path=$invalid/$file
		check "$file exists" test -f "$path"
		try "$file" "${cmd:-show}" "$path" "$line" "$sub"
	done <"$expected"
fi

# ---- generated: sizes ----

# 100 MB of each format: refused as too large before it is read, at once.
# Case files have the limit profiles have (4 MiB).
quick() { [ "$elapsed" -lt 5 ]; }
huge() { # huge WHAT COMMAND FILE: FILE is written by the caller
	local what=$1 cmd=$2 f=$3 t0
	check "$what: 100 MB generated" test "$(stat -c %s "$f")" -ge 100000000
	input_begin
	t0=$(date +%s)
	reports "$cmd"
	run "$cmd" "$f" "${rep[@]}"
	elapsed=$(($(date +%s) - t0))
	refused "$what" "$f" 0 "too large"
	check "$what: no report left behind" only_files "$tmp/reports"
	check "$what: refused in under 5 s (${elapsed} s)" quick
	clear_reports
	input_end
	rm -f "$f"
}
mb100() { head -c 100000000; }
yes read | mb100 >"$tmp/huge.list"
huge "100 MB list" show "$tmp/huge.list"
{
	printf '{"defaultAction": "SCMP_ACT_ERRNO", "syscalls": [\n'
	yes '{"names": ["read"], "action": "SCMP_ACT_ALLOW"},' | mb100
	printf '\n{"names": ["read"], "action": "SCMP_ACT_ALLOW"}]}\n'
} >"$tmp/huge.json"
huge "100 MB JSON" show "$tmp/huge.json"
{
	printf '%% time     seconds  usecs/call     calls    errors syscall\n'
	printf -- '------ ----------- ----------- --------- --------- ----------------\n'
	yes '  0.00    0.000000           0         1           read' | mb100
} >"$tmp/huge.strace"
huge "100 MB strace table" show "$tmp/huge.strace"
{
	printf '[case huge]\nprofile = %s\ncommand = true\n' "$good"
	yes '; a comment' | mb100
} >"$tmp/huge.ini"
huge "100 MB case file" run "$tmp/huge.ini"

# ---- generated: deep nesting ----

# jansson stops at 2048 levels: 10,000 is an error at line 1, whether the
# whole file or a key scaudit does not know (kept for writers) nests.
nest() { # nest N OPEN CLOSE: OPEN N times, then CLOSE N times
	python3 -c "import sys; n=int(sys.argv[1]); sys.stdout.write(sys.argv[2]*n + sys.argv[3]*n)" "$@"
}
nest 10000 '[' ']' >"$tmp/deep-arrays.json"
try "10,000 nested arrays" show "$tmp/deep-arrays.json" 1 "maximum parsing depth"
nest 10000 '{"a":' '}' | sed 's/}/1}/' >"$tmp/deep-objects.json"
try "10,000 nested objects" show "$tmp/deep-objects.json" 1 "maximum parsing depth"
{
	printf '{"defaultAction": "SCMP_ACT_ERRNO", "x-unknown": '
	nest 10000 '[' ']'
	printf '}\n'
} >"$tmp/deep-key-arrays.json"
try "10,000 nested arrays in an unknown key" show "$tmp/deep-key-arrays.json" 1 \
	"maximum parsing depth"
{
	printf '{"defaultAction": "SCMP_ACT_ERRNO", "x-unknown": '
	nest 10000 '{"a":' '}' | sed 's/}/1}/'
	printf '}\n'
} >"$tmp/deep-key-objects.json"
try "10,000 nested objects in an unknown key" show "$tmp/deep-key-objects.json" 1 \
	"maximum parsing depth"
# Not a bad input: within jansson's depth an unknown key is kept.
{
	printf '{"defaultAction": "SCMP_ACT_ERRNO", "x-unknown": '
	nest 2000 '[' ']'
	printf ', "syscalls": [{"names": ["read"], "action": "SCMP_ACT_ALLOW"}]}\n'
} >"$tmp/deep-ok.json"
run show "$tmp/deep-ok.json"
check "2,000 nested arrays in an unknown key: accepted (exit $(cat "$tmp/rc"))" status 0

# ---- generated: what is not a regular file ----

ln -s loop "$tmp/loop"
try "symlink loop as a profile" show "$tmp/loop" 0 "Too many levels of symbolic links"
ln -s loop.ini "$tmp/loop.ini"
try "symlink loop as a case file" run "$tmp/loop.ini" 0 \
	"Too many levels of symbolic links"
mkdir "$tmp/loopdir"
ln -s l.ini "$tmp/loopdir/l.ini"
try "directory of cases holding a symlink loop" run "$tmp/loopdir" 0 \
	"Too many levels of symbolic links" "$tmp/loopdir/l.ini"

mkdir "$tmp/dir"
try "directory as a profile" show "$tmp/dir" 0 "Is a directory"
try "directory with no case files" run "$tmp/dir" 0 "no *.ini or *.case files"
mkdir "$tmp/dir/x.ini"
try "directory named *.ini in a directory of cases" run "$tmp/dir" 0 \
	"Is a directory" "$tmp/dir/x.ini"
rmdir "$tmp/dir/x.ini"

try "missing profile" show "$tmp/no-such.list" 0 "No such file or directory"
try "missing case file" run "$tmp/no-such.ini" 0 "No such file or directory"
printf '[case a]\nprofile = no-such.list\ncommand = true\n' >"$tmp/missing-profile.ini"
try "case naming a missing profile" run "$tmp/missing-profile.ini" 2 \
	"No such file or directory"

# A profile that is a directory, named by a case: the case file's line,
# and bad input (2), not an environment error (3).
printf '[case a]\nprofile = .\ncommand = true\n' >"$tmp/dir-profile.ini"
input_begin
reports run
run run "$tmp/dir-profile.ini" "${rep[@]}"
check "case naming a directory as its profile: exit status 2 (got $(cat "$tmp/rc"))" status 2
check "case naming a directory as its profile: no crash" no_crash
check "case naming a directory as its profile: points at the case's line" \
	err_at "$tmp/dir-profile.ini" 2
check "case naming a directory as its profile: says so" err_has_fixed "Is a directory"
check "case naming a directory as its profile: no report left behind" \
	only_files "$tmp/reports"
clear_reports
input_end

# Unreadable files. Root reads them anyway (no DAC for root): then the
# profile is shown (exit 0) and the case file's own error is found.
cp "$good" "$tmp/unreadable.list"
chmod 000 "$tmp/unreadable.list"
if $root; then
	run show "$tmp/unreadable.list"
	check "mode 000 profile, as root: read anyway (exit $(cat "$tmp/rc"))" status 0
else
	try "unreadable profile" show "$tmp/unreadable.list" 0 "Permission denied"
fi
printf '[case a]\nprofile = %s\ncommand = true\ncolour = red\n' "$good" >"$tmp/unreadable.ini"
chmod 000 "$tmp/unreadable.ini"
if $root; then
	try "mode 000 case file, as root: its unknown key" run "$tmp/unreadable.ini" 4 \
		"unknown key 'colour'"
else
	try "unreadable case file" run "$tmp/unreadable.ini" 0 "Permission denied"
fi
mkdir "$tmp/unreadable-dir"
cp "$tmp/missing-profile.ini" "$tmp/unreadable-dir/a.ini"
chmod 000 "$tmp/unreadable-dir"
if ! $root; then
	try "unreadable directory of cases" run "$tmp/unreadable-dir" 0 "Permission denied"
	# A case whose profile cannot be read: bad input (2), at the case's
	# line. (As root the profile is read and the case would run.)
	printf '[case a]\nprofile = unreadable.list\ncommand = true\n' >"$tmp/case-unreadable-profile.ini"
	input_begin
	reports run
	run run "$tmp/case-unreadable-profile.ini" "${rep[@]}"
	check "case naming an unreadable profile: exit status 2 (got $(cat "$tmp/rc"))" status 2
	check "case naming an unreadable profile: no crash" no_crash
	check "case naming an unreadable profile: points at the case's line" \
		err_at "$tmp/case-unreadable-profile.ini" 2
	check "case naming an unreadable profile: says so" err_has_fixed "Permission denied"
	check "case naming an unreadable profile: no report left behind" \
		only_files "$tmp/reports"
	clear_reports
	input_end
fi
chmod 755 "$tmp/unreadable-dir"

# A FIFO nobody writes to reads as empty, at once (opening it blocked).
mkfifo "$tmp/fifo.list" "$tmp/fifo.ini"
try "FIFO without a writer as a profile" show "$tmp/fifo.list" 0 "the profile is empty"
try "FIFO without a writer as a case file" run "$tmp/fifo.ini" 0 "no [case NAME] section"
# Devices with no end: read up to the limit, then refused.
for dev in /dev/zero /dev/urandom; do
	try "$dev as a profile" show "$dev" 0 "too large"
	try "$dev as a case file" run "$dev" 0 "too large"
done

# ---- commands that write files, given bad input ----

# writes WHAT COMMAND ARGS…: ARGS name OUT ($tmp/w/out) and a bad input.
# OUT must not appear; run again with OUT there, it must stay as it was;
# no temporary file (OUT.XXXXXX) or backup in either case.
mkdir "$tmp/w"
out=$tmp/w/out
writes() {
	local what=$1
	shift
	input_begin
	run "$@"
	check "$what: exit status 2 (got $(cat "$tmp/rc"))" status 2
	check "$what: no crash, no hang" no_crash
	check "$what: no output file, no temporary file" only_files "$tmp/w"
	printf 'left from before\n' >"$out"
	cp "$out" "$tmp/out.before"
	run "$@"
	check "$what, output already there: exit status 2 (got $(cat "$tmp/rc"))" status 2
	check "$what, output already there: unchanged" cmp -s "$out" "$tmp/out.before"
	check "$what, output already there: no temporary file" only_files "$tmp/w" out
	find "$tmp/w" -mindepth 1 -delete
	input_end
}
badlist=$invalid/bad-errno.list
badjson=$invalid/huge-integer.json
badstrace=$invalid/strace-huge-count.strace
badcase=$invalid/case-unknown-key.ini
for bad in "$badlist" "$badjson" "$badstrace"; do
	b=${bad##*/}
	writes "show $b --json" show "$bad" --json "$out"
	writes "lint $b --json" lint "$bad" --json "$out"
	writes "lint $b --sarif" lint "$bad" --sarif "$out"
	writes "explain $b --json" explain "$bad" --json "$out"
	writes "diff good $b --json" diff "$good" "$bad" --json "$out"
	writes "diff $b good --json" diff "$bad" "$good" --json "$out"
	writes "check $b --json" check "$bad" --json "$out" -- true
	writes "trim $b -o" trim "$bad" -o "$out" -- true
	writes "trim $b --json" trim "$bad" -o - --json "$out" -- true
	writes "record --merge $b -o" record --merge "$bad" -o "$out" -- true
done
for opt in --json --junit --sarif --markdown; do
	writes "run ${badcase##*/} $opt" run "$badcase" "$opt" "$out"
done
writes "trim --cases with a bad case file -o" trim "$good" -o "$out" \
	--cases "$invalid/case-nul-byte.ini"

# --in-place: the bad profile itself stays as it was, with no .orig and no
# temporary file beside it.
mkdir "$tmp/inplace"
for bad in "$badlist" "$badjson" "$badstrace"; do
	b=${bad##*/}
	cp "$bad" "$tmp/inplace/$b"
	input_begin
	run trim "$tmp/inplace/$b" --in-place -- true
	check "trim --in-place $b: exit status 2 (got $(cat "$tmp/rc"))" status 2
	check "trim --in-place $b: no crash" no_crash
	check "trim --in-place $b: the profile unchanged" cmp -s "$bad" "$tmp/inplace/$b"
	check "trim --in-place $b: no .orig, no temporary file" only_files "$tmp/inplace" "$b"
	input_end
	rm -f "$tmp/inplace/$b"
done

# merge reads the JSON reports of run: bad ones are refused the same way.
printf '{"schema": 1, "runs": [' >"$tmp/truncated-report.json"
printf '{"schema": 1, "runs": [1, "x", {"profile": 5}], "profiles": {}}\n' \
	>"$tmp/wrong-types-report.json"
mkfifo "$tmp/fifo-report.json"
writes "merge a truncated report" merge "$tmp/truncated-report.json" --json "$out"
writes "merge a report of wrong types" merge "$tmp/wrong-types-report.json" --json "$out"
printf '{"schema": 1, "runs": [], "profiles": [{"path": "p.list"}]}\n' \
	>"$tmp/no-allowed-report.json"
writes "merge a report whose profile lacks 'allowed'" merge "$tmp/no-allowed-report.json" --json "$out"
writes "merge a FIFO without a writer" merge "$tmp/fifo-report.json" --json "$out"
writes "merge /dev/zero" merge /dev/zero --json "$out"

# ---- a good input, an output that cannot be written ----

# Exit 2 with the reason, nothing left in the directory. Root writes
# anywhere the mode bits allow nothing, so it gets a path through a
# regular file (ENOTDIR) and a missing directory instead.
mkdir "$tmp/ro"
if $root; then
	printf 'x\n' >"$tmp/ro/file"
	dest=$tmp/ro/file/out.json
	keep="file"
else
	chmod 555 "$tmp/ro"
	dest=$tmp/ro/out.json
	keep=
fi
unwritable() { # unwritable WHAT ARGS…
	local what=$1
	shift
	run "$@"
	check "$what: exit status 2 (got $(cat "$tmp/rc"))" status 2
	check "$what: no crash" no_crash
	check "$what: says it cannot write" err_has_fixed "cannot write"
	check "$what: nothing left in the directory" only_files "$tmp/ro" $keep
}
unwritable "show good --json into an unwritable directory" show "$good" --json "$dest"
unwritable "show good --json into a missing directory" show "$good" --json "$tmp/ro/no/such/out.json"
unwritable "lint good --sarif into an unwritable directory" lint "$good" --sarif "$dest"
unwritable "show good --json onto a directory" show "$good" --json "$tmp/ro"
printf '[case true]\nprofile = %s\ncommand = true\ntimeout = 20\n' "$good" >"$tmp/good.ini"
unwritable "run a good case --json into an unwritable directory" run "$tmp/good.ini" --json "$dest"
unwritable "run a good case --junit into an unwritable directory" run "$tmp/good.ini" --junit "$dest"
unwritable "record -o into an unwritable directory" record -o "$dest" -- true
chmod 755 "$tmp/ro"

# Not a bad input: a device or FIFO as the output is written to, never
# replaced by a regular file (as root, --json /dev/null made /dev/null a
# file). A FIFO without a reader is an error, not a wait.
mkfifo "$tmp/out-fifo"
run show "$good" --json "$tmp/out-fifo"
check "--json FIFO without a reader: exit status 2 (got $(cat "$tmp/rc"))" status 2
check "--json FIFO without a reader: still a FIFO" test -p "$tmp/out-fifo"
if $root; then
	mknod "$tmp/null" c 1 3
	run show "$good" --json "$tmp/null"
	check "--json onto a null device: exit 0 (got $(cat "$tmp/rc"))" status 0
	check "--json onto a null device: still a device" test -c "$tmp/null"
fi

finish
st=$?
echo "bad inputs: $tried tried, $clean clean errors"
exit $st
