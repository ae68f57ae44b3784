#!/usr/bin/env bash
# SPDX-License-Identifier: LGPL-2.1-or-later
# Case files as people write them (issue 15): a relative command found
# from the case file's directory, an unset variable named, a mistyped key
# with its fix, a section with no keys refused, and record's output that
# could not be written reported as such (no success line). Runs as root
# and as nobody.
# Usage: test-case-files.sh SCAUDIT WORKLOADS_DIR FIXTURES_DIR
set -u
scaudit=$1
workloads=$2
fixtures=$3
. "$(dirname "$0")/lib.sh"
unset SCAUDIT_NOPE_H1

# A profile that lets everything through: these cases are about finding
# the command, not about the profile.
mkdir -p "$tmp/suite/bin" "$tmp/elsewhere"
cat >"$tmp/suite/all.json" <<'JSON'
{"defaultAction": "SCMP_ACT_ALLOW", "syscalls": []}
JSON
cp "$workloads/syscaller" "$tmp/suite/bin/tool"
cd "$tmp/elsewhere" || exit 2

# case NAME LINE...: a case file suite/NAME.ini of the lines.
case_file() {
	local f=$tmp/suite/$1.ini
	shift
	printf '%s\n' "$@" >"$f"
}

# 1. A relative command with a '/': from the case file's directory, as
# profile = is, wherever scaudit runs.
case_file dot '[case dot]' 'profile = all.json' 'command = ./bin/tool getppid'
run run ../suite/dot.ini
check "./bin/tool: found from the case file's directory" status 0
check "... and run" has '^ok 1 - dot \(passed'
case_file sub '[case sub]' 'profile = all.json' 'command = bin/tool getppid'
run run "$tmp/suite/sub.ini"
check "bin/tool: found from the case file's directory" status 0
# With cwd = the command runs there, and is found from there.
case_file cwd '[case cwd]' 'profile = all.json' 'cwd = bin' \
	'command = ./tool getppid'
run run ../suite/cwd.ini
check "cwd = bin, ./tool: found from the cwd" status 0
case_file cwd-miss '[case cwd-miss]' 'profile = all.json' 'cwd = bin' \
	'command = ./bin/tool getppid'
run run ../suite/cwd-miss.ini
check "cwd = bin, ./bin/tool: not there, exit 2" status 2
check "... command not found, at the case" \
	has "^not ok 1 - cwd-miss \(error, .*\): case 'cwd-miss': \./bin/tool: command not found"
# A bare name is a PATH name, even with a file of that name beside it.
cp "$workloads/syscaller" "$tmp/suite/tool"
case_file bare '[case bare]' 'profile = all.json' 'command = tool getppid'
run run ../suite/bare.ini
check "a bare name: looked up on PATH only" status 2
check "... command not found" has "case 'bare': tool: command not found"
case_file path '[case path]' 'profile = all.json' 'command = true'
run run ../suite/path.ini
check "a bare name on PATH: runs" status 0
case_file missing '[case missing]' 'profile = all.json' 'command = ./nope'
run run ../suite/missing.ini
check "a relative command not there: exit 2" status 2
check "... says where it was looked for" \
	has "\./nope: command not found .*looked for from the case file's directory \.\./suite "

# 2. An unset variable: named, at its line.
case_file unset '[case unset]' 'profile = all.json' \
	'command = echo ${SCAUDIT_NOPE_H1}'
run run ../suite/unset.ini
check "an unset variable in a command: exit 2" status 2
check "... named, at its line" \
	err_has "unset.ini:3: error: unset variable 'SCAUDIT_NOPE_H1' in command"
check "... and how to fix it" err_has "export SCAUDIT_NOPE_H1 before"
check "... not 'write it as a shell would'" \
	eval '! err_has "write it as a shell would"'
case_file unset-env '[case unset-env]' 'profile = all.json' 'command = true' \
	'env = A=1 B=$SCAUDIT_NOPE_H1'
run run ../suite/unset-env.ini
check "an unset variable in env: named" \
	err_has "unset-env.ini:4: error: unset variable 'SCAUDIT_NOPE_H1' in env"
case_file quoted '[case quoted]' 'profile = all.json' \
	"command = $workloads/syscaller '\$SCAUDIT_NOPE_H1'"
run run ../suite/quoted.ini
check "a quoted \$NAME is no variable" eval '! err_has "unset variable"'
case_file subst '[case subst]' 'profile = all.json' 'command = echo $(id)'
run run ../suite/subst.ini
check "command substitution: exit 2, how to write it" \
	eval 'status 2 && err_has "subst.ini:3: error: bad command .*write it as a shell would"'

# 3. A mistyped key: the one meant.
case_file typo '[case typo]' 'profile = all.json' 'command = true' \
	'timout = 3'
run run ../suite/typo.ini
check "timout = 3: exit 2" status 2
check "... did you mean 'timeout'?, at its line" \
	err_has "typo.ini:4: error: unknown key 'timout' in case 'typo' — did you mean 'timeout'\?"

# 4. A section with no keys: refused at its header, not dropped.
case_file empty '[case first]' '; nothing yet' '' '[case second]' \
	'profile = all.json' 'command = true'
run run ../suite/empty.ini
check "a case with no keys: exit 2" status 2
check "... at its header, with the fix" \
	err_has "empty.ini:1: error: case 'first' has no keys — give it a profile = and a command = line"
check "... and nothing run" eval '! has "^ok "'
case_file empty-last '[case first]' 'profile = all.json' 'command = true' \
	'[case last]'
run run ../suite/empty-last.ini
check "the last case with no keys: exit 2 at its header" \
	eval 'status 2 && err_has "empty-last.ini:4: error: case .last. has no keys"'
case_file empty-other '[case a]' 'profile = all.json' 'command = true' \
	'[other]'
run run ../suite/empty-other.ini
check "an empty section of another name: exit 2 at it" \
	eval 'status 2 && err_has "empty-other.ini:4: error: section \[other\] has no keys"'
# A line inih cannot read under the header is the better error.
case_file junk '[case a]' 'junk' '[case b]' 'profile = all.json' \
	'command = true'
run run ../suite/junk.ini
check "a header, then junk: the junk's line" \
	eval 'status 2 && err_has "junk.ini:2: error: not INI"'

# 5. record's output that cannot be written: the error, no success line.
run record -o /missing/dir/x -- true
check "record -o /missing/dir/x: exit 2" status 2
check "... the write error" err_has "cannot write /missing/dir/x"
check "... and no line saying it was recorded" \
	eval '! has "recorded" && ! err_has "recorded"'
run record -o "$tmp/rec.list" -- true
check "record -o a writable path: exit 0, the summary" \
	eval 'status 0 && has "syscalls recorded in .* in $tmp/rec.list" && [ -s "$tmp/rec.list" ]'

# Other fixtures still load: a case file of the project's bad set is
# still refused at its line.
run run "$fixtures/bad/case-bad-env.ini"
check "fixtures/bad/case-bad-env.ini: still exit 2" status 2

finish
