#!/usr/bin/env bash
# SPDX-License-Identifier: LGPL-2.1-or-later
# End-to-end checks of `scaudit show` and `scaudit lint` on the fixtures:
# output, exit statuses, JSON. TAP-style lines, then "N passed, M failed".
set -u
scaudit=$1
fixtures=$2
. "$(dirname "$0")/lib.sh"

seed=$fixtures/seed-go.list
run show "$seed"
check "show seed exits 0" status 0
check "show seed says 22 names" out_has '22 rules, 22 names'
check "show seed default is kill-process" out_has '^default +kill-process'
# Each of the 22 names with its native number, from the kernel's headers.
names="read write close mmap munmap rt_sigaction rt_sigprocmask clone execve
sigaltstack arch_prctl gettid futex sched_getaffinity epoll_ctl openat
newfstatat readlinkat pselect6 epoll_pwait epoll_create1 exit_group"
hdr=/usr/include/x86_64-linux-gnu/asm/unistd_64.h
if [ "$(uname -m)" = x86_64 ] && [ -f "$hdr" ]; then
	for name in $names; do
		nr=$(awk -v n="__NR_$name" '$1=="#define" && $2==n {print $3}' "$hdr")
		check "show lists $name as x86_64 $nr" out_has "^[0-9]+:1 +$name +$nr "
	done
else
	echo "# skip: x86_64 numbers (not x86_64 or no kernel headers)"
fi
check "show counts the rules that apply" out_has '^22 of 22 rules apply'

run show "$seed" --json "$tmp/seed.json"
check "show --json exits 0" status 0
check "show --json writes schema 1" \
	python3 -c "import json,sys; d=json.load(open(sys.argv[1])); assert d['schema']==1 and len(d['rules'])==22 and d['rules'][0]['names'][0]['name']=='read' and d['default']['action']=='kill-process'" "$tmp/seed.json"

run show "$seed" --json -
check "show --json - prints only JSON" python3 -c "import json; json.load(open('$tmp/out'))"

run show "$fixtures/docker-style.json" --caps docker
check "show docker-style applies 5 of 8 rules under docker caps" out_has '^5 of 8 rules apply'
check "show names the missing capability" out_has 'off: needs CAP_SYS_ADMIN'
run show "$fixtures/docker-style.json" --caps all
check "show with all caps turns the CAP_SYS_ADMIN rule on" out_has '^rule at line 70: allow, 3 names, applies$'
check "show with all caps: 4 of 8 rules apply" out_has '^4 of 8 rules apply'
check "show with all caps turns clone3's rule off" out_has 'off: excluded when CAP_SYS_ADMIN is held'
run show "$fixtures/docker-style.json" --arch arm64 --caps none
check "show --arch arm64 covers aarch64 and arm" out_has '^arches +aarch64 \(target\) arm$'

run show "$fixtures/date.strace"
check "show strace table" out_has 'openat .*allow \(31 calls, 13 errors\)'

run show "$seed" --caps CAP_FLY
check "bad --caps exits 2" status 2
check "bad --caps names the capability" err_has "unknown capability 'CAP_FLY'"
run show "$seed" --arch vax
check "bad --arch exits 2" status 2
run show "$seed" --format yaml
check "bad --format exits 2" status 2
run show "$tmp/does-not-exist.list"
check "missing file exits 2" status 2
check "missing file names the file" err_has "does-not-exist.list: error: cannot read"
run show
check "show without a profile exits 2" status 2
run show --help
check "show --help exits 0" status 0
check "show --help prints usage" out_has '^usage: scaudit show'
run --version
check "--version" out_has '^scaudit [0-9]+\.[0-9]+'
run frobnicate
check "unknown command exits 2" status 2

# lint
run lint "$seed"
check "lint seed: one warning, exit 1" status 1
check "lint seed: the article's clone has no flag conditions" out_has "seed-go.list:10:1: warning: 'clone' is allowed without conditions: .* \\[dangerous\\]"
check "lint seed summary" out_has '0 errors, 1 warning, 0 notes'
# The exposure: seed-go.list's 22 names are all x86_64 syscalls; x86 has
# no newfstatat (21); x32 all 22; clone, unchecked, the one dangerous.
if [ "$(uname -m)" = x86_64 ]; then
	check "lint seed: the exposure" out_has 'seed-go.list: exposure: x86_64 22 allowed, 1 dangerous; x86 21 allowed, 1 dangerous; x32 22 allowed, 1 dangerous$'
