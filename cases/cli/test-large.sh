#!/usr/bin/env bash
# SPDX-License-Identifier: LGPL-2.1-or-later
# The largest profiles scaudit accepts (just under its 4 MiB limit, some
# 400,000 names) must be read, linted, compiled, compared, explained and
# trimmed in linear-ish time: each command here is bounded by timeout(1)
# at 300 s, which a walk over all names per name (what this test caught,
# in five places) overran by hours. Not a speed test: BENCHMARKS.md has
# the times. TAP-style lines, then "N passed, M failed".
set -u
scaudit=$1
fixtures=$2
. "$(dirname "$0")/lib.sh"

# run ARGS...: scaudit under a bound, status 124 when it ran out.
run() {
	timeout 300 "$scaudit" "$@" >"$tmp/out" 2>"$tmp/err"
	echo $? >"$tmp/rc"
}
count() { grep -cE -- "$1" "$tmp/out"; }

# Generated here, not committed: 4 MB each.
python3 - "$tmp" "$fixtures/profiles/workload-base.list" <<'PY'
import json, sys
tmp, base = sys.argv[1], sys.argv[2]
names = [l.split('#')[0].strip() for l in open(base)]
names = [n for n in names if n] + ["getppid"]
def letters(i):  # zza, zzb, ...: never a syscall
    s = ""
    while True:
        s = chr(97 + i % 26) + s
        i //= 26
        if not i:
            return "zz" + s
LIMIT = 4_000_000
def fill(path, line):
    n, size = 0, 0
    with open(path, "w") as f:
        while True:
            text = line(n)
            if size + len(text) > LIMIT:
                return n
            f.write(text)
            size += len(text)
            n += 1
counts = {}
counts["unknown"] = fill(f"{tmp}/unknown.list", lambda i: letters(i) + "\n")
# The same with a long shared prefix: a hash of the first characters
# alone (glibc's hsearch) would put them all in one chain.
counts["prefix"] = fill(f"{tmp}/prefix.list",
                        lambda i: "z" * 24 + letters(i) + "\n")
counts["repeated"] = fill(f"{tmp}/repeated.list",
                          lambda i: names[i % len(names)] + "\n")
counts["distinct"] = len(names)
rows = ["% time     seconds  usecs/call     calls    errors syscall",
        "------ ----------- ----------- --------- --------- ----------------"]
n, size = 0, 0
while size < LIMIT - 200:
    row = "  0.00    0.000000           0         1           " + letters(n)
    rows.append(row); size += len(row) + 1; n += 1
rows += ["------ ----------- ----------- --------- --------- ----------------",
         "100.00    0.000000           0  %9d         total" % n]
open(f"{tmp}/unknown.strace", "w").write("\n".join(rows) + "\n")
counts["strace"] = n
# OCI: one name per rule, every fiftieth rule conditional (a shadowed
# condition for lint, candidates for explain and diff).
rules, size, i = [], 0, 0
while size < LIMIT - 1000:
    r = {"names": [names[i % len(names)]], "action": "SCMP_ACT_ALLOW"}
    if i % 50 == 49:
        r["args"] = [{"index": 0, "value": i, "op": "SCMP_CMP_EQ"}]
    rules.append(r); size += len(json.dumps(r)) + 2; i += 1
json.dump({"defaultAction": "SCMP_ACT_ERRNO", "syscalls": rules},
          open(f"{tmp}/rules.json", "w"))
counts["rules"] = len(rules)
# More conditions than a filter can hold: refused before libseccomp
# spends minutes on them.
rules = [{"names": [names[i % len(names)]], "action": "SCMP_ACT_ALLOW",
          "args": [{"index": 0, "value": i, "op": "SCMP_CMP_EQ"}]}
         for i in range(5000)]
json.dump({"defaultAction": "SCMP_ACT_ERRNO", "syscalls": rules},
          open(f"{tmp}/conditions.json", "w"), indent=1)
# As many conditions that cost nothing: one rule repeated (libseccomp
# merges repeats), and rules that only say what the default says.
base = [{"names": names, "action": "SCMP_ACT_ALLOW"}]
same = [{"names": ["ioctl"], "action": "SCMP_ACT_ALLOW",
         "args": [{"index": 1, "value": 5, "op": "SCMP_CMP_EQ"}]}] * 5000
