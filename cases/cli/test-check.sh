#!/usr/bin/env bash
# SPDX-License-Identifier: LGPL-2.1-or-later
# End-to-end checks of `scaudit check` and `scaudit exec`: real workloads
# (fixtures/workloads) forked under real filters, every outcome driven.
# Usage: test-check.sh SCAUDIT WORKLOADS_DIR PROFILES_DIR
# TAP-style lines, then "N passed, M failed". Runs as whoever calls it: the
# suite runs it as root and again under a dropped uid.
set -u
scaudit=$1
w=$2
profiles=$3
. "$(dirname "$0")/lib.sh"
json() { python3 -c "import json,sys; d=json.load(open('$tmp/report.json')); sys.exit(0 if ($1) else 1)"; }

# The base profile lets the fixtures start (loader, glibc, threads, fork,
# exec); each check adds what it is about.
base=$profiles/workload-base.list

if [ -n "${SCAUDIT_UNPRIVILEGED:-}" ]; then
	check "really unprivileged: uid is not 0" test "$(id -u)" -ne 0
	check "really unprivileged: no effective capabilities" \
		grep -q '^CapEff:[[:space:]]*0000000000000000$' /proc/self/status
fi

p=$(profile ok getppid)
run check "$p" -- "$w/syscaller" getppid
check "passed: exit 0" status 0
check "passed: outcome" has '^outcome  passed — exited 0 with no denial'
check "passed: the workload really ran" has '^getppid = [0-9]+$'

run check --json "$tmp/report.json" "$base" -- "$w/syscaller" getppid
check "killed: exit 1" status 1
check "killed: names the syscall" has "^outcome  killed — killed by SIGSYS: the profile denies 'getppid' \(x86_64 [0-9]+\)"
check "killed: line to add" has "fix: add the line 'getppid' to $base"
check "killed: JSON missing" json "d['schema']==1 and d['missing']==['getppid'] and d['runs'][0]['outcome']=='killed' and d['runs'][0]['signal']=='SYS'"
check "killed: JSON denial detail" json "[x for x in d['runs'][0]['denials'] if x['name']=='getppid' and x['class']=='missing' and x['fatal'] and x['exe'].endswith('/syscaller') and len(x['args'])==6]"
# A number libseccomp cannot name: the fix says so (it said "add the line
# '?'" before).
run check --json "$tmp/unnamed.json" "$base" -- "$w/syscaller" nr:500
check "unnamed: killed, by number" has "^outcome  killed — killed by SIGSYS: the profile denies syscall 500 \(x86_64\)"
check "unnamed: no line to add, and why" has "fix: none in a profile: this libseccomp \([0-9.]+\) has no name for x86_64 syscall 500"
check "unnamed: the same in the JSON" python3 -c "
import json; d = json.load(open('$tmp/unnamed.json'))
assert [x['fix'] for x in d['runs'][0]['denials']][0].startswith('none in a profile'), d"

# Unnecessary entries: allowed, unused by a run that ended as expected.
p=$(profile extra getppid ptrace mount)
run check --json "$tmp/report.json" "$p" -- "$w/syscaller" getppid
check "unnecessary: the profile still holds (exit 0)" status 0
check "unnecessary: a section of its own" has '^unnecessary  [0-9]+ allowed entr'
check "unnecessary: ptrace at its line" has "^  $p:[0-9]+  ptrace\$"
check "unnecessary: JSON, judged" json "d['unnecessaryJudged'] and 'ptrace' in d['unnecessary'] and 'mount' in d['unnecessary'] and 'getppid' not in d['unnecessary']"
check "unnecessary: JSON used is the run's usage" json "'getppid' in d['used'] and 'ptrace' not in d['used']"
run check --fail-on-unnecessary "$p" -- "$w/syscaller" getppid
check "--fail-on-unnecessary: exit 1" status 1
run check --no-usage --json "$tmp/report.json" "$p" -- "$w/syscaller" getppid
check "--no-usage: exit 0" status 0
check "--no-usage: not judged, and why" has '^unnecessary  not judged: usage was not observed'
check "--no-usage: JSON" json "not d['unnecessaryJudged'] and d['unnecessary']==[] and 'no-usage' in d['notJudged']"
run check --no-usage --fail-on-unnecessary "$p" -- "$w/syscaller" getppid
check "--no-usage with --fail-on-unnecessary: exit 2" status 2
# A run that did not end as expected is no evidence.
p2=$(profile extra2 ptrace mount)
run check --json "$tmp/report.json" "$p2" -- "$w/syscaller" getppid
check "a killed run: exit 1" status 1
check "a killed run: unnecessary not judged" has '^unnecessary  not judged: the run ended killed'
check "a killed run: JSON" json "not d['unnecessaryJudged'] and d['unnecessary']==[]"

