#!/usr/bin/env bash
# SPDX-License-Identifier: LGPL-2.1-or-later
# End-to-end checks of `scaudit convert` and of the formats people write
# by hand (Go, C, systemd): conversions, round trips that keep the names,
# what is left out and said, -o, standard input, refusals. TAP-style
# lines, then "N passed, M failed".
# usage: test-convert.sh SCAUDIT PROFILES_DIR
set -u
scaudit=$1
profiles=$2
. "$(dirname "$0")/lib.sh"

# names FILE: the sorted allowed names scaudit reads from FILE.
names() {
	"$scaudit" show --json - "$1" | python3 -c "
import json, sys
d = json.load(sys.stdin)
print('\n'.join(sorted({n['name'] for r in d['rules'] if r['action'] == 'allow' for n in r['names']})))"
}
same_names() { [ "$(names "$1")" = "$(names "$2")" ]; }

list=$profiles/seed-go.list
run convert "$list" --to go -o "$tmp/seed.go"
check "list → go: exit 0" status 0
check "list → go: a Go file" grep -q '^package main$' "$tmp/seed.go"
check "list → go: build tag" grep -q '^//go:build linux$' "$tmp/seed.go"
run convert "$tmp/seed.go" --to list -o "$tmp/back.list"
check "go → list: exit 0" status 0
check "list → go → list keeps the names" same_names "$list" "$tmp/back.list"

if command -v go >/dev/null 2>&1; then
	mkdir -p "$tmp/gomod"
	run convert "$list" --to go --package main -o "$tmp/gomod/syscalls.go"
	printf 'package main\n\nfunc main() { _ = syscalls }\n' >"$tmp/gomod/main.go"
	check "the Go file builds with a main" sh -c "cd '$tmp/gomod' &&
		export HOME='$tmp' GOCACHE='$tmp/gocache' GOFLAGS=-mod=mod &&
		go mod init x >/dev/null 2>&1 && go vet . && go build -o /dev/null ."
else
	echo "# skip: go build (no go)"
fi

oci=$profiles/small.json
run convert "$oci" --to systemd -o "$tmp/small.conf"
check "oci → systemd: exit 0" status 0
check "oci → systemd: [Service]" grep -q '^\[Service\]$' "$tmp/small.conf"
check "oci → systemd: the EPERM default" grep -q '^SystemCallErrorNumber=EPERM$' "$tmp/small.conf"
check "oci → systemd: @default said" err_has 'systemd allows [0-9]+ names more in every allow list \(@default\)'
run convert "$tmp/small.conf" --to oci -o "$tmp/small-back.json"
check "systemd → oci: exit 0" status 0
# The way back holds every name, and more only of systemd's @default.
superset() { [ -z "$(comm -23 <(names "$1") <(names "$2"))" ]; }
check "oci → systemd → oci keeps the names (@default's too)" superset "$oci" "$tmp/small-back.json"
# An OCI profile already holding @default goes round exactly.
"$scaudit" convert "$profiles/app.service" --to oci -o "$tmp/app.json" 2>/dev/null
"$scaudit" convert "$tmp/app.json" --to systemd -o "$tmp/app.conf" 2>/dev/null
"$scaudit" convert "$tmp/app.conf" --to oci -o "$tmp/app-back.json" 2>/dev/null
check "oci → systemd → oci keeps the names" same_names "$tmp/app.json" "$tmp/app-back.json"

run convert "$profiles/date.strace" --to c -o "$tmp/date.c"
check "strace → c: exit 0" status 0
check "strace → c: a NULL-ended array" grep -q 'NULL,' "$tmp/date.c"
run convert "$tmp/date.c" --to list -o "$tmp/date.list"
check "strace → c → list keeps the names" same_names "$profiles/date.strace" "$tmp/date.list"

# Never wider.
run convert "$profiles/rules.c" --to go
check "conditions: exit 0" status 0
check "conditions: said" err_has 'left out: 1 name allowed only under conditions: write'
check "conditions: not written" sh -c "! grep -q '\"write\"' '$tmp/out'"
check "other actions: said" err_has 'left out: 1 name with an action of their own.*clone3'
run convert "$profiles/docker-style.json" --to systemd
check "docker conditions: said" err_has 'left out: [0-9]+ names allowed only under conditions'

# Standard input.
printf 'read\nwrite\n' | "$scaudit" convert - --to go >"$tmp/out" 2>"$tmp/err"
check "stdin: read" grep -q '"write",' "$tmp/out"
printf 'SystemCallFilter=read opnat\n' | "$scaudit" show - >"$tmp/out" 2>"$tmp/err"
check "stdin: errors name <stdin>" err_has '^<stdin>:1:23: error: unknown syscall'

# Refusals.
run convert "$list" --to strace
check "--to strace: exit 2" status 2
check "--to strace: why" err_has 'records calls'
run convert "$list" --to yaml
check "--to yaml: exit 2" status 2
run convert "$list"
check "no --to: exit 2" status 2
run convert "$profiles/app-dropin.conf" --to list
check "deny list → list: exit 2" status 2
check "deny list → list: why" err_has 'a deny list'
cp "$list" "$tmp/in.list"
run convert "$tmp/in.list" --to go -o "$tmp/in.list"
check "-o the input: exit 2" status 2
check "-o the input: untouched" cmp -s "$list" "$tmp/in.list"
run convert "$profiles/seccomp.go" --to c --package x
check "--package without go: exit 2" status 2
run show "$list" --format yaml
check "unknown --format lists the new formats" err_has 'use list, oci, strace, go, c or systemd'

finish
