#!/usr/bin/env bash
# SPDX-License-Identifier: LGPL-2.1-or-later
# Run a test script as an unprivileged user: under root, drop to nobody with
# setpriv (no capabilities left); otherwise run it as we are. Most users are
# not root, and the harness must work for them (no_new_privs suffices).
set -u
if [ "$(id -u)" -ne 0 ]; then
	exec "$@"
fi
exec setpriv --reuid=65534 --regid=65534 --clear-groups --inh-caps=-all \
	env SCAUDIT_UNPRIVILEGED=1 "$@"