p=$(profile eperm "getppid errno=EPERM")
run check "$p" -- "$w/syscaller" -x getppid
check "failed after errno: exit 1" status 1
check "failed after errno: outcome" has '^outcome  failed — exited 3 \(expected 0\) after 1 syscall denied with an errno: maybe the cause'
check "failed after errno: the workload saw EPERM" has '^getppid = -1 \(EPERM\)'
# Undecided, never "add it": the run failed, but an errno lets a program
# go on; --learn decides.
check "failed after errno: getppid undecided" has '^  undecided +getppid .* EPERM'
check "failed after errno: no fix offered" sh -c "! grep -q 'fix: add' '$tmp/out'"
check "failed after errno: --learn decides" has 'a run with --learn tells'
run check --learn "$p" -- "$w/syscaller" -x getppid
check "failed after errno, --learn: missing getppid" has '^  missing +getppid .* EPERM'
check "failed after errno, --learn: the fix" has "fix: add the line 'getppid'"

p=$(profile tolerate "getppid errno=ENOSYS" getpid)
run check "$p" -- "$w/fallback" getppid getpid
check "tolerated: exit 0" status 0
check "tolerated: outcome" has '^outcome  passed-with-tolerated-denials'
check "tolerated: class" has '^  tolerated +getppid .* ENOSYS'

p=$(profile negative)
run check --expect-denied ptrace "$p" -- "$w/syscaller" ptrace
check "expected denial: exit 0 (killed on ptrace as it must be)" status 0
check "expected denial: outcome" has '^outcome  blocked-as-expected'
p=$(profile escape ptrace)
run check --expect-denied ptrace "$p" -- "$w/syscaller" ptrace
check "escape: exit 1" status 1
check "escape: outcome" has '^outcome  escaped'
run check --expect-denied mount "$p" -- "$w/syscaller" getppid
check "never attempted: exit 1" status 1
check "never attempted: says so" has 'never attempted: mount'

printf 'getppid\n' >"$tmp/expected.list"
p=$(profile unexpected "getppid errno=EPERM" "getuid errno=EPERM")
run check --expect "$tmp/expected.list" "$p" -- "$w/syscaller" getppid getuid
check "unexpected: exit 1" status 1
check "unexpected: getuid was not declared" has '^  unexpected +getuid'
check "unexpected: getppid was declared (tolerated)" has '^  tolerated +getppid'

start=$(date +%s)
p=$(profile daemon setsid getpid pause nanosleep clock_nanosleep rename)
SCAUDIT_HOSTILE_TAG=$$-daemon run check --timeout 1 "$p" -- "$w/daemon" "$tmp/daemon.pid"
end=$(date +%s)
check "timeout: exit 1" status 1
check "timeout: outcome" has '^outcome  timeout'
check "timeout: did not hang past it" test $((end - start)) -le 4
check "timeout: the daemon wrote its pid" test -s "$tmp/daemon.pid"
check "timeout: the setsid grandchild is gone" test "$(tagged $$-daemon)" = 0

p=$(profile ignore pause rt_sigaction)
run check --timeout 0.5 "$p" -- "$w/ignoreterm"
check "SIGTERM-proof workload ends at the timeout" has '^outcome  timeout'

