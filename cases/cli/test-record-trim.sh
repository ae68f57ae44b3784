#!/usr/bin/env bash
# SPDX-License-Identifier: LGPL-2.1-or-later
# End-to-end checks of `scaudit record` and `scaudit trim` on real
# workloads. Usage: test-record-trim.sh SCAUDIT WORKLOADS_DIR PROFILES_DIR
# TAP-style lines, then "N passed, M failed".
set -u
scaudit=$1
w=$2
profiles=$3
. "$(dirname "$0")/lib.sh"
names() { # the names a profile holds, sorted, via show --json
	"$scaudit" show --json - "$1" |
		python3 -c "import json,sys; print('\n'.join(sorted({n['name'] for r in json.load(sys.stdin)['rules'] for n in r['names']})))"
}
base=$profiles/workload-base.list

# record
"$scaudit" record -o "$tmp/date.list" -- date >"$tmp/out" 2>"$tmp/err"
echo $? >"$tmp/rc"
check "record date: exit 0" status 0
check "record date: a header says how it was made" grep -q '^# Recorded by scaudit .*: date$' "$tmp/date.list"
check "record date: the profile reads back" "$scaudit" lint "$tmp/date.list"
run check "$tmp/date.list" -- date
check "record → check: the recorded profile holds" status 0
run exec "$tmp/date.list" -- date
check "record → exec: production can start the program (execve is listed)" status 0
if command -v strace >/dev/null; then
	# Same kind of stdout for both (glibc asks a device, not a file,
	# whether it is a terminal).
	strace -qcf -o "$tmp/date.strace" date >"$tmp/date.out"
	names "$tmp/date.strace" >"$tmp/strace.names"
	names "$tmp/date.list" >"$tmp/record.names"
	# strace leaves out exit_group, which never returns; both count the
	# execve that starts date (scaudit's launcher makes it, and a profile
	# needs it: runc and scaudit exec load the filter, then exec).
	{ cat "$tmp/strace.names"; echo exit_group; } | sort -u >"$tmp/strace.adjusted"
	check "record date lists what strace -qcf date lists" diff "$tmp/strace.adjusted" "$tmp/record.names"
else
	echo "# skip: strace not installed"
fi

run record --counts --max-runs 1 -o "$tmp/f.list" -- "$w/forker" "$w/threads" 3 getppid
check "record a tree: exit 0" status 0
check "record a tree: the grandchild's and threads' syscalls" sh -c "grep -qx getppid '$tmp/f.list' && grep -qx wait4 '$tmp/f.list' && grep -qx execve '$tmp/f.list'"
check "record --counts: 3 getppid calls, all by threads" has '^ +3 getppid +x86_64 +threads 3$'
check "record --counts: a total line" has '^ +[0-9]+ total'
check "record --counts: the launcher's execve apart from forker's" has '^ +2 execve +x86_64 +forker 1, \(launcher\) 1$'

# Who made each call: a shell driver and the programs it runs. /proc
# names the executable itself (sh may be dash).
sh_exe=$(basename "$(readlink -f /bin/sh)")
# made_by COUNTS_OUTPUT NAME EXE...: NAME's line names exactly those
# executables, each with a count, and they add up to its calls.
made_by() {
	python3 - "$@" <<'EOF'
import re, sys
out, name, want = sys.argv[1], sys.argv[2], set(sys.argv[3:])
for line in open(out):
    m = re.match(r'^ *(\d+) (\S+) +(\S+) +(.*)$', line)
    if m and m.group(2) == name:
        got = {}
        for part in m.group(4).split(', '):
            exe, n = part.rsplit(' ', 1)
            got[exe] = int(n)
        assert set(got) == want, (name, got, want)
        assert sum(got.values()) == int(m.group(1)), (name, got, line)
        sys.exit(0)
sys.exit('no line for %s' % name)
EOF
}
cmd='ls >/dev/null; cat /dev/null'
run record --counts --max-runs 1 -o "$tmp/tree.list" -- sh -c "$cmd"
check "record --counts of a driver: exit 0" status 0
check "record --counts (uid $(id -u)): wait4 by $sh_exe alone" made_by "$tmp/out" wait4 "$sh_exe"
check "record --counts: getdents64 by ls alone" made_by "$tmp/out" getdents64 ls
check "record --counts: mmap by $sh_exe, ls and cat" made_by "$tmp/out" mmap "$sh_exe" ls cat
check "record --counts: execve by $sh_exe and the launcher" made_by "$tmp/out" execve "$sh_exe" '(launcher)'

