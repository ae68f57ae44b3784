#!/usr/bin/env bash
# SPDX-License-Identifier: LGPL-2.1-or-later
# End-to-end checks of `scaudit run` and `scaudit merge` on the project's
# own suite (cases/suite, cases/suite-findings): verdicts, unions, shards,
# and the reports checked by real validators (xmllint against
# docs/ci/junit.xsd, the SARIF 2.1.0 JSON schema with python3-jsonschema).
# Usage: test-run.sh SCAUDIT WORKLOADS_DIR SOURCE_ROOT SCHEMA_CACHE_DIR
set -u
scaudit=$1
export SCAUDIT_WORKLOADS=$2
root=$3
schema=$("$root/scripts/sarif-schema" "$4") || {
	echo "not ok 1 - the SARIF schema could not be had (scripts/sarif-schema)"
	echo "0 passed, 1 failed"
	exit 1
}
. "$(dirname "$0")/lib.sh"
py() { python3 -c "$@"; }
cd "$root" || exit 2

run run -j 2 --json "$tmp/all.json" --junit "$tmp/all.xml" \
	--sarif "$tmp/all.sarif" --markdown "$tmp/all.md" cases/suite
check "suite: exit 0" status 0
check "suite: at least 20 cases, all passed" has '^2[0-9] passed, 0 failed$'
check "suite: one progress line per case" test "$(grep -c '^ok [0-9]* - ' "$tmp/out")" -ge 20
check "suite: negative cases blocked as expected" has '^ok [0-9]+ - no-ptrace \(blocked-as-expected'
check "suite: union over app.list's cases: what no case uses" py "
import json; d=json.load(open('$tmp/all.json'))
p=[p for p in d['profiles'] if p['path'].endswith('suite/app.list')][0]
names=[u['name'] for u in p['unnecessary']]
assert sorted(names)==['epoll_wait','lseek','sendfile'], names
assert all(u['line']>0 for u in p['unnecessary'])
assert p['missing']==[] and 'getppid' in p['used'] and 'getpriority' not in p['used']
assert d['verdict']=='holds' and d['missing']==[]
assert len(d['matrix'])==len(d['runs'])>=20 and 'getuid' in d['matrix']['getuid']"
check "suite: JUnit is valid" xmllint --noout --schema docs/ci/junit.xsd "$tmp/all.xml"
check "suite: SARIF is valid" py "
import json, jsonschema
jsonschema.validate(json.load(open('$tmp/all.sarif')), json.load(open('$schema')))"
check "suite: SARIF marks each unnecessary entry at its own line" py "
import json; d=json.load(open('$tmp/all.sarif'))
r=[x for x in d['runs'][0]['results'] if x['ruleId']=='unnecessary-entry' and 'sendfile' in x['message']['text']][0]
loc=r['locations'][0]['physicalLocation']
lines=open('fixtures/profiles/suite/app.list').read().split('\n')
assert loc['artifactLocation']['uri']=='fixtures/profiles/suite/app.list'
assert lines[loc['region']['startLine']-1]=='sendfile'"
check "suite: Markdown summary" grep -q '^## scaudit: the profiles hold$' "$tmp/all.md"
run run -j 2 --fail-on-unnecessary cases/suite
check "--fail-on-unnecessary: exit 1" status 1

# The exposure per profile: the static part as lint counts it (the same
# profile, no caps involved), the use judged from every case's. app.list's
# clone (forker) and clone3 (threads) are used; strict.json's cases make no
# fork: its clone is dangerous and unused.
for prof in app.list strict.json; do
	"$scaudit" lint --json "$tmp/lint-$prof.json" fixtures/profiles/suite/$prof >/dev/null
done
check "exposure: each profile's, judged, as lint counts it" py "
import json; d=json.load(open('$tmp/all.json'))
p={x['path'].split('/')[-1]: x['exposure'] for x in d['profiles']}
for name in ('app.list', 'strict.json'):
    l=json.load(open('$tmp/lint-%s.json' % name))['exposure']
    for k in ('dangerous', 'dangerousLogged'): assert p[name][k]==l[k], (name, k)
    strip=lambda a: {k: v for k, v in a.items() if k!='dangerousUnused'}
    assert [strip(a) for a in p[name]['arches']]==l['arches'], (name, p[name]['arches'])
    assert p[name]['usageJudged'] and 'notJudged' not in p[name], name