run check "$base" -- "$w/segv"
check "crash: exit 1" status 1
check "crash: SIGSEGV" has '^outcome  crashed — died of SEGV'

# The workload's own filter: taken over, its kill is seen and named, and
# the fix is its list's, never the profile's (which allows getppid).
p=$(profile self prctl seccomp getppid)
run check "$p" -- "$w/sigsys-self" getppid
check "own filter's SIGSYS: named" has "^outcome  killed — killed by SIGSYS: the workload's own filter denies 'getppid'"
check "own filter's SIGSYS: its list's fix" has "^ +its own filter denies it; fix: add getppid to the list the program loads"
check "own filter's SIGSYS: not blamed on the profile" sh -c "! grep -q 'fix: add the line' '$tmp/out'"
# Without usage its denials come back through ptrace: the same verdict.
run check --no-usage "$p" -- "$w/sigsys-self" getppid
check "own filter, --no-usage: named" has "^outcome  killed — killed by SIGSYS: the workload's own filter denies 'getppid'"
# A filter scaudit cannot rewrite (its kill from the accumulator, loaded
# by prctl): loaded as asked, said; the SIGSYS is the kernel's, named
# through ptrace when asked.
run check "$p" -- "$w/sigsys-self" getppid reta
check "own filter, RET A: not observed, said" has "not observed: a return takes its action from the accumulator"
check "own filter, RET A: through prctl" has 'through prctl\(PR_SET_SECCOMP\)'
check "own filter, RET A: not blamed on the profile (untraced)" has "^outcome  crashed — died of SIGSYS, but not from this profile.*--trace-sigsys names the syscall"
run check --trace-sigsys "$p" -- "$w/sigsys-self" getppid reta
check "own filter's SIGSYS is named through ptrace" has "^outcome  crashed — died of SIGSYS on 'getppid' \(x86_64 [0-9]+\), but not from this profile"

if [ "$(uname -m)" = x86_64 ]; then
	run check --learn --json "$tmp/report.json" "$base" -- "$w/int80" getpid
	check "int 0x80: reported as x86, number 20" has '^  missing +getpid +x86 20 '
	check "int 0x80: not the x86_64 syscall 20 (writev)" sh -c "! grep -q writev '$tmp/out'"
	check "int 0x80: JSON arch" json "[x for x in d['runs'][0]['denials'] if x['arch']=='x86' and x['nr']==20]"
else
	echo "# skip: int 0x80 (not x86_64)"
fi

p=$(profile threads "getppid errno=EPERM")
run check "$p" -- "$w/threads" 4 getppid
check "threads: all four denied" has '^  tolerated +getppid .* ×4 '
check "threads: a thread id is reported" has 'pid [0-9]+ \(thread [0-9]+\)'

p=$(profile grandchild "getppid errno=EPERM")
run check --json "$tmp/report.json" "$p" -- "$w/forker" "$w/forker" "$w/syscaller" -x getppid
check "grandchild: failed" has '^outcome  failed'
check "grandchild: denial made by syscaller, not the child" json "[x for x in d['runs'][0]['denials'] if x['name']=='getppid' and x['exe'].endswith('/syscaller')]"

run check --learn "$profiles/seed-go.list" -- "$w/syscaller" getppid getuid getgid
missing=$(grep -c '^  missing ' "$tmp/out")
check "learn: one run finds many missing syscalls ($missing)" test "$missing" -ge 3
check "learn: the workload ran to the end" has '^getgid = [0-9]+$'

run check --learn "$base" -- "$scaudit" check "$base" -- "$w/syscaller" getppid
check "nested check: the inner one cannot supervise (exit 3)" has '^outcome  failed — exited 3 '
check "nested check: says what is missing and what still works" err_has "another seccomp listener already watches this process .*'scaudit exec' still works"

# Capabilities: root can give the workload fewer; nobody cannot give more.
if [ "$(id -u)" -eq 0 ]; then
	run check --learn --caps none "$base" -- grep CapEff /proc/self/status
	check "--caps none: the workload holds no capability" has '^CapEff:[[:space:]]+0000000000000000$'
	run check --learn --caps docker "$base" -- grep CapEff /proc/self/status
	check "--caps docker: Docker's 14" has '^CapEff:[[:space:]]+00000000a80425fb$'
