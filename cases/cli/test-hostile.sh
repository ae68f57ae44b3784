#!/usr/bin/env bash
echo "test-hostile.sh: not written yet" >&2
exit 1
