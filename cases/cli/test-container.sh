#!/usr/bin/env bash
# SPDX-License-Identifier: LGPL-2.1-or-later
# Profiles checked, recorded and trimmed inside real runtimes (runc, crun):
# runc's semantics (its ENOSYS stub), the runtime's own start, learn mode,
# a trimmed Docker profile that still starts the container natively, and
# nothing left behind. Each verdict is compared with what the runtime does
# natively with the same profile (`scaudit bundle`, then RUNTIME run).
# Usage: test-container.sh SCAUDIT WORKLOADS FIXTURES
set -u
scaudit=$1 workloads=$2 fixtures=$3
source "$(dirname "$0")/lib.sh"
src=$(cd "$(dirname "$0")/../.." && pwd)

if [ "$(id -u)" -ne 0 ]; then
	# Unprivileged: rootless runc where the system allows; a clear exit 3
	# otherwise (crun on hybrid cgroups).
	"$src/scripts/make-rootfs" "$tmp/root" >/dev/null
	export TMPDIR=$tmp/t
	mkdir -p "$TMPDIR"
	run check "$fixtures/profiles/docker-default.json" --runtime runc \
		--rootfs "$tmp/root" -- /bin/sh -c 'echo hi'
	check "rootless runc: ran, or exit 3 naming why" \
		eval 'status 0 || { status 3 && err_has "runc"; }'
	run check "$fixtures/profiles/docker-default.json" --runtime crun \
		--rootfs "$tmp/root" -- /bin/true
	check "rootless crun: ran, or exit 3 naming why" \
		eval 'status 0 || { status 3 && err_has "crun"; }'
	check "rootless: nothing left in TMPDIR" test -z "$(ls -A "$TMPDIR")"
	finish
	exit
fi
for rt in runc crun; do
	if ! command -v $rt >/dev/null; then
		echo "1..0 # SKIP $rt is not installed (apt-get install $rt)"
		exit 77
	fi
done

root=$tmp/root
"$src/scripts/make-rootfs" "$root" "$workloads/pthread-once" >/dev/null
export TMPDIR=$tmp/t
mkdir -p "$TMPDIR"
docker=$fixtures/profiles/docker-default.json
pre=$fixtures/profiles/pre-clone3.json
# without NAMES: Docker's default less those names (rules left empty go).
without() {
	local out=$tmp/without-$1.json
	python3 - "$docker" "$out" "$@" <<'PY'
import json, sys
d = json.load(open(sys.argv[1]))
drop = set(sys.argv[3:])
for r in d["syscalls"]:
    r["names"] = [n for n in r["names"] if n not in drop]
d["syscalls"] = [r for r in d["syscalls"] if r["names"]]
json.dump(d, open(sys.argv[2], "w"), indent=1)
PY
	echo "$out"
}
# native RUNTIME PROFILE CMD...: the runtime alone, the same profile.
native() {
	local rt=$1 prof=$2
	shift 2
	rm -rf "$tmp/nb"
	"$scaudit" bundle "$prof" --rootfs "$root" -o "$tmp/nb" -- "$@" \
		2>/dev/null || return 99
	local hide=()
	if [ $rt = crun ] && [ "$(stat -f -c %T /sys/fs/cgroup)" = tmpfs ] &&
		[ "$(stat -f -c %T /sys/fs/cgroup/unified 2>/dev/null)" = cgroup2fs ]; then
		hide=(unshare -m --propagation private sh -c 'umount -l /sys/fs/cgroup/unified && exec "$0" "$@"')
	fi
	"${hide[@]}" $rt --root "$tmp/state-$rt" run --bundle "$tmp/nb" \
		"native-$$-$RANDOM" >"$tmp/nout" 2>&1
}

# Docker's default passes a busybox workload in both.
for rt in runc crun; do
	run check "$docker" --runtime $rt --rootfs "$root" -- \
		/bin/sh -c 'echo hello; ls / >/dev/null'
	check "docker default, $rt: passes" status 0
	check "docker default, $rt: says who applies it" \
		has "^applied  as $rt"
	check "docker default, $rt: unused entries judged" has "^unnecessary  [0-9]+ allowed"