a, s = p['app.list'], p['strict.json']
assert a['dangerous']==['clone', 'clone3'] and a['dangerousUnused']==[], a
assert [x['allowed'] for x in a['arches']]==[34, 33, 34], a['arches']
assert s['dangerousUsed']==['clone3'] and s['dangerousUnused']==['clone'], s
assert [(x['arch'], x['allowed'], x['conditional']) for x in s['arches']]==[('x86_64', 32, 1), ('x86', 31, 1), ('x32', 32, 1)]
assert all(x['dangerousUnused']==['clone'] for x in s['arches'])
assert 'gate' not in s and 'dangerousGate' not in d"
run run -j 2 cases/suite
check "exposure: the summary's lines" sh -c "grep -qx '  exposure x86_64 32 allowed (1 with conditions), 2 dangerous, 1 unused; x86 31 allowed (1 with conditions), 2 dangerous, 1 unused; x32 32 allowed (1 with conditions), 2 dangerous, 1 unused' '$tmp/out' &&
	grep -qx '    dangerous and unused (remove them, or add a run that needs them): clone' '$tmp/out' &&
	grep -qx '  exposure x86_64 34 allowed, 2 dangerous, 0 unused; x86 33 allowed, 2 dangerous, 0 unused; x32 34 allowed, 2 dangerous, 0 unused' '$tmp/out'"
check "exposure: a line per profile in the Markdown" sh -c "
	grep -qF -- '- **exposure**: x86_64 32 allowed (1 with conditions), 2 dangerous, 1 unused; ' '$tmp/all.md' &&
	grep -qF -- '- **exposure**: x86_64 34 allowed, 2 dangerous, 0 unused; ' '$tmp/all.md'"
# More than 6 cases (app.list's 17): a summary; 4 (strict.json): a table.
check "Markdown: the matrix summed up for many cases, a table for a few" py "
m=open('$tmp/all.md').read()
assert '- **matrix**: 17 cases × ' in m, m
assert '- **used by one case only**: ' in m
assert '| syscall | strict-getppid | strict-getuid-denied | strict-no-ptrace | strict-threads |' in m
assert m.count('| syscall |')==1"

# --max-dangerous-unused: strict.json leaves 1 unused (exit 1 with 0),
# app.list none; a failed case is no evidence (exit 2), unless the
# profile allows no more than N (app.list's 2): whatever was used.
run run -j 2 --max-dangerous-unused 0 --json "$tmp/g0.json" --markdown "$tmp/g0.md" cases/suite
check "--max-dangerous-unused 0: exit 1" status 1
check "... the summary says which profile and names" sh -c "
	grep -qx '    --max-dangerous-unused 0: failed: 1 dangerous entry allowed and unused' '$tmp/out' &&
	grep -qx '    --max-dangerous-unused 0: passed' '$tmp/out'"
check "... the JSON and the Markdown verdict too" py "
import json; d=json.load(open('$tmp/g0.json'))
g=d['dangerousGate']
assert d['verdict']=='findings' and g['max']==0 and g['result']=='failed', g
assert g['failed']==[{'profile': 'fixtures/profiles/suite/strict.json', 'dangerousUnused': ['clone']}] and g['notJudged']==[], g
e={x['path'].split('/')[-1]: x['exposure'] for x in d['profiles']}
assert e['strict.json']['gate']=='failed' and e['app.list']['gate']=='passed'
assert e['app.list']['maxDangerousUnused']==0
m=open('$tmp/g0.md').read()
assert m.startswith('## scaudit: findings\n')
assert '**--max-dangerous-unused 0: failed**: \x60fixtures/profiles/suite/strict.json\x60 allows 1 dangerous entry no case used: \x60clone\x60.' in m, m"
run run -j 2 --max-dangerous-unused 1 cases/suite
check "--max-dangerous-unused 1: exit 0" status 0
run run -j 2 --max-dangerous-unused 1 --json "$tmp/gn.json" cases/suite-findings
check "--max-dangerous-unused 1, a case failed: exit 2, not judged" status 2
check "... and why, never a pass" sh -c "grep -q 'error: --max-dangerous-unused 1: not judged: profile fixtures/profiles/suite/app.list: case needs-getsid ended killed, not as expected (and more); a gate never passes without evidence' '$tmp/err'"
check "... the JSON says so" py "
import json; g=json.load(open('$tmp/gn.json'))['dangerousGate']
assert g['result']=='not-judged' and [x['profile'] for x in g['notJudged']]==['fixtures/profiles/suite/app.list'], g
assert [x['profile'] for x in g['failed']]==['fixtures/profiles/suite/strict.json'], g"
run run -j 2 --max-dangerous-unused 2 cases/suite-findings
check "--max-dangerous-unused 2: app.list's 2 pass unjudged; the findings: exit 1" status 1
check "... and the summary says it passed" has '^    --max-dangerous-unused 2: passed$'