# --only-exe: only the program's calls, what went said; a name the
# driver makes too stays.
run record --only-exe cat --counts --max-runs 1 -o "$tmp/cat.list" -- sh -c "$cmd"
check "record --only-exe cat: exit 0" status 0
check "record --only-exe cat: what only $sh_exe or ls made is left out" sh -c "! grep -qx wait4 '$tmp/cat.list' && ! grep -qx getdents64 '$tmp/cat.list'"
check "record --only-exe cat: what cat made is written" sh -c "grep -qx read '$tmp/cat.list' && grep -qx mmap '$tmp/cat.list' && grep -qx openat '$tmp/cat.list'"
check "record --only-exe cat: the start's execve stays" grep -qx execve "$tmp/cat.list"
check "record --only-exe cat: says what it left out, and whose" err_has "^scaudit: --only-exe cat: left out [0-9]+ names made only by ($sh_exe, ls|ls, $sh_exe) \((.*)(getdents64|wait4)"
check "record --only-exe cat: only cat's calls counted" made_by "$tmp/out" mmap cat
run record --only-exe /bin/cat -o "$tmp/cat2.list" --max-runs 1 -- sh -c "$cmd"
check "record --only-exe /bin/cat: a path, resolved as /proc names it" sh -c "grep -qx read '$tmp/cat2.list' && ! grep -qx wait4 '$tmp/cat2.list'"
run record --only-exe python3 -o "$tmp/none.list" --max-runs 1 -- sh -c "$cmd"
check "record --only-exe of an executable that made nothing: exit 2" status 2
check "... says so and which executables there were" err_has "error: no call was made by python3; the executables seen were: .*$sh_exe"
check "... and writes nothing" test ! -e "$tmp/none.list"
run record --only-exe cat --only-exe python3 -o "$tmp/one.list" --max-runs 1 -- sh -c "$cmd"
check "record --only-exe, one of two made nothing: a warning, written" sh -c "grep -q 'warning: --only-exe python3: no call was made by it' '$tmp/err' && grep -qx read '$tmp/one.list'"

run record --format oci -o "$tmp/r.json" -- "$w/syscaller" getuid
check "record --format oci: valid and read back" "$scaudit" lint "$tmp/r.json"
check "record --format oci: one allow rule, EPERM default" python3 -c "
import json; d=json.load(open('$tmp/r.json'))
assert d['defaultAction']=='SCMP_ACT_ERRNO' and d['defaultErrnoRet']==1
assert len(d['syscalls'])==1 and d['syscalls'][0]['action']=='SCMP_ACT_ALLOW'
assert 'getuid' in d['syscalls'][0]['names'] and 'SCMP_ARCH_X86_64' in d['architectures']"
run record --format go -- "$w/syscaller" getuid
check "record --format go: the article's snippet" sh -c "grep -q '^var syscalls = \[\]string{$' '$tmp/out' && grep -q '^	\"getuid\",$' '$tmp/out'"
run record --format c -- "$w/syscaller" getuid
check "record --format c: a C array" sh -c "grep -q '^static const char \*const syscalls\[\] = {$' '$tmp/out' && grep -q 'NULL,' '$tmp/out'"
run record --merge "$tmp/r.json" -o "$tmp/m.list" -- "$w/syscaller" getgid
check "record --merge: the union of two workloads" sh -c "grep -qx getuid '$tmp/m.list' && grep -qx getgid '$tmp/m.list'"
if [ "$(uname -m)" = x86_64 ]; then
	run record --format oci -o "$tmp/i.json" -- "$w/int80" getpid
	check "record int 0x80: the x86 arch is listed" python3 -c "
import json; d=json.load(open('$tmp/i.json'))
assert 'SCMP_ARCH_X86' in d['architectures'] and 'getpid' in d['syscalls'][0]['names']"
fi
run record -- /nonexistent/command
check "record: bad command exits 2" status 2

# trim
cp "$profiles/seed-go.list" "$tmp/seed.list"
run trim "$tmp/seed.list" -- date
check "trim without --learn: the seed lacks entries, exit 1" status 1
check "trim without --learn: says so" err_has 'already fails .* killed'
run trim --learn --json "$tmp/trim.json" -o "$tmp/seed.trimmed" "$tmp/seed.list" -- date
check "trim --learn: exit 0" status 0
check "trim --learn: epoll_ctl (unused by date) removed" sh -c "! grep -q epoll_ctl '$tmp/seed.trimmed'"
check "trim --learn: brk added" grep -q '^brk # added by scaudit trim --learn$' "$tmp/seed.trimmed"
check "trim keeps the list's comments" grep -q "^# The allowlist from the article" "$tmp/seed.trimmed"
check "trim never touched its input" cmp -s "$tmp/seed.list" "$profiles/seed-go.list"
run check "$tmp/seed.trimmed" -- date
check "record → check → trim: the trimmed profile holds" status 0
check "trim --json: unnecessary and used" python3 -c "
import json; d=json.load(open('$tmp/trim.json'))
assert d['schema']==1 and d['verified'] and 'epoll_ctl' in d['unnecessary'] and 'read' in d['used']
assert d['unnecessary']==sorted(d['unnecessary'])"