fi
# x86_64 only: read write ptrace bpf, personality(8) with a condition,
# mount logged (it runs): 6 allowed, 1 with conditions; dangerous bpf,
# mount and ptrace (personality's argument is checked), mount logged.
cat >"$tmp/exposure.json" <<'EOF'
{"defaultAction": "SCMP_ACT_ERRNO", "architectures": ["SCMP_ARCH_X86_64"],
 "syscalls": [
 {"names": ["read", "write", "ptrace", "bpf"], "action": "SCMP_ACT_ALLOW"},
 {"names": ["personality"], "action": "SCMP_ACT_ALLOW",
  "args": [{"index": 0, "value": 8, "op": "SCMP_CMP_EQ"}]},
 {"names": ["mount"], "action": "SCMP_ACT_LOG"}]}
EOF
run lint --arch x86_64 "$tmp/exposure.json" --json "$tmp/lint.json"
check "lint exposure: warnings, exit 1" status 1
check "lint exposure: the line" out_has 'exposure.json: exposure: x86_64 6 allowed \(1 with conditions\), 3 dangerous$'
check "lint exposure: a logged dangerous entry is a finding" out_has "exposure.json:6:13: warning: 'mount' is allowed \(logged\): it changes the mount table \[dangerous\]"
check "lint --json: the exposure object" python3 -c "
import json,sys; x=json.load(open(sys.argv[1]))['exposure']
assert x['arches']==[{'arch':'x86_64','allowed':6,'allBut':False,'conditional':1,'dangerous':['bpf','mount','ptrace'],'dangerousConditional':[]}], x
assert x['dangerous']==['bpf','mount','ptrace'] and x['dangerousLogged']==['mount'], x
assert x['usageJudged'] is False and x['notJudged']=='lint runs no workload' and 'dangerousUnused' not in x, x" "$tmp/lint.json"
# A deny list: all but what it stops.
printf '%s\n' '{"defaultAction": "SCMP_ACT_ALLOW", "architectures": ["SCMP_ARCH_X86_64"],' \
	' "syscalls": [{"names": ["ptrace", "bpf"], "action": "SCMP_ACT_ERRNO"}]}' >"$tmp/deny.json"
run lint --arch x86_64 "$tmp/deny.json" --json -
check "lint --json, a deny list: allowed null, all but 2" python3 -c "
import json; a=json.load(open('$tmp/out'))['exposure']['arches'][0]
assert a['allowed'] is None and a['allBut'] and a['denied']==2 and 'mount' in a['dangerous'] and 'ptrace' not in a['dangerous'], a"
check "lint --json -: the text on stderr says all but 2" err_has 'exposure: x86_64 all but 2 allowed, [0-9]+ dangerous$'
# --color, as check's.
esc=$'\033\['
run lint --color=always "$seed"
check "lint --color=always: the warning in yellow" out_has "${esc}33mwarning:${esc}0m"
run lint --color=never "$seed"
check "lint --color=never: none" sh -c "! grep -q '$esc' '$tmp/out'"
run lint "$seed"
check "lint --color=auto into a file: none" sh -c "! grep -q '$esc' '$tmp/out'"
script -qc "'$scaudit' lint '$seed'" /dev/null >"$tmp/out" </dev/null
check "lint --color=auto on a terminal: colour" grep -q "$esc" "$tmp/out"
NO_COLOR=1 script -qc "'$scaudit' lint '$seed'" /dev/null >"$tmp/out" </dev/null
check "lint --color=auto on a terminal, NO_COLOR=1: none" sh -c "! grep -q '$esc' '$tmp/out'"
run lint --color=always "$seed" --json -
check "lint --color=always --json -: the JSON has none" sh -c "python3 -c \"import json; json.load(open('$tmp/out'))\" && ! grep -q '$esc' '$tmp/out' && grep -q '$esc' '$tmp/err'"

