#!/usr/bin/env bash
# SPDX-License-Identifier: LGPL-2.1-or-later
# The filter a program loads itself (run/takeover.h, verdict/own-verdict.h):
# ownlist (fixtures/workloads/ownlist.c) loads its libseccomp list kill or
# errno by default, from a second thread with and without TSYNC, or two
# stacked; and, when go and libseccomp-golang are installed, the article's
# Go program (fixtures/go/ownlist). Ground truth is strace's: what the
# program calls after its load.
# Usage: test-own-filter.sh SCAUDIT WORKLOADS_DIR FIXTURES_DIR
set -u
scaudit=$1 w=$2 fixtures=$3 gosrc=$3/go
. "$(dirname "$0")/lib.sh"
o=$w/ownlist

# JSON field of the last report: json FILE EXPR (d: the document).
jq_() { python3 -c "import json,sys; d=json.load(open('$1')); print($2)"; }
csv() { jq_ "$1" "','.join(sorted($2))"; }

# strace's set: the names after the load (single thread), sorted.
if command -v strace >/dev/null; then
	strace -f -qq -o "$tmp/trace" "$o" log >/dev/null 2>&1
	after=$(awk '/seccomp\(SECCOMP_SET_MODE_FILTER, [^,]*, \{len=/ {on=1; next}
		on { sub(/^[0-9]+ +/, ""); n=$0; sub(/\(.*/, "", n);
		     if (n ~ /^[a-z0-9_]+$/) print n }' "$tmp/trace" |
		sort -u | tr '\n' ' ')
	list=$("$o" list | sort -u | tr '\n' ' ')
	want_missing=$(comm -23 <(tr ' ' '\n' <<<"$after" | sed '/^$/d') \
		<(tr ' ' '\n' <<<"$list" | sed '/^$/d') | paste -sd,)
	want_unused=$(comm -13 <(tr ' ' '\n' <<<"$after" | sed '/^$/d') \
		<(tr ' ' '\n' <<<"$list" | sed '/^$/d') | paste -sd,)
	echo "# strace after the load: $after"
else
	want_missing=clock_nanosleep,pipe2
	want_unused=exit,futex,getcwd,madvise,munmap,rt_sigprocmask,sysinfo
	echo "# no strace: the known sets"
fi

# 1. Kill by default, learning: exactly what the list lacks, and unused.
run check --learn --json "$tmp/k.json" -- "$o" kill
check "kill: exit 1 (findings)" status 1
check "kill: no profile, its own filter judged" has '^profile  none: the workload.s own filter is judged'
check "kill: the load described" has '^  loaded by pid [0-9]+ .*ownlist at [0-9.]+ s through seccomp\(\): [0-9]+ instructions, default kill-process$'
check "kill: missing = strace's after the load minus the list ($want_missing)" \
	test "$(csv "$tmp/k.json" "d['ownFilter']['missing']")" = "$want_missing"
check "kill: unused = the list minus strace's ($want_unused)" \
	test "$(csv "$tmp/k.json" "d['ownFilter']['unused']")" = "$want_unused"
check "kill: before the load apart (the loader's mmap, the seccomp call)" \
	test "$(jq_ "$tmp/k.json" "int('mmap' in d['ownFilter']['beforeLoad'] and 'seccomp' in d['ownFilter']['beforeLoad'])")" = 1
check "kill: nothing before the load blamed on its list" \
	test "$(jq_ "$tmp/k.json" "int('mmap' in d['ownFilter']['missing'] or 'seccomp' in d['ownFilter']['missing'])")" = 0
check "kill: the profile has no missing entry" \
	test "$(jq_ "$tmp/k.json" "len(d['missing'])")" = 0

# 1b. Without usage its denials come back through ptrace, allowed calls
# stay in the kernel: the same missing set, unused not judged.
run check --no-usage --learn --json "$tmp/n.json" -- "$o" kill
check "no-usage: missing = $want_missing" \
	test "$(csv "$tmp/n.json" "d['ownFilter']['missing']")" = "$want_missing"
check "no-usage: unused not judged" \
	test "$(jq_ "$tmp/n.json" "d['ownFilter']['unusedJudged']")" = False
check "no-usage: said why" has "unused: not judged: usage was not observed"
run check --no-usage -- "$o" tsync
check "no-usage, tsync: killed by its own filter" has "^outcome  killed — killed by SIGSYS: the workload's own filter denies 'pipe2'"

# 2. With what it lacks added, 50 of 50 native runs pass.
ok=0
for _ in $(seq 50); do
	OWNLIST_ADD=$want_missing "$o" kill >/dev/null 2>&1 && ok=$((ok + 1))
done
check "kill: the list with $want_missing passes $ok of 50 native runs" test "$ok" -eq 50
OWNLIST_ADD=$want_missing run check -- "$o" kill
check "kill, completed list: restart_syscall still at risk (its sleep)" has "^    restart_syscall +the kernel: resumes a sleep"
check "kill, completed list: a finding" status 1
OWNLIST_ADD=$want_missing,restart_syscall run check -- "$o" kill
check "kill, completed list: exit 0" status 0
check "kill, completed list: holds" has "^verdict  the workload's own filter holds"

# 3. Not learning: the kill is its own filter's, named, as natively.
"$o" kill >/dev/null 2>&1
native=$?
run check -- "$o" kill
check "kill: natively 159 ($native)" test "$native" = 159
check "kill: killed by its own filter on pipe2" has "^outcome  killed — killed by SIGSYS: the workload's own filter denies 'pipe2'"

# 4. Errno by default: the run fails; undecided without --learn, missing
# with it.
run check --json "$tmp/e.json" -- "$o" errno
check "errno: undecided pipe2" test "$(csv "$tmp/e.json" "d['ownFilter']['undecided']")" = pipe2
run check --learn --json "$tmp/e.json" -- "$o" errno
check "errno, learn: missing $want_missing" test "$(csv "$tmp/e.json" "d['ownFilter']['missing']")" = "$want_missing"
check "errno: the default described" has 'default errno EPERM'

# 5. A second thread loads it without TSYNC: the main thread's open is not
# under it; with TSYNC it is.
run check --learn --json "$tmp/t.json" -- "$o" thread
check "thread: missing $want_missing" test "$(csv "$tmp/t.json" "d['ownFilter']['missing']")" = "$want_missing"
check "thread: the main thread's openat is outside it" \
	test "$(jq_ "$tmp/t.json" "int('openat' in d['ownFilter']['beforeLoad'] and 'openat' not in d['ownFilter']['missing'])")" = 1
check "thread: loaded by another thread" has '^  loaded by pid [0-9]+ \(thread [0-9]+\)'
run check --learn --json "$tmp/s.json" -- "$o" tsync
check "tsync: openat missing too" test "$(csv "$tmp/s.json" "d['ownFilter']['missing']")" = "$(echo "$want_missing,openat" | tr , '\n' | sort | paste -sd,)"
check "tsync: said" has 'default kill-process, TSYNC'
ok=0
for _ in $(seq 50); do
	OWNLIST_ADD=$want_missing,openat "$o" tsync >/dev/null 2>&1 && ok=$((ok + 1))
done
check "tsync: with them, $ok of 50 native runs pass" test "$ok" -eq 50

# 6. Two stacked: the second answers getppid EPERM; the first must allow
# what loading the second takes.
run check --learn --json "$tmp/st.json" -- "$o" stack
check "stack: two loads, the second on the first" has 'stacked on load 1'
check "stack: getppid (the second's EPERM), seccomp and prctl missing" \
	test "$(jq_ "$tmp/st.json" "int(all(n in d['ownFilter']['missing'] for n in ['getppid','seccomp','prctl']))")" = 1

# 7. A profile and its own filter together, each call as the kernel ranks
# them: the profile kills pipe2 where the program's list says EPERM, so
# production kills — as `scaudit exec` does.
jq_ "$tmp/k.json" "'\n'.join(sorted(set(d['used']) | {'execve'}))" | grep -vx pipe2 >"$tmp/exec.list"
OWNLIST_ADD=clock_nanosleep run check "$tmp/exec.list" -- "$o" errno
check "both: killed, the profile denies pipe2" has "^outcome  killed — killed by SIGSYS: the profile denies 'pipe2'"
check "both: the fix is the profile's" has "fix: add the line .pipe2."
OWNLIST_ADD=clock_nanosleep "$scaudit" exec "$tmp/exec.list" -- "$o" errno >/dev/null 2>&1
check "both: scaudit exec (production) is killed too" test $? = 159

# 8. record writes the calls under it, not those before its load.
run record -o "$tmp/rec.list" -- "$o" kill
check "record: exit 0" status 0
check "record: pipe2 in" grep -qx pipe2 "$tmp/rec.list"
check "record: mmap (before its load only) out" sh -c "! grep -qx mmap '$tmp/rec.list'"
check "record: the left-out said" has 'called only before its load'

# 9. --source: findings at the list's lines.
run check --learn --source "$fixtures/workloads/ownlist.c" -- "$o" kill
check "source: findings" status 1
check "source: read as C" has '^source   .*ownlist.c \(c, [0-9]+ names\)'
check "source: an unused name at its line" has "^    .*ownlist.c:[0-9]+  getcwd$"
check "source: the fix names the list" has 'pipe2 +killed in production: add "pipe2", to list\[\] at .*ownlist.c:[0-9]+$'
# SARIF: each finding at the line to edit of the program's list.
run check --learn --source "$fixtures/workloads/ownlist.c" --sarif "$tmp/o.sarif" -- "$o" kill
line=$(grep -n '"getcwd"' "$fixtures/workloads/ownlist.c" | cut -d: -f1)
sarif_at() { jq_ "$tmp/o.sarif" "[r['locations'][0]['physicalLocation']['region']['startLine'] for r in d['runs'][0]['results'] if r['ruleId']=='$1' and \"'$2'\" in r['message']['text']]"; }
check "sarif: getcwd unused at ownlist.c:$line" test "$(sarif_at own-unused-entry getcwd)" = "[$line]"
check "sarif: pipe2 missing, in the list's file" \
	test "$(jq_ "$tmp/o.sarif" "[r['locations'][0]['physicalLocation']['artifactLocation']['uri'].endswith('ownlist.c') for r in d['runs'][0]['results'] if r['ruleId']=='own-missing-entry' and \"'pipe2'\" in r['message']['text']]")" = "[True]"

# 9b. Loads that once got past the takeover (fixtures/workloads/
# ownhostile.c): each killed for getppid, as natively, with usage and
# without; strict mode refused under scaudit, and said so.
h=$w/ownhostile
for m in shift threads highop; do
	(exec "$h" "$m") >/dev/null 2>&1
	native=$?
	for u in "" --no-usage; do
		run check $u -- "$h" "$m"
		check "hostile $m ${u:-(usage)}: killed for getppid as natively ($native)" \
			has "^outcome  killed — killed by SIGSYS: the workload's own filter denies 'getppid'"
	done
done
# A thread's filter scaudit cannot take over kills: --trace-sigsys follows
# every thread and names the call from the signal, not the main thread's.
run check --trace-sigsys -- "$h" retathread
check "hostile retathread: named from the thread's SIGSYS" \
	has "^outcome  crashed — died of SIGSYS on 'getppid' \(x86_64 [0-9]+\), but not from this profile"
run check -- "$h" copy
check "hostile copy: the child's copy of a rewritten buffer still kills" \
	has "^outcome  killed — .*'getppid'"
for u in "" --no-usage; do
	run check $u -- "$h" strict
	check "hostile strict ${u:-(usage)}: refused under scaudit, said" \
		has "^outcome  failed — .*strict mode, which the kernel refuses on top of scaudit's filter"
done

# 9c. A suite: a case whose program's list lacks pipe2 fails, but the
# profile (which allows everything) is not said to lack it.
printf '{"defaultAction": "SCMP_ACT_ALLOW"}\n' >"$tmp/allow.json"
printf '[case own]\nprofile = allow.json\ncommand = %s kill\n' "$o" >"$tmp/own.ini"
run run "$tmp/own.ini" --json "$tmp/own.json"
check "suite: the case fails (its own list lacks pipe2)" status 1
check "suite: the denial is its own filter's, with its fix" \
	test "$(jq_ "$tmp/own.json" "[x.get('ownFilterOnly') for x in d['runs'][0]['denials'] if x['name']=='pipe2']")" = "[True]"
check "suite: the profile lacks nothing" \
	test "$(jq_ "$tmp/own.json" "d['profiles'][0]['missing']")" = "[]"

# 10. The article's Go program, when go and libseccomp-golang are here.
gopath=/usr/share/gocode
if command -v go >/dev/null && [ -d "$gopath/src/github.com/seccomp/libseccomp-golang" ]; then
	build() { (cd "$1" && HOME="$tmp" GOPATH="$tmp/gopath:$gopath" \
		GOCACHE="$tmp/gocache" GO111MODULE=off GOFLAGS= \
		go build -o ownlist .) 2>"$tmp/goerr"; }
	mkdir -p "$tmp/go"
	cp "$gosrc/ownlist/"*.go "$tmp/go/"
	if build "$tmp/go"; then
		g=$tmp/go/ownlist
		run check --learn --json "$tmp/g.json" --source "$gosrc/ownlist/syscalls.go" -- "$g"
		check "go: findings" status 1
		check "go: pipe2, epoll_pwait, nanosleep missing (the runtime's)" \
			test "$(jq_ "$tmp/g.json" "int(all(n in d['ownFilter']['missing'] + d['ownFilter']['atRisk'] for n in ['pipe2','epoll_pwait','nanosleep']))")" = 1
		check "go: loaded with TSYNC (libseccomp-golang's default)" has 'TSYNC'
		check "go: unused getcwd at its line" has "syscalls.go:[0-9]+  getcwd$"
		add=$(jq_ "$tmp/g.json" "','.join(d['ownFilter']['missing'] + d['ownFilter']['atRisk'])")
		ok=0
		for _ in $(seq 50); do
			OWNLIST_ADD=$add "$g" >/dev/null 2>&1 && ok=$((ok + 1))
		done
		check "go: with what check named ($add), $ok of 50 native runs pass" test "$ok" -eq 50
		# A list record writes as Go, built into the program instead.
		run record --format go -o "$tmp/go/syscalls.go" -- "$g"
		check "go record: exit 0" status 0
		if build "$tmp/go"; then
			ok=0
			for _ in $(seq 50); do
				"$tmp/go/ownlist" >/dev/null 2>&1 && ok=$((ok + 1))
			done
			check "go record: the recorded list builds, $ok of 50 runs pass" test "$ok" -eq 50
		else
			check "go record: the recorded list builds" false
			sed 's/^/#   /' "$tmp/goerr"
		fi
	else
		echo "# skip: the Go program does not build here"
		sed 's/^/#   /' "$tmp/goerr"
	fi
else
	echo "# skip: go or libseccomp-golang not installed"
fi
finish