else
	run check --caps docker "$base" -- "$w/syscaller" getppid
	check "--caps docker unprivileged: exit 3" status 3
	check "--caps docker unprivileged: says why" err_has 'cannot set capabilities'
fi

# The JSON report's documented shape (docs/report.md).
run check --learn --json "$tmp/report.json" "$profiles/seed-go.list" -- "$w/syscaller" getppid
check "JSON shape" python3 - "$tmp/report.json" <<'PY'
import json, sys
d = json.load(open(sys.argv[1]))
assert d["schema"] == 1
for k in ("missing", "unnecessary", "used", "unexpected", "intermittent"):
    assert isinstance(d[k], list) and d[k] == sorted(set(d[k])), k
    assert all(isinstance(x, str) for x in d[k]), k
assert d["verdict"] in ("holds", "findings")
assert isinstance(d["unnecessaryJudged"], bool)
assert d["unnecessaryJudged"] or isinstance(d["notJudged"], str)
assert d["repeats"] == 1 and d["runShown"] == 1
assert all(set(k) == {"name", "line", "why"} for k in d["sometimes"])
outcomes = {"passed", "passed-with-tolerated-denials", "killed", "failed",
            "blocked-as-expected", "escaped", "timeout", "crashed", "error"}
classes = {"missing", "tolerated", "undecided", "expected-denial",
           "escaped", "unexpected", "logged", "allowed", "launcher"}
modes = {"file", "pipe", "tty", "null", "inherit"}
assert len(d["runs"]) == 1
for r in d["runs"]:
    assert r["outcome"] in outcomes
    assert r["stdout"] in modes and r["stderr"] in modes
    assert isinstance(r["command"], list) and r["command"]
    for x in r["denials"]:
        assert x["class"] in classes
        assert isinstance(x["nr"], int) and x["arch"] and x["action"]
        assert x["count"] >= 1 and len(x["args"]) == 6 and x["pids"]
        if x["class"] == "missing":
            assert x["fix"] and x["name"] in d["missing"]
assert "getppid" in d["missing"] and "brk" in d["missing"]
PY

grep -vx execve "$base" >"$tmp/noexec.list"
echo getppid >>"$tmp/noexec.list"
run check "$tmp/noexec.list" -- "$w/syscaller" getppid
check "launcher's execve denied: exit 1" status 1
check "launcher's execve denied: says no launcher can start it" has 'the profile denies execve: a launcher that loads the filter before exec'

run check --learn "$base" -- grep SigBlk /proc/self/status
check "the workload starts with no signal blocked" has '^SigBlk:[[:space:]]+0000000000000000$'

p=$(profile interrupted setsid getpid pause nanosleep clock_nanosleep rename)
SCAUDIT_HOSTILE_TAG=$$-int "$scaudit" check --timeout 30 "$p" -- "$w/daemon" "$tmp/int.pid" >"$tmp/out" 2>"$tmp/err" &
sv=$!
for _ in $(seq 50); do [ -s "$tmp/int.pid" ] && break; sleep 0.1; done
kill -TERM "$sv"
wait "$sv"
echo $? >"$tmp/rc"
check "SIGTERM to check: exit 143" status 143
check "SIGTERM to check: says so" has '^outcome  error — interrupted by SIGTERM'
check "SIGTERM to check: the daemon went with it" test "$(tagged $$-int)" = 0

run check "$base" -- /nonexistent/command
check "bad command: exit 2" status 2
check "bad command: not blamed on the profile" err_has "not the profile's doing"

run check "$base" -- "$w/flood" 10000000
check "flood: 10 MB of output, still judged" status 0

run exec "$(profile ok2 getppid)" -- "$w/syscaller" getppid
check "exec: runs under the profile" status 0
run exec "$base" -- "$w/syscaller" getppid
check "exec: the profile's kill is real (SIGSYS)" status 159