# --color: the progress lines and the summary, never the reports.
esc=$(printf '\033')
run run -j 2 --color=always --json "$tmp/c.json" --markdown "$tmp/c.md" cases/suite-findings
check "--color=always: ok green, not ok red, missing red" sh -c "
	grep -q '^${esc}\[32mok${esc}\[0m [0-9]* - fine' '$tmp/out' &&
	grep -q '^${esc}\[31mnot ok${esc}\[0m [0-9]* - escapes' '$tmp/out' &&
	grep -q ': ${esc}\[31m1 missing${esc}\[0m, ' '$tmp/out' &&
	grep -q ', ${esc}\[33m12 unnecessary${esc}\[0m, ' '$tmp/out'"
check "--color=always: the reports plain" sh -c "! grep -q '$esc' '$tmp/c.json' '$tmp/c.md'"
run run -j 2 --color=never cases/suite-findings
check "--color=never: no escape" sh -c "! grep -q '$esc' '$tmp/out' '$tmp/err'"
run run -j 2 cases/suite-findings
check "auto, not a terminal: no escape" sh -c "! grep -q '$esc' '$tmp/out' '$tmp/err'"
NO_COLOR=1 run run -j 2 --color=always cases/suite-findings
check "--color=always over NO_COLOR: colour" has "^${esc}\[31mnot ok"
# On a terminal (script(1) gives one): colour in auto, none under NO_COLOR.
if script -qec true /dev/null >/dev/null 2>&1; then
	script -qec "'$scaudit' run -j 2 cases/suite-findings" /dev/null >"$tmp/tty" 2>&1
	check "auto on a terminal: colour" grep -q "${esc}\[31mnot ok${esc}\[0m" "$tmp/tty"
	NO_COLOR=1 script -qec "'$scaudit' run -j 2 cases/suite-findings" /dev/null >"$tmp/tty" 2>&1
	check "auto on a terminal, NO_COLOR: no colour" sh -c "grep -q 'not ok' '$tmp/tty' && ! grep -q '${esc}\[3[0-9]m' '$tmp/tty'"
else
	echo "# skip: script(1) cannot give a terminal here: the tty checks of --color"
fi

# Shards merged = one run.
run run -j 2 --shard 1/3 --json "$tmp/s1.json" cases/suite
run run -j 2 --shard 2/3 --json "$tmp/s2.json" cases/suite
TEST_SHARD_INDEX=2 TEST_TOTAL_SHARDS=3 "$scaudit" run -j 2 --json "$tmp/s3.json" cases/suite >/dev/null 2>&1
run merge --json "$tmp/merged.json" --junit "$tmp/merged.xml" "$tmp/s1.json" "$tmp/s2.json" "$tmp/s3.json"
check "merge: exit 0" status 0
check "shards: each ran a slice" py "
import json
n=[len(json.load(open('$tmp/s%d.json'%i))['runs']) for i in (1,2,3)]
assert all(x>0 for x in n) and sum(n)==len(json.load(open('$tmp/all.json'))['runs']), n"
# The verdict and the missing entries are the one run's; what was used is
# the union of the shards' runs (a run's own use can vary with timing:
# futex under contention, say, so it is not compared across executions).
check "shards merged give the verdict of one run" py "
import json
a=json.load(open('$tmp/all.json')); m=json.load(open('$tmp/merged.json'))
s=[json.load(open('$tmp/s%d.json'%i)) for i in (1,2,3)]
for k in ('verdict','missing'): assert a[k]==m[k], k
assert m['used']==sorted(set().union(*(d['used'] for d in s))), 'used'
key=lambda p: p['path']
for pa, pm in zip(sorted(a['profiles'],key=key), sorted(m['profiles'],key=key)):
    assert pa['missing']==pm['missing'], pa['path']
    nm=lambda l: {x['name'] if isinstance(x, dict) else x for x in l}
    assert nm(pm['unnecessary'])==nm(pm['allowed'])-nm(pm['used']), pa['path']