done
run check "$docker" --runtime runc --rootfs "$root" -- /bin/true
check "runc: its stub's cut-off in the report" \
	has "^applied  as runc \(ENOSYS above x86_64 [0-9]+ \("
check "runc: write is never called unnecessary (runc will not notify it)" \
	has "^  .*docker-default.json:[0-9]+  write — not observable under runc"
check "runc: the init's own calls count as used" \
	eval "! grep -qE 'docker-default.json:[0-9]+  (fstatfs|capset|setgroups)$' '$tmp/out'"

# The runtime's own start: runc's init needs fstatfs (it checks that
# /proc/self/fd is on procfs before it closes the fds it must not pass on).
nofs=$(without fstatfs)
run check "$nofs" --runtime runc --rootfs "$root" -- /bin/true
check "no fstatfs, runc: a finding" status 1
check "no fstatfs, runc: missing" has "^  missing +fstatfs"
check "no fstatfs, runc: the runtime's start, said apart" \
	has "runc's init needs fstatfs: without it the container does not start"
check "no fstatfs, runc: the container never started" \
	has "^outcome  failed — the container never started: runc's init was denied fstatfs"
native runc "$nofs" /bin/true
rc=$?
check "no fstatfs, runc natively: does not start either" \
	eval "[ $rc -ne 0 ] && grep -q 'is on procfs: operation not permitted' '$tmp/nout'"

# Without write, runc's init cannot even hand the listener over (runc
# refuses to let write be notified): said at once, as runc fails natively.
nowrite=$(without write)
run check "$nowrite" --runtime runc --rootfs "$root" -- /bin/true
check "no write, runc: a finding, at once" eval 'status 1 && has "^outcome  failed — the container cannot start: runc.s init writes"'
check "no write, runc: missing write" has "^  missing +write"
native runc "$nowrite" /bin/true
check "no write, runc natively: does not start either" [ $? -ne 0 ]
# Learn mode lets the init's denials through: it cannot tell then.
run check "$nofs" --runtime runc --rootfs "$root" --learn -- /bin/true
check "no fstatfs, learn: said it cannot tell" \
	has "learn mode let it through: a run without --learn tells"
# A command the rootfs lacks: the runtime's error, as on the host.
run check "$docker" --runtime runc --rootfs "$root" -- /nonexistent
check "a command the rootfs lacks: exit 2, not the profile's" \
	eval 'status 2 && has "never executed the command, with no denial"'

# A profile from before clone3: runc's stub answers ENOSYS (glibc falls
# back to clone), crun the default errno (the thread is not made).
run check "$pre" --runtime runc --rootfs "$root" -- /bin/pthread-once
check "pre-clone3, runc: passes" status 0
check "pre-clone3, runc: tolerated, runc's stub" \
	has "^  tolerated +clone3 .*ENOSYS \(runc's stub: above pidfd_open, 434"
native runc "$pre" /bin/pthread-once
rc=$?
check "pre-clone3, runc natively: runs too" eval "[ $rc -eq 0 ] && grep -q 'threaded ok' '$tmp/nout'"
run check "$pre" --runtime crun --rootfs "$root" -- /bin/pthread-once
check "pre-clone3, crun: fails" status 1
check "pre-clone3, crun: clone3 denied with EPERM" has "^  undecided +clone3 .*EPERM$"
run check "$pre" --runtime crun --rootfs "$root" --learn -- /bin/pthread-once
check "pre-clone3, crun --learn: missing" has "^  missing +clone3"
native crun "$pre" /bin/pthread-once
rc=$?
check "pre-clone3, crun natively: fails too" eval "[ $rc -ne 0 ] && grep -q 'not permitted' '$tmp/nout'"
# The same semantics without a container: check and exec on the host.
run check "$pre" -- "$workloads/pthread-once"
check "pre-clone3 on the host, runc's semantics: tolerated" \
	has "^  tolerated +clone3 .*runc's stub"