# Option values that are not numbers of seconds or processes.
for bad in nan inf 1e400 -1 2000000; do
	run check --timeout "$bad" "$base" -- "$w/syscaller" getppid
	check "--timeout $bad is refused (exit 2)" status 2
done
run check --max-procs 0x "$base" -- "$w/syscaller" getppid
check "--max-procs 0x is refused (exit 2)" status 2

# stdio: what production gives the workload; a report on stdout is never
# mixed with the workload's output.
p=$(profile stdio getppid)
run check --json - "$p" -- "$w/syscaller" getppid
check "--json -: exit 0" status 0
check "--json -: stdout is the JSON alone" python3 -c "import json; d=json.load(open('$tmp/out')); assert d['runs'][0]['stdout']=='file'"
run check --stdout file --expect-exit 4 --json "$tmp/report.json" "$p" -- "$w/syscaller" getppid
check "failed run: exit 1" status 1
check "failed run: what it wrote, in the text report" has '^  \| getppid = [0-9]+$'
check "failed run: and in JSON" json "d['runs'][0]['output']['tail'].startswith('getppid = ') and d['runs'][0]['output']['bytes']>10 and d['runs'][0]['stderr']=='inherit'"
run check --stdout null --stderr null "$p" -- "$w/syscaller" getppid
check "--stdout null: the run says so" has '^run .*stdout and stderr null$'
run check --stdout inherit --json - "$p" -- "$w/syscaller" getppid
check "--stdout inherit with --json -: refused (exit 2)" status 2
check "... says why" err_has "the workload's stdout cannot be inherited"
run check --stdout disk "$p" -- "$w/syscaller" getppid
check "--stdout disk: exit 2" status 2
check "--stdout disk: says what it takes" err_has "bad --stdout 'disk' — file \(a regular file\), pipe, tty, null or inherit"

# The exposure (issue 15): per arch, how many syscalls the profile allows,
# how many are dangerous (lint's list), and which of those the run did not
# use. $base holds 29 names, newfstatat no x86 syscall; with getppid,
# ptrace and mount: x86_64 32, x86 31, x32 32. Dangerous: clone and clone3
# (their flags unchecked), ptrace, mount: 4 on each. syscaller getppid
# ptrace uses ptrace: 3 unused (clone clone3 mount).
p=$(profile exposure getppid ptrace mount)
run check --json "$tmp/report.json" "$p" -- "$w/syscaller" getppid ptrace
check "exposure: the profile still holds (exit 0)" status 0
if [ "$(uname -m)" = x86_64 ]; then
	check "exposure: the line, per arch" has '^exposure x86_64 32 allowed, 4 dangerous, 3 unused; x86 31 allowed, 4 dangerous, 3 unused; x32 32 allowed, 4 dangerous, 3 unused$'
	check "exposure: JSON, per arch" json "d['exposure']['arches'][0]=={'arch':'x86_64','allowed':32,'allBut':False,'conditional':0,'dangerous':['clone','clone3','mount','ptrace'],'dangerousConditional':[],'dangerousUnused':['clone','clone3','mount']} and [a['allowed'] for a in d['exposure']['arches']]==[32,31,32]"
fi
check "exposure: the unused dangerous names" has '^ +dangerous and unused .*: clone clone3 mount$'
check "exposure: before the verdict" sh -c "grep -n '' '$tmp/out' | grep -A3 ':exposure ' | grep -q ':verdict '"
check "exposure: JSON, judged from the run's usage" json "d['exposure']['usageJudged'] and d['exposure']['dangerousUsed']==['ptrace'] and d['exposure']['dangerousUnused']==['clone','clone3','mount'] and d['exposure']['dangerous']==['clone','clone3','mount','ptrace'] and 'gate' not in d['exposure']"
run check --no-usage --json "$tmp/report.json" "$p" -- "$w/syscaller" getppid ptrace
check "exposure, --no-usage: counts, no unused" has '^exposure x86_64 32 allowed, 4 dangerous; '
check "exposure, --no-usage: their use not judged, and why" has "^ +the dangerous ones' use: not judged: usage was not observed \(--no-usage\)"
check "exposure, --no-usage: JSON" json "not d['exposure']['usageJudged'] and 'dangerousUnused' not in d['exposure'] and 'no-usage' in d['exposure']['notJudged']"

