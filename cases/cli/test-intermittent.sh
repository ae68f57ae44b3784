#!/usr/bin/env bash
# SPDX-License-Identifier: LGPL-2.1-or-later
# End-to-end checks of calls a workload makes only in some runs: repeats
# (record and trim until the usage is stable, --repeat, a case's repeat),
# intermittent entries, and what the kernel and Go's runtime make only
# sometimes. Usage: test-intermittent.sh SCAUDIT WORKLOADS_DIR PROFILES_DIR
# [GO_FIXTURES_DIR]. TAP-style lines, then "N passed, M failed".
set -u
scaudit=$1
w=$2
profiles=$3
gosrc=${4:-}
. "$(dirname "$0")/lib.sh"
base=$profiles/workload-base.list

# coin makes getppid in a random half of its runs. One run misses it half
# the time; record repeats until 5 runs in a row add nothing, so it misses
# it once in 64 tries.
caught=0
for i in $(seq 100); do
	"$scaudit" record -o "$tmp/coin.list" -- "$w/coin" getppid 2>/dev/null
	grep -q '^getppid' "$tmp/coin.list" && caught=$((caught + 1))
done
echo "# record caught coin's getppid in $caught of 100 tries"
check "record (default): coin's getppid in at least 95 of 100 tries" test "$caught" -ge 95
run record --repeat 30 -o "$tmp/coin.list" -- "$w/coin" getppid
check "record --repeat 30: marked intermittent" grep -qE '^getppid +# intermittent: [0-9]+ of [0-9]+ runs$' "$tmp/coin.list"
run record --max-runs 1 -o "$tmp/one.list" -- "$w/coin" getppid
check "record --max-runs 1: one run" out_has 'recorded in 1 run in'

# trim never removes it once seen: 30 first runs see it (all but 1 in 10^9)
# and it stays, called intermittent.
p=$(profile coin getppid mount)
run trim --repeat 30 --json "$tmp/trim.json" -o "$tmp/coin.trimmed" "$p" -- "$w/coin" getppid
check "trim --repeat 30: exit 0" status 0
check "trim: getppid kept" grep -qx getppid "$tmp/coin.trimmed"
check "trim: mount removed" sh -c "! grep -qx mount '$tmp/coin.trimmed'"
check "trim: getppid intermittent" python3 -c "
import json; d=json.load(open('$tmp/trim.json'))
assert 'getppid' in d['intermittent'] and 'getppid' in d['used'] and 'mount' in d['unnecessary'], d"
# The default stops when 5 runs in a row add no name; whatever it saw, it
# keeps: the entry is removed only if no first run made it.
for i in 1 2 3 4 5; do
	"$scaudit" trim --json "$tmp/t.json" -o "$tmp/t.list" "$p" -- "$w/coin" getppid >/dev/null 2>&1
	python3 -c "
import json,sys; d=json.load(open('$tmp/t.json'))
sys.exit(0 if ('getppid' in d['used']) != ('getppid' in d['unnecessary']) else 1)" ||
		echo "not consistent" >>"$tmp/trim-bad"
done
check "trim (default): getppid is kept or unused, never both" test ! -e "$tmp/trim-bad"

# trim --learn proves an addition by runs that make the call: one that
# comes in half the runs is added (needed, or unproven), never dropped as
# tolerated; --deep never tries what comes only sometimes.
printf '{"defaultAction": "SCMP_ACT_ERRNO", "syscalls": [{"names": [%s], "action": "SCMP_ACT_ALLOW"}]}\n' \
	"$(grep -v '^#' "$base" | sed 's/.*/"&"/' | paste -sd, -)" >"$tmp/lack.json"
for i in 1 2 3 4 5 6; do
	"$scaudit" trim --learn --json "$tmp/l.json" -o "$tmp/l.out" "$tmp/lack.json" -- "$w/coin" -x getppid >/dev/null 2>&1
	python3 -c "