json.dump({"defaultAction": "SCMP_ACT_ERRNO", "syscalls": base + same},
          open(f"{tmp}/repeats.json", "w"))
dflt = [{"names": ["kill"], "action": "SCMP_ACT_ERRNO",
         "args": [{"index": 1, "value": i, "op": "SCMP_CMP_EQ"}]}
        for i in range(5000)]
json.dump({"defaultAction": "SCMP_ACT_ERRNO", "syscalls": base + dflt},
          open(f"{tmp}/default.json", "w"))
for k, v in counts.items():
    open(f"{tmp}/{k}.count", "w").write(str(v))
PY
unknown=$(cat "$tmp/unknown.count")
repeated=$(cat "$tmp/repeated.count")
distinct=$(cat "$tmp/distinct.count")
echo "# $unknown unknown names, $repeated repeated names ($distinct distinct), $(cat "$tmp/rules.count") OCI rules, $(cat "$tmp/strace.count") strace rows"
true=$(command -v true)

run show "$tmp/unknown.list"
check "show, $unknown unknown names: exit 2" status 2
check "show, unknown names: the first, and how many more" \
	err_has "unknown syscall 'zza' \\(and $((unknown - 1)) more"
run check "$tmp/unknown.list" -- "$true"
check "check, unknown names: exit 2" status 2
run lint "$tmp/unknown.list"
check "lint, unknown names: exit 2" status 2
check "lint, unknown names: one finding each" \
	[ "$(count 'unknown-name')" = "$unknown" ]
prefix=$(cat "$tmp/prefix.count")
run lint "$tmp/prefix.list"
check "lint, $prefix unknown names with a 26-letter shared prefix: exit 2" status 2
check "lint, shared prefix: one finding each" \
	[ "$(count 'unknown-name')" = "$prefix" ]
run show "$tmp/unknown.strace"
check "show, strace table of $(cat "$tmp/strace.count") unknown rows: exit 2" status 2

run lint "$tmp/repeated.list"
check "lint, $repeated repeated names: exit 1" status 1
check "lint, repeated names: each repeat found" \
	[ "$(count 'already allowed by the rule at line')" = "$((repeated - distinct))" ]
run check "$tmp/repeated.list" -- "$true"
check "check, repeated names: exit 0" status 0
run explain "$tmp/repeated.list"
check "explain, repeated names: exit 0" status 0
run diff "$tmp/repeated.list" "$tmp/repeated.list"
check "diff, repeated names with itself: exit 0" status 0
run trim -o "$tmp/trimmed.list" "$tmp/repeated.list" -- "$true"
check "trim, repeated names: exit 0" status 0
check "trim, repeated names: fewer lines kept" \
	[ "$(wc -l <"$tmp/trimmed.list")" -lt "$repeated" ]

rules=$(cat "$tmp/rules.count")
run lint "$tmp/rules.json"
check "lint, $rules OCI rules: exit 1" status 1
check "lint, OCI rules: every condition shadowed" \
	[ "$(count 'conditions on .* never matter')" = "$((rules / 50))" ]
run check "$tmp/rules.json" -- "$true"
check "check, OCI rules: exit 0" status 0
run explain "$tmp/rules.json"
check "explain, OCI rules: exit 0" status 0
run diff "$tmp/rules.json" "$tmp/repeated.list"
check "diff, OCI rules against the list: exit 0 or 1" \
	[ "$(cat "$tmp/rc")" -le 1 ]

for cmd in check explain; do
	if [ $cmd = check ]; then run check "$tmp/conditions.json" -- "$true"
	else run explain "$tmp/conditions.json"; fi
	check "$cmd, 5000 conditions: exit 2" status 2
	check "$cmd, 5000 conditions: the rule past 4096, and why" \
		err_has "conditions.json:[0-9]+:[0-9]+: error: more than 4096 argument conditions"
done
for f in repeats default; do
	run check "$tmp/$f.json" -- "$true"
	check "check, 5000 conditions that cost nothing ($f): exit 0" status 0
done
finish