run check "$pre" --semantics crun -- "$workloads/pthread-once"
check "pre-clone3 on the host, --semantics crun: clone3 EPERM" has "^  undecided +clone3"

# A Go program in the container is known as Go: what its runtime makes by
# timing is kept, never unnecessary (its file is read from the rootfs).
if command -v go >/dev/null; then
	cp "$src/fixtures/go/busy.go" "$tmp/"
	(cd "$tmp" && HOME="$tmp" GOPATH="$tmp/gopath" GOCACHE="$tmp/gocache" \
		GO111MODULE=off GOFLAGS= CGO_ENABLED=0 go build -o "$root/bin/gobusy" busy.go) \
		2>"$tmp/err"
	# crun is C: only the workload can make it Go.
	run check --json "$tmp/go.json" "$docker" --runtime crun --rootfs "$root" -- /bin/gobusy
	check "Go in a container: known as Go" python3 -c "
import json, sys
d = json.load(open('$tmp/go.json'))
go = [k for k in d['sometimes'] if k['why'].startswith('Go runtime')]
timing = {'tgkill', 'nanosleep', 'sched_yield', 'epoll_pwait', 'madvise', 'munmap'}
sys.exit(0 if go and not timing & set(d['unnecessary']) else 1)"
else
	echo "ok $((n += 1)) # SKIP Go in a container: go is not installed"
	pass=$((pass + 1))
fi

# Learn mode finds every missing entry in one container run.
gaps=$(without uname getdents64 mkdir mkdirat)
run check "$gaps" --runtime runc --rootfs "$root" --learn -- \
	/bin/sh -c 'uname >/dev/null; ls / >/dev/null; mkdir /tmp/d'
check "learn: a finding" status 1
check "learn: uname" has "^  missing +uname"
check "learn: getdents64" has "^  missing +getdents64"
check "learn: mkdir" has "^  missing +mkdir(at)? "
check "learn: one run" has "^run .*learn mode"

# Trim Docker's default inside runc: the runtime's own needs stay, and the
# result starts the container natively 20 times of 20.
run trim "$docker" --runtime runc --rootfs "$root" -o "$tmp/trimmed.json" \
	-- /bin/pthread-once
check "trim in runc: done" status 0
check "trim in runc: runc's init needs kept" python3 -c "
import json, sys
d = json.load(open('$tmp/trimmed.json'))
names = {n for r in d['syscalls'] for n in r['names']}
sys.exit(0 if {'fstatfs', 'capset', 'setgroups', 'write', 'clone3'} <= names and len(names) < 150 else 1)"
ok=0
for i in $(seq 20); do
	native runc "$tmp/trimmed.json" /bin/pthread-once && ok=$((ok + 1))
done
check "trimmed profile starts the container natively 20 of 20 times" [ $ok -eq 20 ]

# record in a container: what the runtime and the workload need.
run record --runtime runc --rootfs "$root" -o "$tmp/rec.list" -- /bin/pthread-once
check "record in runc: done" status 0
check "record in runc: the init's fstatfs" grep -qx fstatfs "$tmp/rec.list"
check "record in runc: write kept, said why" grep -q "^write  # .*not observable" "$tmp/rec.list"

# A bundle of the user's own: only read.
rm -rf "$tmp/mine"
"$scaudit" bundle "$pre" --rootfs "$root" -o "$tmp/mine" -- /bin/true 2>/dev/null
sum=$(sha256sum <"$tmp/mine/config.json")
run check "$pre" --runtime runc --bundle "$tmp/mine" -- /bin/pthread-once
check "--bundle: passes" status 0
check "--bundle: its config.json untouched" [ "$(sha256sum <"$tmp/mine/config.json")" = "$sum" ]
# Its own capabilities (not Docker's) and a bind mount relative to it.
python3 - "$tmp/mine/config.json" <<'PY'
import json, sys
c = json.load(open(sys.argv[1]))
c["process"]["capabilities"] = {k: ["CAP_KILL", "CAP_SYS_ADMIN"] for k in ("bounding", "effective", "permitted")}
c["mounts"].append({"destination": "/data", "type": "bind", "source": "data", "options": ["rbind", "ro"]})
json.dump(c, open(sys.argv[1], "w"))
PY
mkdir -p "$tmp/mine/data"
echo hello >"$tmp/mine/data/f"
run check "$docker" --runtime runc --bundle "$tmp/mine" --json "$tmp/mine.json" -- \
	/bin/sh -c 'grep CapEff /proc/self/status >&2; cat /data/f >&2'
