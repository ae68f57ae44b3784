/* SPDX-License-Identifier: LGPL-2.1-or-later */
#include "html-page.h"

#include <string.h>

static const char css[] =
	"body{font:14px/1.45 system-ui,sans-serif;margin:1.5em;color:#1b1b1b;"
	"background:#fff}\n"
	"h1{margin:0 0 .3em}h2{margin-top:1.6em;border-bottom:1px solid #ccc}"
	"\n"
	".verdict{padding:.8em 1.2em;border-radius:6px;margin-bottom:1em}\n"
	".verdict.holds{background:#e3f4e3;border:2px solid #2e7d32}\n"
	".verdict.findings{background:#fde7e7;border:2px solid #c62828}\n"
	"table{border-collapse:collapse;margin:.5em 0}\n"
	"th,td{border:1px solid #c8c8c8;padding:2px 6px;text-align:left;"
	"vertical-align:top}\n"
	"caption{text-align:left;font-weight:bold;padding:.3em 0}\n"
	"code,.mono{font-family:ui-monospace,monospace}\n"
	".num{text-align:right}.bad{color:#b71c1c;font-weight:bold}"
	".good{color:#1b5e20}\n"
	".scroll{overflow-x:auto;max-width:100%}\n"
	"table.matrix td{text-align:center;min-width:1.3em;font-weight:bold;"
	"padding:1px 3px}\n"
	"table.matrix th[scope=col] span{display:inline-block;"
	"writing-mode:vertical-rl;transform:rotate(180deg);white-space:nowrap;"
	"font:12px ui-monospace,monospace}\n"
	"table.matrix th[scope=row]{position:sticky;left:0;background:#fff;"
	"white-space:nowrap}\n"
	"table.matrix th.failed{border-left:4px solid #c62828}\n"
	"table.matrix th.missing span{color:#b71c1c;font-weight:bold}\n"
	"table.matrix th.unnecessary span{color:#8d5a00;"
	"text-decoration:line-through}\n"
	".m-none{background:#fff}.m-allowed{background:#efefef;color:#777}\n"
	".m-used{background:#c9efc9;color:#0b5a0b}\n"
	".m-intermittent{background:#d5e5ff;color:#0b3d91}\n"
	".m-expected{background:#e6dcf7;color:#4b2a84}\n"
	".m-tolerated{background:#fff1b8;color:#6d5100}\n"
	".m-undecided{background:#ffdcb8;color:#843f00}\n"
	".m-unexpected{background:#ffc2e6;color:#7a0050}\n"
	".m-missing{background:#ffc4c4;color:#9b0000}\n"
	".m-escaped{background:#b0001a;color:#fff}\n"
	"ul.legend{display:grid;grid-template-columns:repeat(auto-fill,"
	"minmax(26em,1fr));gap:.2em 1.2em;list-style:none;padding:0;"
	"font-size:13px}\n"
	".key{display:inline-block;min-width:1.6em;text-align:center;"
	"font-weight:bold;border:1px solid #c8c8c8;margin-right:.3em}\n"
	".key.unnecessary{color:#8d5a00;text-decoration:line-through;"
	"font-family:ui-monospace,monospace}\n"
	"dl{display:grid;grid-template-columns:max-content auto;gap:0 1em}"
	"dt{font-weight:bold}dd{margin:0}\n"
	"details{margin:.4em 0;border:1px solid #ddd;border-radius:4px;"
	"padding:.3em .6em}summary{cursor:pointer}\n"
	"pre{background:#f6f6f6;padding:.5em;overflow-x:auto}\n"
	"@media print{details{break-inside:avoid}}\n";

void html_page_escape(FILE *f, const char *s)
{
	static const char special[] = "&<>\"'";
	static const char *const entity[] = { "&amp;", "&lt;", "&gt;", "&quot;",
					      "&#39;" };
	for (; s && *s; s++) {
		unsigned char c = (unsigned char)*s;
		const char *at = strchr(special, c);
		if (at)
			fputs(entity[at - special], f);
		else if ((c < 0x20 && c != '\n' && c != '\t') || c == 0x7f)
			fputs("\xef\xbf\xbd", f);
		else
			fputc(c, f);
	}
}

void html_page_head(FILE *f, const char *title)
{
	fprintf(f, "<!DOCTYPE html>\n<html lang=\"en\"><head>"
		   "<meta charset=\"utf-8\">\n<meta name=\"viewport\" "
		   "content=\"width=device-width, initial-scale=1\">\n"
		   "<title>scaudit: ");
	html_page_escape(f, title);
	fprintf(f, "</title>\n<style>\n%s</style>\n</head>\n<body>\n", css);
}

void html_page_end(FILE *f)
{
	fprintf(f, "</body></html>\n");
}
