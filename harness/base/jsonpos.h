/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* jsonpos — where each value of a parsed JSON document starts.
 * jansson reports line:column for syntax errors only; scaudit needs the
 * position of every rule, name and argument so findings can point at the
 * line to edit. The text must be the one jansson parsed successfully
 * (with JSON_REJECT_DUPLICATES), so the scanner only meets valid JSON and
 * its values, in document order, pair one-to-one with a pre-order walk of
 * the tree (jansson keeps object keys in insertion order). */
#pragma once

#include <jansson.h>
#include <stddef.h>

struct jsonpos;

/* Index the values of root, parsed from text. Returns 0 and *ret (free
 * with jsonpos_free), -EINVAL when text and tree disagree, -ENOMEM. */
int jsonpos_build(const char *text, size_t len, json_t *root,
		  struct jsonpos **ret);

/* 1-based line and column of v. Returns 0, or -ENOENT for values not in
 * the index (true, false, null are shared by jansson and not indexed). */
int jsonpos_find(const struct jsonpos *jp, const json_t *v, unsigned *ret_line,
		 unsigned *ret_col);

void jsonpos_free(struct jsonpos *jp);