# explain and diff
run explain --caps docker "$fixtures/docker-style.json"
check "explain: exit 0" status 0
check "explain: conditions in words" out_has '^  personality: allowed when arg0 == 0x8; else errno EPERM \(1\)$'
# runc, the default for OCI JSON, answers ENOSYS above the highest name.
check "explain: applied as runc" out_has '^applied as runc \(ENOSYS above x86_64 435 \(clone3\)'
check "explain: runc's stub" out_has '^  errno ENOSYS \(38\) \([0-9]+\): clone3 .*futex_waitv'
run explain --caps docker --semantics libseccomp "$fixtures/docker-style.json"
check "explain: libseccomp, no stub" out_has '^applied as libseccomp loads it$'
check "explain: groups" out_has '^  errno ENOSYS \(38\) \(1\): clone3$'
check "explain: the cost, per layout" out_has '^  binary tree: [0-9]+ BPF instructions; an allowed call evaluates [0-9]+ at worst'
run explain --json - "$fixtures/docker-style.json"
check "explain --json: rows per arch" python3 -c "import json; d=json.load(open('$tmp/out')); assert any(r['arch']=='x86' and r['name']=='chown32' and r['actions']==['allow'] for r in d['rows'])"
python3 -c "
import json; d=json.load(open('$fixtures/docker-style.json')); d['syscalls'][0]['names'].append('ptrace')
json.dump(d, open('$tmp/wider.json','w'), indent=2)"
run diff --caps docker "$fixtures/docker-style.json" "$tmp/wider.json"
check "diff: a copy with ptrace added exits 1" status 1
check "diff: names it, per arch" out_has '^B newly allows ptrace \(x86_64 101\): errno EPERM \(1\) → allow$'
run diff --caps docker "$tmp/wider.json" "$fixtures/docker-style.json"
check "diff: narrowing exits 0" status 0
check "diff: and says so" out_has '^B no longer allows ptrace \(x86 26\)'
run diff "$fixtures/docker-style.json" "$fixtures/docker-style.json"
check "diff: a profile and itself: no difference" out_has ': 0 differences; B widens 0, narrows 0$'
check "diff: the summary line closes the output" sh -c "tail -1 '$tmp/out' | grep -qxF 'diff: 0 widened, 0 narrowed, 0 denied differently; 0 of 0 shown; exit 0'"
run diff --widen-only --caps docker "$fixtures/docker-style.json" "$tmp/wider.json"
check "diff --widen-only: a widening exits 1" status 1
check "diff --widen-only: only ptrace's widenings, then the summary" sh -c "[ \$(wc -l <'$tmp/out') -eq 4 ] && [ \$(grep -c '^B newly allows ptrace ' '$tmp/out') -eq 3 ]"
check "diff --widen-only: the summary, per arch" sh -c "tail -1 '$tmp/out' | grep -qE '^diff: 3 widened \(1 syscall on x86_64, 1 on x86, 1 on x32\), 0 narrowed, [0-9]+ denied differently; 3 of [0-9]+ shown; exit 1$'"
run diff --widen-only --caps docker "$tmp/wider.json" "$fixtures/docker-style.json"
check "diff --widen-only: a narrowing alone exits 0" status 0
check "diff --widen-only: and prints the summary only" sh -c "[ \$(wc -l <'$tmp/out') -eq 1 ] && grep -qE '^diff: 0 widened, 3 narrowed, .*; 0 of [0-9]+ shown; exit 0$' '$tmp/out'"
# A widening, a narrowing, a milder denial, a changed condition.
cat >"$tmp/a.json" <<'EOF'
{"defaultAction": "SCMP_ACT_ERRNO", "syscalls": [
 {"names": ["read", "write"], "action": "SCMP_ACT_ALLOW"},
 {"names": ["personality"], "action": "SCMP_ACT_ALLOW",
  "args": [{"index": 0, "value": 8, "op": "SCMP_CMP_EQ"}]},
 {"names": ["getppid"], "action": "SCMP_ACT_KILL_PROCESS"}]}