# --max-dangerous-unused N: more than N dangerous entries allowed and
# unused is a finding; unjudged use is exit 2, never a silent pass.
run check --max-dangerous-unused 10 "$p" -- "$w/syscaller" getppid ptrace
check "--max-dangerous-unused 10: exit 0" status 0
check "--max-dangerous-unused 10: passed, said" has '^ +--max-dangerous-unused 10: passed$'
run check --max-dangerous-unused 3 "$p" -- "$w/syscaller" getppid ptrace
check "--max-dangerous-unused 3 with 3 unused: exit 0" status 0
run check --max-dangerous-unused 2 --json "$tmp/report.json" "$p" -- "$w/syscaller" getppid ptrace
check "--max-dangerous-unused 2 with 3 unused: exit 1" status 1
check "--max-dangerous-unused 2: the verdict says why" has '^verdict  3 dangerous entries unused, more than --max-dangerous-unused 2$'
check "--max-dangerous-unused 2: the gate's line" has '^ +--max-dangerous-unused 2: failed: 3 dangerous entries allowed and unused$'
check "--max-dangerous-unused 2: JSON" json "d['verdict']=='findings' and d['exposure']['gate']=='failed' and d['exposure']['maxDangerousUnused']==2"
run check --max-dangerous-unused 0 "$(profile ptrace-unused getppid ptrace)" -- "$w/syscaller" getppid
check "--max-dangerous-unused 0, ptrace allowed and unused: exit 1" status 1
check "--max-dangerous-unused 0: ptrace named" has '^ +dangerous and unused .*: clone clone3 ptrace$'
run check --max-dangerous-unused 0 --no-usage --json "$tmp/report.json" "$p" -- "$w/syscaller" getppid ptrace
check "--max-dangerous-unused with --no-usage: exit 2" status 2
check "--max-dangerous-unused with --no-usage: not judged, and why" err_has 'max-dangerous-unused 0: not judged: usage was not observed \(--no-usage\)'
check "--max-dangerous-unused with --no-usage: the verdict does not pass it" has '^verdict  .*--max-dangerous-unused not judged'
check "--max-dangerous-unused with --no-usage: JSON" json "d['exposure']['gate']=='not-judged'"
run check --max-dangerous-unused 1 "$(profile killed-gate ptrace mount)" -- "$w/syscaller" getppid
check "--max-dangerous-unused after a failed run: exit 2" status 2
check "--max-dangerous-unused after a failed run: says why" err_has 'not judged: the run ended killed'
# No dangerous entry at all: no run could leave one unused.
grep -vx -e clone -e clone3 "$base" >"$tmp/safe.list"
echo getppid >>"$tmp/safe.list"
run check --max-dangerous-unused 0 --no-usage "$tmp/safe.list" -- "$w/syscaller" getppid
check "--max-dangerous-unused 0, nothing dangerous: passes unjudged (exit 0)" status 0
run check --max-dangerous-unused 0 -- "$w/syscaller" getppid
check "--max-dangerous-unused without a PROFILE: exit 2" status 2
check "--max-dangerous-unused without a PROFILE: says why" err_has 'give the PROFILE'
run check --max-dangerous-unused -1 "$p" -- "$w/syscaller" getppid
check "--max-dangerous-unused -1: refused (exit 2)" status 2

