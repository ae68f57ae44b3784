/* SPDX-License-Identifier: LGPL-2.1-or-later */
#include "color.h"

static const struct color plain = { "", "", "", "", "" };
static const struct color sgr = {
	.bad = "\033[31m",
	.warn = "\033[33m",
	.good = "\033[32m",
	.bold = "\033[1m",
	.off = "\033[0m",
};

const struct color *color_palette(bool on)
{
	return on ? &sgr : &plain;
}