cp "$profiles/docker-style.json" "$tmp/ds.json"
run trim --learn --caps none --in-place "$tmp/ds.json" -- "$w/syscaller" -x getuid
check "trim --in-place: exit 0" status 0
check "trim --in-place: a .orig backup" cmp -s "$tmp/ds.json.orig" "$profiles/docker-style.json"
check "trim OCI: unknown keys, comments, conditions and order kept" python3 -c "
import json
a=json.load(open('$profiles/docker-style.json')); b=json.load(open('$tmp/ds.json'))
assert list(a) == list(b) and b['x-owner']=='platform-team'
rules=b['syscalls']
assert any(r.get('comment')=='glibc falls back to clone on ENOSYS' for r in rules)
assert any(r['names']==['mount','umount2','unshare'] and r['includes']=={'caps':['CAP_SYS_ADMIN']} for r in rules)
assert any(r['names']==['arm_fadvise64_64'] for r in rules)
assert not any('personality' in r['names'] for r in rules)
assert rules[0].get('x-ticket')=='SEC-42' and 'chown32' not in rules[0]['names']
assert 'getuid' in rules[0]['names'] and 'brk' in rules[0]['names']"
check "trim OCI: tabs stay tabs, spaces stay spaces" sh -c "grep -q '^  \"defaultAction\"' '$tmp/ds.json'"

# --deep: the fallback gives up getppid for getpid on ENOSYS
printf 'getppid\ngetpid\n' | cat "$base" - >"$tmp/fb.list"
run trim --deep --learn "$tmp/fb.list" -- sh -c "$w/syscaller -x getpid >/dev/null && $w/fallback getppid getpid"
check "trim --deep: exit 0" status 0
check "trim --deep: getppid is tolerated (ENOSYS, the fallback)" err_has 'tolerated: getppid fails harmlessly with ENOSYS \(all of these together: verified in one run\); consider getppid errno=ENOSYS'
check "trim --deep: getpid is not (the fallback needs it)" sh -c "! grep -q 'tolerated: getpid ' '$tmp/err'"

# trim --cases: the union of several workloads, only those about PROFILE
mkdir -p "$tmp/cases"
printf 'getuid\ngetgid\ngetppid\n' | cat "$base" - >"$tmp/multi.list"
cat >"$tmp/cases/a.ini" <<EOF
[case uid]
profile = ../multi.list
command = $w/syscaller -x getuid
[case gid]
profile = ../multi.list
command = $w/syscaller -x getgid
env = SCAUDIT_TEST=1
EOF
cat >"$tmp/cases/b.case" <<EOF
[case about-another-profile]
profile = ../seed.list
command = false
EOF
run trim --cases "$tmp/cases" -o "$tmp/multi.trimmed" "$tmp/multi.list"
check "trim --cases: exit 0" status 0
check "trim --cases: what either case uses stays" sh -c "grep -qx getuid '$tmp/multi.trimmed' && grep -qx getgid '$tmp/multi.trimmed'"
check "trim --cases: what no case uses goes" sh -c "! grep -qx getppid '$tmp/multi.trimmed'"
printf '[case x]\nprofile = ../multi.list\ncommand = true\ncolour = red\n' >"$tmp/cases/c.ini"
run trim --cases "$tmp/cases" "$tmp/multi.list"
check "trim --cases: a bad case file is exit 2" status 2
check "trim --cases: the error names file:line" err_has "c.ini:4: error: unknown key 'colour'"