assert sorted(r['case'] for r in a['runs'])==sorted(r['case'] for r in m['runs'])"
check "merge: JUnit is valid" xmllint --noout --schema docs/ci/junit.xsd "$tmp/merged.xml"
# Two shards merged: each profile's exposure is the one run's, to the
# last name; the gate given to merge judges the merged cases.
run run -j 2 --shard 1/2 --json "$tmp/h1.json" cases/suite
run run -j 2 --shard 2/2 --json "$tmp/h2.json" cases/suite
# A value of the wrong type in a shard: located at its run (file:line:col).
python3 -c "
import json; d = json.load(open('$tmp/h2.json')); d['runs'][0]['exitCode'] = '0'
json.dump(d, open('$tmp/h2-bad.json', 'w'), indent=1)"
run merge --json "$tmp/bad-merge.json" "$tmp/h1.json" "$tmp/h2-bad.json"
check "merge: a wrong type, located (exit 2)" sh -c "[ \$(cat '$tmp/rc') = 2 ] && grep -qE 'h2-bad.json:[0-9]+:[0-9]+: error: a run.s .exitCode. must be a number' '$tmp/err'"
# One shard given twice: said so (it said another was missing).
run merge --json "$tmp/twice.json" "$tmp/h1.json" "$tmp/h1.json"
check "merge: a shard given twice, said so (exit 2)" sh -c "[ \$(cat '$tmp/rc') = 2 ] && grep -q 'is shard 1/2, as .* is: a shard given twice' '$tmp/err'"
run merge --json "$tmp/h.json" --max-dangerous-unused 0 "$tmp/h2.json" "$tmp/h1.json"
check "merge --max-dangerous-unused 0: exit 1, strict.json's clone" sh -c "[ \$(cat '$tmp/rc') = 1 ] && grep -qx '    --max-dangerous-unused 0: failed: 1 dangerous entry allowed and unused' '$tmp/out'"
check "2 shards merged: the exposures of one run" py "
import json
a=json.load(open('$tmp/all.json')); m=json.load(open('$tmp/h.json'))
s=[json.load(open('$tmp/h%d.json'%i)) for i in (1,2)]
ea={p['path']: p['exposure'] for p in a['profiles']}
em={p['path']: p['exposure'] for p in m['profiles']}
for path in ea:
    x=dict(em[path]); assert x.pop('maxDangerousUnused')==0 and x.pop('gate')
    assert x==ea[path], (path, x, ea[path])
assert all('exposure' in p for d in s for p in d['profiles'] if any(r['profile']==p['path'] for r in d['runs']))
assert m['dangerousGate']['result']=='failed'"
run merge "$tmp/s1.json" "$tmp/s3.json"
check "merge: a missing shard is exit 2" status 2
check "merge: names the missing shard" err_has 'shard 2/3 is missing'
run run --shard 4/3 cases/suite
check "--shard 4/3: exit 2" status 2

# Findings: missing entries with the cases that hit them.
run run -j 2 --json "$tmp/f.json" --junit "$tmp/f.xml" --sarif "$tmp/f.sarif" \
	--codequality "$tmp/f.cq.json" --markdown "$tmp/f.md" cases/suite-findings
