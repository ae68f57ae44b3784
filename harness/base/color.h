/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* color — the SGR sequences of the terminal reports, in one place: a
 * palette of roles, every one "" when colour is off, so a printer writes
 * "%s…%s" the same either way. Whether to colour (--color, NO_COLOR, a
 * terminal) is the CLI's call; JSON, SARIF, JUnit and Markdown never take
 * a palette. */
#pragma once

#include <stdbool.h>

struct color {
	const char *bad; /* red: missing, errors, a failed gate */
	const char *warn; /* yellow: unnecessary, warnings, dangerous */
	const char *good; /* green: holds, passed */
	const char *bold; /* headings */
	const char *off; /* back to plain, after any of them */
};

/* The palette with colour (on) or the one of empty strings: static, never
 * freed. */
const struct color *color_palette(bool on);