# --color: on a terminal unless NO_COLOR (auto, the default), always (even
# with NO_COLOR), never; reports to files or pipes never.
esc=$'\033\['
colored() { grep -q "$esc" "$tmp/out"; }
plain() { ! grep -q "$esc" "$tmp/out"; }
run check --color=always "$p" -- "$w/syscaller" getppid
check "--color=always: SGR sequences" colored
check "--color=always: the verdict in green" has "^${esc}1mverdict${esc}0m  ${esc}32mthe profile holds"
check "--color=always: the dangerous count in yellow" has "${esc}33m4 dangerous${esc}0m"
run check --color=never "$p" -- "$w/syscaller" getppid
check "--color=never: none" plain
run check "$p" -- "$w/syscaller" getppid
check "--color=auto into a file: none" plain
NO_COLOR=1 "$scaudit" check --color=always "$p" -- "$w/syscaller" getppid >"$tmp/out" 2>"$tmp/err"
check "--color=always beats NO_COLOR" colored
cmdline="'$scaudit' check '$p' -- '$w/syscaller' getppid"
script -qc "$cmdline" /dev/null >"$tmp/out" 2>"$tmp/err" </dev/null
check "--color=auto on a terminal: colour" colored
NO_COLOR=1 script -qc "$cmdline" /dev/null >"$tmp/out" 2>"$tmp/err" </dev/null
check "--color=auto on a terminal with NO_COLOR=1: none" plain
NO_COLOR= script -qc "$cmdline" /dev/null >"$tmp/out" 2>"$tmp/err" </dev/null
check "--color=auto with an empty NO_COLOR: colour" colored
script -qc "'$scaudit' check --color=never '$p' -- '$w/syscaller' getppid" /dev/null >"$tmp/out" 2>"$tmp/err" </dev/null
check "--color=never on a terminal: none" plain
run check --color=always --json - "$p" -- "$w/syscaller" getppid
check "--color=always --json -: the JSON has none" sh -c "python3 -c \"import json; json.load(open('$tmp/out'))\" && ! grep -q '$esc' '$tmp/out'"
run check --color=sometimes "$p" -- "$w/syscaller" getppid
check "--color=sometimes: refused (exit 2)" status 2

# trim's report: the exposure before and after (and what trim took out).
run trim "$p" -o "$tmp/trimmed.list" --json "$tmp/report.json" -- "$w/syscaller" getppid ptrace
check "trim: exit 0" status 0
check "trim: exposure before" has '^  exposure before: x86_64 32 allowed, 4 dangerous; '
check "trim: exposure after" has '^  exposure after:  x86_64 [0-9]+ allowed, 1 dangerous; '
check "trim: the dangerous ones it removed and kept" sh -c "grep -q '^  dangerous removed: clone clone3 mount\$' '$tmp/out' && grep -q '^  dangerous still allowed: ptrace\$' '$tmp/out'"
check "trim: JSON before and after" json "d['exposure']['before']['dangerous']==['clone','clone3','mount','ptrace'] and d['exposure']['after']['dangerous']==['ptrace']"
run trim --color=always "$p" -o "$tmp/trimmed.list" -- "$w/syscaller" getppid ptrace
check "trim --color=always: colour" colored
run trim "$p" -o "$tmp/trimmed.list" -- "$w/syscaller" getppid ptrace
check "trim into a file: none" plain

# Who made a denied call, with usage off too: a process that is denied a
# call, then execs another program denied it again, is two executables,
# since every exec is seen (the supervisor caches each process's).
printf '{"defaultAction": "SCMP_ACT_ALLOW", "syscalls": [{"names": ["getppid"], "action": "SCMP_ACT_ERRNO"}]}\n' >"$tmp/noppid.json"
run check --no-usage --json "$tmp/exe.json" "$tmp/noppid.json" -- /usr/bin/python3 -c \
	"import os; os.getppid(); os.execv('$w/syscaller', ['syscaller', 'getppid'])"
check "--no-usage: a denial before and after an exec, each exe named" python3 -c "
import json, os
d = [c for c in json.load(open('$tmp/exe.json'))['runs'][0]['denials'] if c['name'] == 'getppid']
exes = {os.path.basename(e['path']): e['calls'] for e in d[0]['exes']}
py = [n for n in exes if n.startswith('python3')]
assert len(d) == 1 and exes.get('syscaller') == 1 and len(py) == 1 and exes[py[0]] == 1, exes"

finish