check "--bundle: its own caps and its relative bind mount" \
	eval 'status 0 && grep -q "CapEff:.*0000000000200020" "$tmp/err" && grep -qx hello "$tmp/err"'
python3 - "$tmp/mine/config.json" <<'PY'
import json, sys
c = json.load(open(sys.argv[1]))
c["linux"]["seccomp"] = {"defaultAction": "SCMP_ACT_ALLOW"}
json.dump(c, open(sys.argv[1], "w"))
PY
run check --runtime runc --bundle "$tmp/mine" -- /bin/true
check "--bundle with its own seccomp and no PROFILE: exit 2" \
	eval 'status 2 && err_has "has a linux.seccomp of its own"'
echo '{"ociVersion": "1.0.2", "process": ' >"$tmp/mine/config.json"
run check "$pre" --runtime runc --bundle "$tmp/mine" -- /bin/true
check "--bundle broken: exit 2" status 2
check "--bundle broken: located" err_has "mine/config.json:[0-9]+(:[0-9]+)?: error: cannot read the bundle's config.json"
run check "$pre" --runtime runc --no-new-privs on --rootfs "$root" -- /bin/true
check "--no-new-privs on: passes" status 0

# Cases: runtime =, rootfs =, semantics =.
mkdir -p "$tmp/cases"
cat >"$tmp/cases/ctr.ini" <<CASES
[case threads-in-runc]
profile = $pre
runtime = runc
rootfs = $root
command = /bin/pthread-once

[case threads-in-crun]
profile = $pre
runtime = crun
rootfs = $root
command = /bin/pthread-once
CASES
run run -j 1 --json "$tmp/suite.json" "$tmp/cases/ctr.ini"
check "cases: crun's EPERM fails the suite" status 1
check "cases: runc's case passed" python3 -c "
import json, sys
d = json.load(open('$tmp/suite.json'))
o = {c['case']: c['outcome'] for c in d['runs']}
sys.exit(0 if o.get('threads-in-runc', '').startswith('passed') and o.get('threads-in-crun') == 'failed' else 1)"
# A case's env goes into the container; an image alone is podman's.
cat >"$tmp/cases/env.ini" <<CASES
[case env-in-runc]
profile = $pre
runtime = runc
rootfs = $root
env = FOO=bar
command = /bin/sh -c 'test "\$FOO" = bar'
CASES
run run -j 1 --json "$tmp/env.json" "$tmp/cases/env.ini"
check "case env = reaches the container" status 0
printf '[case x]\nprofile = %s\nruntime = runc\nrootfs = %s\ncwd = /tmp\ncommand = /bin/true\n' \
	"$pre" "$root" >"$tmp/cases/cwd.ini"
run run --json "$tmp/cwd.json" "$tmp/cases/cwd.ini"
check "case cwd = in a container: refused, saying why" \
	eval 'status 2 && grep -q "cwd = is a directory of this host" "$tmp/cwd.json"'
printf '[case x]\nprofile = %s\nruntime = runc\ncommand = /bin/true\n' "$pre" >"$tmp/cases/bad.ini"
run run --json "$tmp/bad.json" "$tmp/cases/bad.ini"
check "case with runtime and no root: exit 2" status 2
check "case with runtime and no root: says so" \
	grep -q "needs one of rootfs = DIR (a directory to run in) or bundle = DIR" "$tmp/bad.json"

