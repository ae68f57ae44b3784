#!/usr/bin/env bash
# SPDX-License-Identifier: LGPL-2.1-or-later
# Every kind of SARIF scaudit writes (run, merge, check, lint), findings
# and none, validated by Microsoft's SARIF Multitool under its default
# rules and GitHub's (scripts/sarif-multitool): what code scanning takes
# as is. Skipped when bootstrap could not fetch the Multitool.
# Usage: test-sarif-rules.sh SCAUDIT WORKLOADS_DIR SOURCE_ROOT BUILD_DIR
set -u
scaudit=$1
export SCAUDIT_WORKLOADS=$2
root=$3 build=$4
if [ ! -x "$build/sarif-multitool-npm/node_modules/.bin/sarif-multitool" ]; then
	echo "1..0 # SKIP no SARIF Multitool (scripts/sarif-multitool $build --fetch-only)"
	exit 77
fi
. "$(dirname "$0")/lib.sh"
cd "$root" || exit 2

run run -j 2 --sarif "$tmp/suite.sarif" --json "$tmp/suite.json" cases/suite
check "run: holds" status 0
run run -j 2 --sarif "$tmp/findings.sarif" cases/suite-findings
check "run with findings: exit 1" status 1
run merge "$tmp/suite.json" --sarif "$tmp/merged.sarif"
check "merge: done" status 0
run check --learn --sarif "$tmp/check.sarif" fixtures/profiles/seed-go.list -- date
check "check with findings: exit 1" status 1
run lint --sarif "$tmp/lint.sarif" fixtures/profiles/docker-default.json
check "lint: SARIF written" test -s "$tmp/lint.sarif"
run check --expect-denied getuid --sarif "$tmp/escaped.sarif" \
	fixtures/profiles/suite/app.list -- "$SCAUDIT_WORKLOADS/syscaller" getuid
check "check, a call that escaped: exit 1" status 1
for f in suite findings merged check lint escaped; do
	check "$f: no error or warning, default and GitHub rules" \
		"$root/scripts/sarif-multitool" "$build" "$tmp/$f.sarif"
done
# Located where the user edits: a missing entry at the line its fix names
# (the list's last entry here; an OCI rule's first name, as the fix says).
check "check: a missing entry where the fix goes" python3 -c "
import json, sys
lines = open('fixtures/profiles/seed-go.list').read().split('\n')
last = max(i + 1 for i, l in enumerate(lines) if l.strip() and not l.strip().startswith('#'))
d = json.load(open('$tmp/check.sarif'))
at = {r['locations'][0]['physicalLocation']['region']['startLine'] for r in d['runs'][0]['results'] if r['ruleId'] == 'missing-entry'}
sys.exit(0 if at == {last} else 1)"
python3 - "$tmp/one.json" <<'PY'
import json, sys
json.dump({"defaultAction": "SCMP_ACT_ERRNO",
           "syscalls": [{"names": ["read", "write"], "action": "SCMP_ACT_ALLOW"}]},
          open(sys.argv[1], "w"), indent=2)
PY
run check --learn --sarif "$tmp/oci.sarif" "$tmp/one.json" -- "$SCAUDIT_WORKLOADS/syscaller" getppid
check "check, OCI: a missing entry at the rule's names" python3 -c "
import json, sys
d = json.load(open('$tmp/oci.sarif'))
at = {r['locations'][0]['physicalLocation']['region']['startLine'] for r in d['runs'][0]['results'] if r['ruleId'] == 'missing-entry'}
sys.exit(0 if at == {6} else 1)"
# An escaped call at the line that lets it run (getuid's own), in check's
# report and a suite's, with a security severity: an allowed call the
# profile was meant to block.
for f in escaped findings; do
	check "$f: the escaped call at the profile's getuid line" python3 -c "
import json, sys
lines = open('fixtures/profiles/suite/app.list').read().split('\n')
d = json.load(open('$tmp/$f.sarif'))
r = [r for r in d['runs'][0]['results'] if r['ruleId'] == 'escaped-call']
loc = r[0]['locations'][0]['physicalLocation']
rules = {x['id']: x for x in d['runs'][0]['tool']['driver']['rules']}
sys.exit(0 if len(r) == 1 and loc['artifactLocation']['uri'] == 'fixtures/profiles/suite/app.list'
         and lines[loc['region']['startLine'] - 1] == 'getuid'
         and 'security-severity' in rules['escaped-call']['properties'] else 1)"
done
check "lint: a dangerous entry has a security severity" python3 -c "
import json, sys
d = json.load(open('$tmp/lint.sarif'))
rules = {r['id']: r for r in d['runs'][0]['tool']['driver']['rules']}
sys.exit(0 if rules['dangerous']['properties']['security-severity'] == '7.5' else 1)"
finish
