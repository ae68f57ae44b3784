#!/usr/bin/env bash
# SPDX-License-Identifier: LGPL-2.1-or-later
# check --html and trim --html: check's run as a one-case suite's page
# (the same matrix, entries and calls as run's), trim's page of what it
# did (exposure before and after, every name of every rule marked kept,
# removed or not judged), each checked against the command's own --json
# report, self-contained (no script, nothing fetched), then opened by a
# real browser (headless chromium, when installed) and checked again on
# the DOM it built.
# Usage: test-html-runs.sh SCAUDIT WORKLOADS_DIR SOURCE_ROOT
set -u
scaudit=$1
export SCAUDIT_WORKLOADS=$2
root=$3
. "$(dirname "$0")/lib.sh"
cd "$root" || exit 2

cat >"$tmp/page.py" <<'EOF2'
import json, sys
from html.parser import HTMLParser

class Page(HTMLParser):
    """Cells of matrix rows, names per rule (class, text), and anything
    that would fetch or run."""
    def __init__(self):
        super().__init__()
        self.bad, self.rows, self.cols, self.keys = [], [], [], []
        self.h1, self.cur, self.text, self.cell = '', None, None, None
        self.matrix = False
    def handle_starttag(self, tag, a):
        d = dict(a)
        if tag == 'table':
            self.matrix = d.get('class') == 'matrix'
        if tag in ('script', 'link', 'iframe', 'object', 'embed', 'img'):
            self.bad.append(tag)
        for k, v in a:
            if k in ('src', 'srcset') or k.startswith('on') or \
               (k == 'href' and not (v or '').startswith('#')):
                self.bad.append(k)
        if tag == 'th' and d.get('scope') == 'col' and 'data-syscall' in d:
            self.cols.append(d['data-syscall'])
        if tag == 'tr' and self.matrix:
            self.cur = []
        if tag == 'td' and self.cur is not None:
            self.cell = d.get('class', '')
        if tag == 'span' and 'key' in (d.get('class') or '') and \
                'title' in d:
            self.keys.append([d['class'], ''])
        if tag == 'h1':
            self.text = ''
    def handle_data(self, s):
        if self.keys and self.keys[-1][1] == '' and self.lasttag == 'span':
            self.keys[-1][1] = s
        if self.text is not None:
            self.text += s
    def handle_endtag(self, tag):
        if tag == 'table':
            self.matrix = False
        if tag == 'td' and self.cell is not None:
            self.cur.append(self.cell)
            self.cell = None
        if tag == 'tr' and self.cur:
            self.rows.append(self.cur)
            self.cur = None
        if tag == 'h1' and self.text is not None:
            self.h1, self.text = self.text, None

kind, page, report = sys.argv[1], sys.argv[2], json.load(open(sys.argv[3]))
p = Page()
p.feed(open(page, encoding='utf-8').read())
assert not p.bad, p.bad
if kind == 'check':
    # One row (the command), a column per name; the JSON's used names
    # used, its unnecessary ones allowed and unused.
    assert len(p.rows) == 1, p.rows
    cell = dict(zip(p.cols, p.rows[0]))
    assert report['used'] and all(cell[n] == 'm-used' for n in report['used']), cell
    assert report['unnecessary'] and all(cell[n] == 'm-allowed' for n in report['unnecessary'])
    assert 'the profiles hold' in p.h1 or 'findings' in p.h1
else:
    # Every name: removed as the JSON's unnecessary, used as its used.
    removed = {n for c, n in p.keys if 'unnecessary' in c}
    used = {n for c, n in p.keys if c == 'key m-used'}
    assert removed == set(report['unnecessary']), removed ^ set(report['unnecessary'])
    assert used == set(report['used']), used ^ set(report['used'])
    assert 'trimmed and verified' in p.h1, p.h1
print('ok')
EOF2

# check: a one-case page, against check's JSON.
run check fixtures/profiles/suite/app.list --html "$tmp/c.html" --json "$tmp/c.json" \
	-- "$SCAUDIT_WORKLOADS/syscaller" getppid
check "check --html: exit 0" status 0
check "check --html: the matrix and the verdict as the JSON says" \
	python3 "$tmp/page.py" check "$tmp/c.html" "$tmp/c.json"
check "check --html: the profile's exposure, its dangerous names" python3 -c "
import json, re
d = json.load(open('$tmp/c.json'))['exposure']['dangerous']
m = re.search(r'<p class=\"exposure\">(.*?)</p>', open('$tmp/c.html').read(), re.S)
assert d and m and 'x86_64' in m.group(1), m
assert all(n in open('$tmp/c.html').read() for n in d)"
run check fixtures/profiles/suite/app.list --html - --json - -- true
check "check: --html - and --json - together are refused" status 2

# trim: before and after, against trim's JSON.
cp fixtures/profiles/docker-default.json "$tmp/d.json"
run trim "$tmp/d.json" -o "$tmp/d-trim.json" --html "$tmp/t.html" \
	--json "$tmp/t.json" -- "$SCAUDIT_WORKLOADS/syscaller" getppid
check "trim --html: exit 0" status 0
check "trim --html: every removed and kept name as the JSON says" \
	python3 "$tmp/page.py" trim "$tmp/t.html" "$tmp/t.json"
check "trim --html: the dangerous entries removed" python3 -c "
import json, re
t = json.load(open('$tmp/t.json'))['exposure']
gone = set(t['before']['dangerous']) - set(t['after']['dangerous'])
page = open('$tmp/t.html').read()
m = re.search(r'Dangerous entries removed:(.*?)</p>', page)
assert gone and set(re.findall(r'<code>([^<]*)</code>', m.group(1))) == gone"
run trim "$tmp/d.json" --html - -- true
check "trim: --html - with the profile on stdout is refused" status 2

# A real browser builds the same pages.
if command -v chromium >/dev/null; then
	for k in c t; do
		chromium --headless --no-sandbox --disable-gpu --dump-dom \
			"file://$tmp/$k.html" >"$tmp/$k.dom.html" 2>/dev/null
	done
	check "chromium: check's page, on its DOM" \
		python3 "$tmp/page.py" check "$tmp/c.dom.html" "$tmp/c.json"
	check "chromium: trim's page, on its DOM" \
		python3 "$tmp/page.py" trim "$tmp/t.dom.html" "$tmp/t.json"
fi
finish