import json,sys; d=json.load(open('$tmp/l.json'))
sys.exit(1 if 'getppid' in d['notAdded'] else 0)" || echo "dropped" >>"$tmp/learn-bad"
done
check "trim --learn: a needed call that comes in half the runs is never dropped" test ! -e "$tmp/learn-bad"
run trim --deep --repeat 30 --json "$tmp/d.json" -o "$tmp/d.out" "$p" -- "$w/coin" -x getppid
check "trim --deep: the intermittent entry is not tried" python3 -c "
import json; d=json.load(open('$tmp/d.json'))
assert 'getppid' in d['intermittent'] and 'getppid' not in [x['name'] for x in d['tolerated']], d"

# check --repeat: intermittent, never unnecessary, however --fail-on-
# unnecessary is asked.
run check --repeat 30 --fail-on-unnecessary --json "$tmp/c.json" "$p" -- "$w/coin" getppid
check "check --repeat 30: getppid intermittent" has '^intermittent  1 entry some runs used'
check "... with its runs" has '^  getppid  \([0-9]+ of 30 runs\)$'
check "... and not unnecessary (mount is)" python3 -c "
import json; d=json.load(open('$tmp/c.json'))
assert d['intermittent']==['getppid'] and 'getppid' not in d['unnecessary'] and 'mount' in d['unnecessary'] and d['repeats']==30, d"
check "... --fail-on-unnecessary: exit 1 for mount" status 1

# run: a case's repeat key; the profile's summary says intermittent.
mkdir -p "$tmp/cases"
cat >"$tmp/cases/coin.ini" <<EOF
[case coin]
profile = ../coin.list
command = $w/coin getppid
repeat = 30
EOF
run run --json "$tmp/run.json" "$tmp/cases"
check "run, repeat = 30: exit 0" status 0
check "run: intermittent in the summary" has '^  intermittent \(used by some runs, kept\): getppid$'
check "run: JSON" python3 -c "
import json; d=json.load(open('$tmp/run.json'))
p=d['profiles'][0]
assert p['intermittent']==['getppid'] and 'getppid' not in [u['name'] for u in p['unnecessary']], p"

# The kernel's: a handler installed makes rt_sigreturn needed whenever its
# signal comes, in this run or not; without one it is unnecessary.
p=$(profile sig getppid rt_sigreturn)
run check --json "$tmp/h.json" "$p" -- "$w/handler" getppid
check "a handler installed: rt_sigreturn kept (sometimes)" python3 -c "
import json; d=json.load(open('$tmp/h.json'))
assert 'rt_sigreturn' in [k['name'] for k in d['sometimes']] and 'rt_sigreturn' not in d['unnecessary'], d"
run check --json "$tmp/h.json" "$p" -- "$w/syscaller" getppid
check "no handler: rt_sigreturn unnecessary" python3 -c "
import json; d=json.load(open('$tmp/h.json'))
assert 'rt_sigreturn' in d['unnecessary'], d"

# Go: what its runtime makes by timing is recorded and marked; the profile
# then holds in every run.
if [ -n "$gosrc" ] && command -v go >/dev/null; then
	cp "$gosrc/busy.go" "$tmp/"
	(cd "$tmp" && HOME="$tmp" GOPATH="$tmp/gopath" GOCACHE="$tmp/gocache" GO111MODULE=off GOFLAGS= go build -o busy busy.go) 2>"$tmp/err"
	check "Go: the fixture builds" test -x "$tmp/busy"
	run record -o "$tmp/go.list" -- "$tmp/busy"
	check "Go: recorded" status 0
	check "Go: its runtime's sometimes-calls marked" grep -qE '^tgkill +# Go runtime: async preemption$' "$tmp/go.list"
	ok=0
	for i in $(seq 100); do
		"$scaudit" exec "$tmp/go.list" -- "$tmp/busy" >/dev/null 2>&1 && ok=$((ok + 1))
	done
	echo "# the recorded Go profile held in $ok of 100 runs under exec"
	check "Go: the recorded profile holds in 100 of 100 runs under exec" test "$ok" -eq 100
else
	echo "# skip: go not installed"
fi
finish