check "findings: exit 1" status 1
check "findings: 3 of 4 cases fail" has '^1 passed, 3 failed$'
check "findings: getsid missing, with both cases" has '^  missing getsid \(cases: needs-getsid needs-getsid-too\)$'
# 4 cases: the matrix as a table, a column per case, matrix.h's marks.
check "findings: the Markdown matrix, ✗ for getsid where it is missing" py "
m=open('$tmp/f.md').read().split('\n')
h=[i for i, l in enumerate(m) if l.startswith('| syscall |')]
assert len(h)==2, h
cells=lambda l: [c.strip() for c in l.strip().strip('|').split('|')]
head=cells(m[h[0]]); assert head==['syscall', 'needs-getsid', 'needs-getsid-too', 'escapes'], head
end=m.index('', h[0])
rows={cells(l)[0]: cells(l) for l in m[h[0]+2:end]}
assert rows['\x60getsid\x60']==['\x60getsid\x60', '✗', '✗', ''], rows['\x60getsid\x60']
assert rows['\x60getuid\x60'][3]=='!' and rows['\x60read\x60'][1:]==['✓']*3
assert any(l.startswith('! escaped: ') and '✗ missing: ' in l for l in m)
assert cells(m[h[1]])==['syscall', 'fine']"
check "findings: JSON" py "
import json; d=json.load(open('$tmp/f.json'))
assert d['verdict']=='findings' and d['missing']==['getsid']
r={x['case']:x for x in d['runs']}
assert r['escapes']['outcome']=='escaped' and r['needs-getsid']['outcome']=='killed'
assert not r['escapes']['passed'] and r['fine']['passed']"
check "findings: JUnit valid, 3 failures" sh -c "xmllint --noout --schema docs/ci/junit.xsd '$tmp/f.xml' && grep -q 'failures=\"3\"' '$tmp/f.xml'"
check "findings: a failing case's output, in JUnit and JSON" py "
import json, xml.etree.ElementTree as ET
c=[c for c in ET.parse('$tmp/f.xml').iter('testcase') if c.get('name')=='escapes'][0]
assert c.find('system-out').text.startswith('getuid = '), c.find('system-out').text
assert all(c.find('system-out') is None for c in ET.parse('$tmp/f.xml').iter('testcase') if c.get('name')=='fine')
r={x['case']:x for x in json.load(open('$tmp/f.json'))['runs']}
assert r['escapes']['output']['tail'].startswith('getuid = ') and r['escapes']['stdout']=='file'
assert 'output' not in r['fine']"
check "findings: SARIF valid, the missing entry located in the profile" py "
import json, jsonschema
d=json.load(open('$tmp/f.sarif')); jsonschema.validate(d, json.load(open('$schema')))
r=[x for x in d['runs'][0]['results'] if x['ruleId']=='missing-entry']
assert len(r)==1 and 'getsid' in r[0]['message']['text'] and 'needs-getsid-too' in r[0]['message']['text']
assert r[0]['locations'][0]['physicalLocation']['artifactLocation']['uri']=='fixtures/profiles/suite/app.list'"

# GitLab's code-quality report: its documented form (an array of issues
# with description, check_name, a fingerprint unique in the report, one of
# its five severities, a path relative to the checkout and a line), the
# same findings as the SARIF, and the missing entry where its fix goes.
check "findings: code quality in GitLab's form, the SARIF's findings" py "
import json
cq=json.load(open('$tmp/f.cq.json')); s=json.load(open('$tmp/f.sarif'))['runs'][0]['results']
assert isinstance(cq, list) and len(cq)==len(s)>0, (len(cq), len(s))
for i in cq:
    assert set(i)=={'description','check_name','fingerprint','severity','location'}, i
    assert i['severity'] in ('info','minor','major','critical','blocker')
    assert isinstance(i['location']['lines']['begin'], int) and i['location']['lines']['begin']>=1
    assert not i['location']['path'].startswith('/'), i
assert len({i['fingerprint'] for i in cq})==len(cq)
assert sorted(i['check_name'] for i in cq)==sorted(r['ruleId'] for r in s)
m=[i for i in cq if i['check_name']=='missing-entry']
assert len(m)==1 and m[0]['severity']=='critical' and 'getsid' in m[0]['description']
sl=[r for r in s if r['ruleId']=='missing-entry'][0]['locations'][0]['physicalLocation']
assert m[0]['location']=={'path': sl['artifactLocation']['uri'], 'lines': {'begin': sl['region']['startLine']}}"
run merge --codequality "$tmp/m.cq.json" "$tmp/f.json"
check "merge --codequality: the same issues as run's" py "
import json
a=json.load(open('$tmp/f.cq.json')); b=json.load(open('$tmp/m.cq.json'))
assert sorted(x['fingerprint'] for x in a)==sorted(x['fingerprint'] for x in b)"

# lint speaks SARIF too.
"$scaudit" lint --sarif "$tmp/lint.sarif" --json "$tmp/lint.json" fixtures/profiles/seed-go.list >/dev/null
check "lint --sarif is valid, the finding at its line" py "
import json, jsonschema
d=json.load(open('$tmp/lint.sarif')); jsonschema.validate(d, json.load(open('$schema')))
r=d['runs'][0]['results'][0]
assert r['ruleId']=='dangerous' and r['locations'][0]['physicalLocation']['region']['startLine']==10
assert json.load(open('$tmp/lint.json'))['counts']['warnings']==1"

# Bad input.
printf '[case x]\nprofile = nope.list\ncommand = true\n' >"$tmp/bad.ini"
run run "$tmp/bad.ini"
check "a case naming a missing profile: exit 2 at its line" sh -c "[ \$(cat '$tmp/rc') = 2 ] && grep -q 'bad.ini:2: error: ' '$tmp/err'"
run merge "$tmp/bad.ini"
check "merge of something else: exit 2" status 2

