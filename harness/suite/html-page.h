/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* html-page — what every HTML page of scaudit's shares: one
 * self-contained document (its stylesheet inline, no script, nothing
 * fetched), its head and end, and the escaping of every string put in
 * it. html-report (a suite's result) and html-trim (what trim did) write
 * their bodies between the two. */
#pragma once

#include <stdio.h>

/* The doctype, head (title, the stylesheet) and <body>. */
void html_page_head(FILE *f, const char *title);

/* </body></html>. */
void html_page_end(FILE *f);

/* s with &, <, >, " and ' as entities, and control bytes other than tab
 * and newline as U+FFFD, to f. */
void html_page_escape(FILE *f, const char *s);