EOF
sed -e 's/"write"/"ptrace"/' -e 's/"value": 8/"value": 4096/' \
	-e 's/SCMP_ACT_KILL_PROCESS/SCMP_ACT_ERRNO/' "$tmp/a.json" >"$tmp/b.json"
run diff --arch x86_64 "$tmp/a.json" "$tmp/b.json"
check "diff: all four kinds, exit 1" status 1
check "diff: a milder denial is shown in full" out_has '^B denies differently getppid \(x86_64 110\): kill-process → errno EPERM \(1\)$'
check "diff: the count line stays" out_has ': 4 differences; B widens 2, narrows 2$'
check "diff: the summary last in full output" sh -c "tail -1 '$tmp/out' | grep -qxF 'diff: 2 widened (2 syscalls on x86_64), 2 narrowed, 1 denied differently; 4 of 4 shown; exit 1'"
run diff --arch x86_64 --widen-only "$tmp/a.json" "$tmp/b.json" --json "$tmp/w.json"
check "diff --widen-only: exit 1" status 1
check "diff --widen-only: the widening" out_has '^B newly allows ptrace \(x86_64 101\)'
check "diff --widen-only: the changed condition (it widens too)" out_has '^B allows under other conditions personality \(x86_64 135\)'
check "diff --widen-only: no narrowing, no milder denial" sh -c "! grep -qE 'write|getppid|differences;' '$tmp/out'"
check "diff --widen-only: the summary" sh -c "[ \$(wc -l <'$tmp/out') -eq 3 ] && tail -1 '$tmp/out' | grep -qxF 'diff: 2 widened (2 syscalls on x86_64), 2 narrowed, 1 denied differently; 2 of 4 shown; exit 1'"
check "diff --widen-only --json: the widenings and a summary" python3 -c "
import json,sys; d=json.load(open(sys.argv[1]))
assert [x['name'] for x in d['differences']]==['ptrace','personality'], d
assert d['summary']=={'differences':4,'widened':2,'narrowed':2,'denied_differently':1,'shown':2,'widened_by_arch':{'x86_64':2}}, d['summary']" "$tmp/w.json"
run diff --arch x86_64 "$tmp/a.json" "$tmp/b.json" --json -
check "diff --json -: JSON on stdout, the summary on stderr" sh -c "python3 -c \"import json; d=json.load(open('$tmp/out')); assert d['summary']['shown']==4 and len(d['differences'])==4\" && tail -1 '$tmp/err' | grep -q '^diff: 2 widened'"
run diff --arch x86_64 --widen-only "$tmp/b.json" "$tmp/a.json"
check "diff --widen-only: a harsher denial does not widen" sh -c "! grep -q getppid '$tmp/out'"
check "diff --widen-only: the other way round, write widens" out_has '^B newly allows write \(x86_64 1\)'
run diff --help
check "diff --help lists --widen-only" out_has '^ +--widen-only '
printf 'read\nopnat\nwrite\nread\n' >"$tmp/typo.list"
run lint "$tmp/typo.list"
check "lint unknown name exits 2" status 2
check "lint points at the typo and suggests" out_has "typo.list:2:1: error: unknown syscall 'opnat' \[unknown-name\] — did you mean 'openat'\?"
check "lint reports the duplicate too" out_has "typo.list:4:1: warning: .*\[duplicate\]"
printf 'read\nread\n' >"$tmp/dup.list"
run lint "$tmp/dup.list"
check "lint duplicate only exits 1" status 1
run lint "$fixtures/docker-style.json" --caps docker
check "lint docker-style notes inactive rules" out_has 'docker-style.json:70:5: note: rule is off here: needs CAP_SYS_ADMIN'
check "lint docker-style notes chown32 is fine (x86 is covered)" sh -c "! grep -q chown32 '$tmp/out'"

# show refuses unknown names that lint lists (one error, exit 2)
run show "$tmp/typo.list"
check "show with a typo exits 2" status 2
check "show with a typo says where" err_has "typo.list:2:1: error: unknown syscall 'opnat' — did you mean 'openat'\?"
check "show with a typo prints nothing on stdout" test ! -s "$tmp/out"

finish