# The evidence rule: a case killed at its first call is no evidence that
# the profile's entries are unused (they once were all "unnecessary").
printf 'read\nwrite\nclose\n' >"$tmp/killed.list"
printf '[case killed-at-once]\nprofile = killed.list\ncommand = %s getppid\n' \
	"$SCAUDIT_WORKLOADS/syscaller" >"$tmp/killed.ini"
run run "$tmp/killed.ini" --json "$tmp/killed.json" --sarif "$tmp/killed.sarif"
check "a killed case: exit 1" status 1
check "a killed case: unnecessary not judged, and why" has 'unnecessary: not judged: case killed-at-once ended killed'
check "a killed case: the report says so" py "
import json; d=json.load(open('$tmp/killed.json')); p=d['profiles'][0]
assert d['unnecessary']==[] and p['unnecessary']==[] and not p['unnecessaryJudged'], p
assert p['notJudged'][0]['case']=='killed-at-once' and p['notJudged'][0]['outcome']=='killed'
assert d['notJudged']==[p['path']]
s=json.load(open('$tmp/killed.sarif'))['runs'][0]['results']
assert not [r for r in s if r['ruleId']=='unnecessary-entry']
assert [r for r in s if r['ruleId']=='unnecessary-not-judged']"

# Usage is judged under each case's own caps: entries only CAP_SYS_ADMIN
# enables are no entries of a case that runs without it (scaudit's own
# caps, root's, once made them "unnecessary").
cat >"$tmp/caps.json" <<'JSON'
{"defaultAction": "SCMP_ACT_ALLOW", "syscalls": [
 {"names": ["getppid", "getpgrp"], "action": "SCMP_ACT_ALLOW"},
 {"names": ["mount", "umount2"], "action": "SCMP_ACT_ALLOW",
  "includes": {"caps": ["CAP_SYS_ADMIN"]}}]}
JSON
printf '[case no-caps]\nprofile = caps.json\ncommand = %s getppid\ncaps = none\n' \
	"$SCAUDIT_WORKLOADS/syscaller" >"$tmp/caps.ini"
run run "$tmp/caps.ini" --json "$tmp/caps.json.out"
check "caps = none: exit 0" status 0
check "caps = none: unnecessary judged under the case's caps" py "
import json; p=json.load(open('$tmp/caps.json.out'))['profiles'][0]
assert p['unnecessaryJudged'] and [u['name'] for u in p['unnecessary']]==['getpgrp'], p['unnecessary']
assert not [a for a in p['allowed'] if a['name'] in ('mount', 'umount2')], p['allowed']"

# A command that cannot run, long and not ASCII: bad input (exit 2) with
# its whole reason, in the report and through merge (a reason cut inside
# a character once lost the whole case).
export SCAUDIT_LONG_CMD=/x/$(printf 'é%.0s' {1..100})/$(printf 'é%.0s' {1..100})
printf '[case long]\nprofile = %s\ncommand = $SCAUDIT_LONG_CMD\n' \
	"$root/fixtures/profiles/seed-go.list" >"$tmp/long.ini"
run run "$tmp/long.ini" --json "$tmp/long.json"
check "a long UTF-8 command that cannot run: exit 2" status 2
check "... its whole reason, as bad input" py "
import json; r=json.load(open('$tmp/long.json'))['runs'][0]
assert r['outcome']=='error' and r['errorKind']=='usage', r
assert r['reason'].endswith(\"command not found (not the profile's doing)\"), r['reason']
assert '$SCAUDIT_LONG_CMD' in r['reason']"
run merge "$tmp/long.json" --json "$tmp/long-merged.json"
check "... and through merge: exit 2" status 2
check "... the case kept, as bad input" py "
import json; m=json.load(open('$tmp/long-merged.json'))
assert [r['case'] for r in m['runs']]==['long'] and m['runs'][0]['errorKind']=='usage'"

# Reasons where people look: the TAP line and the Markdown table.
printf '[case gone]\nprofile = %s\ncommand = no-such-command-here\n' \
	"$root/fixtures/profiles/seed-go.list" >"$tmp/gone.ini"
run run "$tmp/gone.ini" --markdown "$tmp/gone.md"
check "TAP: the reason on the line" \
	has "^not ok 1 - gone \\(error, [0-9.]+ s\\): .*no-such-command-here: command not found"
check "Markdown: a reason column" \
	grep -q "^| ❌ gone | .* | error | .*command not found (not the profile's doing) | " "$tmp/gone.md"

finish