# Bad usage.
run check "$pre" --rootfs "$root" -- /bin/true
check "--rootfs without --runtime: exit 2" eval 'status 2 && err_has "--rootfs DIR needs a runtime: runc or crun"'
run check "$pre" --runtime runc -- /bin/true
check "--runtime without a root: exit 2" eval 'status 2 && err_has "rootfs DIR"'
run check "$pre" --runtime podman --rootfs "$root" -- /bin/true
check "--runtime podman with a rootfs: exit 2" eval 'status 2 && err_has "podman runs an image: give --podman IMAGE"'

# podman, with an image made from the rootfs (podman import: no registry).
# This machine's hard limits are below podman's default ulimits: a
# containers.conf of the test's own sets them lower.
if command -v podman >/dev/null && podman info >/dev/null 2>&1; then
	printf '[containers]\ndefault_ulimits = ["nofile=1024:1024", "nproc=1024:1024"]\n' \
		>"$tmp/containers.conf"
	export CONTAINERS_CONF=$tmp/containers.conf
	image=localhost/scaudit-test:$$
	tar -C "$root" -cf "$tmp/root.tar" .
	podman import "$tmp/root.tar" "$image" >/dev/null 2>&1
	run check "$pre" --podman "$image" -- /bin/pthread-once
	check "podman: passes" status 0
	check "podman: runc's stub, through podman" \
		has "^  tolerated +clone3 .*ENOSYS \(runc's stub"
	check "podman: said" has "^container podman \(runc\), image $image"
	run check "$nofs" --podman "$image" -- /bin/true
	check "podman, no fstatfs: runc's init needs it" \
		has "runc's init needs fstatfs: without it the container does not start"
	run check "$docker" --podman "$image" --timeout 1 -- /bin/sleep 4245
	check "podman, timeout: a timeout" has "^outcome  timeout"
	check "podman: no container left, after a timeout too" \
		test -z "$(podman ps -aq --filter name=scaudit- 2>/dev/null)"
	podman rmi -f "$image" >/dev/null 2>&1
	unset CONTAINERS_CONF
else
	echo "ok $((n += 1)) # SKIP podman: not installed or not working here"
	pass=$((pass + 1))
fi

# A runtime stuck before it hands the listener over (a createRuntime hook
# that sleeps): the timeout and an interrupt end it as such, and the
# cgroups it made are gone.
rm -rf "$tmp/hooked"
"$scaudit" bundle "$docker" --rootfs "$root" -o "$tmp/hooked" -- /bin/true 2>/dev/null
python3 - "$tmp/hooked/config.json" <<'PY'
import json, sys
c = json.load(open(sys.argv[1]))
c["hooks"] = {"createRuntime": [{"path": "/bin/sleep", "args": ["sleep", "4244"]}]}
json.dump(c, open(sys.argv[1], "w"))
PY
run check "$docker" --runtime runc --bundle "$tmp/hooked" --timeout 1 -- /bin/true
check "stuck in a hook: a timeout" has "^outcome  timeout"
"$scaudit" check "$docker" --runtime runc --bundle "$tmp/hooked" -- /bin/true \
	>/dev/null 2>&1 &
sleep 1
t0=$(date +%s)
kill -INT $!
wait $!
rc=$? took=$(($(date +%s) - t0))
check "stuck in a hook, interrupted: exit 130 at once" \
	eval "[ $rc -eq 130 ] && [ $took -le 3 ]"
check "stuck in a hook: no cgroup left" \
	test -z "$(find /sys/fs/cgroup -maxdepth 2 -name "scaudit-$$-*" 2>/dev/null)"

# Nothing left behind: timeout, interrupt.
run check "$docker" --runtime runc --rootfs "$root" --timeout 1 -- /bin/sleep 4242
check "timeout in runc: timeout" has "^outcome  timeout"
"$scaudit" check "$docker" --runtime crun --rootfs "$root" -- /bin/sleep 4243 \
	>/dev/null 2>&1 &
sleep 1
kill -INT $!
wait $!
check "interrupted: exit 130" [ $? -eq 130 ]
check "no container process left" eval '! pgrep -f "sleep 424[23]" >/dev/null'
# The runtimes' state is under TMPDIR (--root): nothing of it either.
check "no bundle, socket or state left" test -z "$(ls -A "$TMPDIR")"
finish