# The evidence rule in trim: a first run that fails even with every
# denied call let through shows nothing unused; nothing is removed.
printf '{"defaultAction": "SCMP_ACT_ALLOW", "syscalls": [{"names": ["getppid", "mount"], "action": "SCMP_ACT_ALLOW"}]}\n' >"$tmp/allow.json"
run trim --learn -o "$tmp/allow.trimmed" "$tmp/allow.json" -- sh -c 'exit 3'
check "trim --learn of a failing workload: exit 1" status 1
check "... says it fails already, even with every call let through" err_has 'already fails .* failed'
check "... and writes nothing" test ! -e "$tmp/allow.trimmed"
# A workload that cannot run twice: not the profile's doing.
rm -f "$tmp/once"
run trim -o "$tmp/allow.trimmed" "$tmp/allow.json" -- sh -c "test ! -e '$tmp/once' && touch '$tmp/once'"
check "a workload that fails a second run: exit 1" status 1
check "... is called not repeatable" err_has 'is not repeatable: it ended failed in run 2 under the profile as it is without any denial'
check "... and nothing is written" test ! -e "$tmp/allow.trimmed"

# --deep's trials do not share a network: two copies of a server at once
# would fight for its port, and a trial that lost would look like a denial
# the server cannot cope with. Parallel trials say what serial ones say.
# The port per uid: this script runs as root and as nobody at once.
port=$((47123 + $(id -u) % 1000))
{ cat "$base"; printf '%s\n' socket setsockopt bind listen connect accept4 nanosleep clock_nanosleep; } >"$tmp/srv.list"
run trim --deep -j 4 --json "$tmp/srv4.json" -o "$tmp/srv4.out" "$tmp/srv.list" -- "$w/server" "$port"
check "trim --deep -j 4 of a server: exit 0" status 0
check "... says whether its trials were isolated" sh -c "[ \"\$(id -u)\" != 0 ] && grep -q 'no network namespace here: one trial at a time' '$tmp/out' || ! grep -q 'no network namespace' '$tmp/out'"
run trim --deep -j 1 --json "$tmp/srv1.json" -o "$tmp/srv1.out" "$tmp/srv.list" -- "$w/server" "$port"
check "... what it tolerates is what one trial at a time tolerates" python3 -c "
import json
a=json.load(open('$tmp/srv4.json'))['tolerated']; b=json.load(open('$tmp/srv1.json'))['tolerated']
ta=sorted(x['name'] for x in a); tb=sorted(x['name'] for x in b)
assert ta==tb, (ta, tb)
assert not set(ta) & {'socket','bind','listen','connect','accept4'}, ta
assert all(x['together'] for x in a)"

# trim --learn never widens deliberate hardening: Docker answers clone3
# with ENOSYS so glibc falls back to clone; a threaded workload copes.
{ grep -v '^clone3$' "$base"; echo 'clone3 errno=ENOSYS'; echo getppid; } >"$tmp/c3.list"
run trim --learn -o "$tmp/c3.trimmed" "$tmp/c3.list" -- "$w/threads" 2 getppid
check "trim --learn, clone3 ENOSYS: exit 0" status 0
check "... clone3 is not added: the workload copes" has "'clone3' was denied and the workload copes: not added"
check "... its ENOSYS rule stays" grep -qx 'clone3 errno=ENOSYS' "$tmp/c3.trimmed"
run diff "$tmp/c3.list" "$tmp/c3.trimmed"
check "... and diff finds nothing newly allowed" status 0

# stdio as production has it: programs choose syscalls by what their
# output is. cat copies into a regular file with copy_file_range; date
# asks a character device (/dev/null) whether it is a terminal.
printf 'some data\n' >"$tmp/in.txt"
run record -o "$tmp/cat.list" -- cat "$tmp/in.txt"
check "record cat (stdout a file by default): copy_file_range" grep -qx copy_file_range "$tmp/cat.list"
run record --stdout null -o "$tmp/cat-null.list" -- cat "$tmp/in.txt"
check "record --stdout null cat: no copy_file_range" sh -c "! grep -qx copy_file_range '$tmp/cat-null.list'"
run record --stdout null -o "$tmp/date-null.list" -- date
check "record --stdout null date: ioctl" grep -qx ioctl "$tmp/date-null.list"
run record -o "$tmp/date-file.list" -- date
check "record date (a file): no ioctl" sh -c "! grep -qx ioctl '$tmp/date-file.list'"
# trim keeps what a file's writer needs, and the result holds for it.
cat "$tmp/cat.list" "$tmp/date-null.list" | grep -v '^#' | sort -u >"$tmp/catwide.list"
run trim -o "$tmp/cat.trimmed" "$tmp/catwide.list" -- cat "$tmp/in.txt"
check "trim cat: exit 0" status 0
check "trim cat: copy_file_range stays" grep -qx copy_file_range "$tmp/cat.trimmed"
"$scaudit" exec "$tmp/cat.trimmed" -- cat "$tmp/in.txt" >"$tmp/cat.out"
check "trimmed cat runs with stdout a file" cmp "$tmp/in.txt" "$tmp/cat.out"

finish
