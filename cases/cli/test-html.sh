#!/usr/bin/env bash
# SPDX-License-Identifier: LGPL-2.1-or-later
# `scaudit run --html` and `scaudit merge --html` on the project's own
# suites (cases/suite, cases/suite-findings): one self-contained page (no
# script, nothing fetched), its matrices checked against the --json
# report: per profile one row per case and one column per syscall used,
# allowed, missing or denied, each cell the mark of what the case did.
# Each cell's title names the executables that made the call, and per
# profile a table says who made each entry, as the report's usedBy. Then
# a real browser (headless chromium, when installed) opens it: the same
# checks on the DOM it built, and a screenshot (copied to
# $SCAUDIT_HTML_SHOT when set: docs/report-screenshot.png is one).
# Usage: test-html.sh SCAUDIT WORKLOADS_DIR SOURCE_ROOT
set -u
scaudit=$1
export SCAUDIT_WORKLOADS=$2
root=$3
. "$(dirname "$0")/lib.sh"
cd "$root" || exit 2

# check-page.py PAGE REPORT.json: the page's matrices, its legend and its
# verdict against the report.
cat >"$tmp/check-page.py" <<'EOF'
import json, sys
from html.parser import HTMLParser

page, report = sys.argv[1], json.load(open(sys.argv[2]))
glyph = {'m-none': '', 'm-allowed': '·', 'm-used': '✓',
         'm-intermittent': '?', 'm-expected': '⊘', 'm-tolerated': '~',
         'm-undecided': '¿', 'm-unexpected': '+', 'm-missing': '✗',
         'm-escaped': '!'}
rank = list(glyph)
of_class = {'missing': 'm-missing', 'tolerated': 'm-tolerated',
            'undecided': 'm-undecided', 'expected-denial': 'm-expected',
            'escaped': 'm-escaped', 'unexpected': 'm-unexpected'}

class Page(HTMLParser):
    def __init__(self):
        super().__init__()
        self.tables, self.table, self.cell = [], None, None
        self.text, self.legend, self.h1, self.bad = [], set(), None, []
        self.entries, self.entry = [], None
    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag in ('script', 'link', 'iframe', 'object', 'embed', 'img'):
            self.bad.append(tag)
        for k, v in attrs:
            if k in ('src', 'srcset') or k.startswith('on') or \
               (k == 'href' and not (v or '').startswith('#')):
                self.bad.append('%s=%s' % (k, v))
        if tag == 'table' and a.get('class') == 'matrix':
            self.table = {'profile': a['data-profile'], 'cols': [],
                          'rows': []}
        elif tag == 'table' and a.get('class') == 'entries':
            self.entry = []
        elif self.entry is not None and (tag == 'td' or
                                         a.get('scope') == 'row'):
            self.cell, self.text = 'entry', []
        elif self.table is not None and tag == 'th' and a.get('scope') == 'col' \
                and 'data-syscall' in a:
            self.table['cols'].append(a['data-syscall'])
        elif self.table is not None and tag == 'th' and a.get('scope') == 'row':
            self.cell, self.text = 'row', []
        elif self.table is not None and tag == 'td':
            self.cell, self.text = a.get('class', ''), []
            self.title = a.get('title', '')
        elif tag == 'span' and 'key' in (a.get('class') or ''):
            self.legend.add(a['class'].split()[1])
        elif tag == 'h1':
            self.cell, self.text = 'h1', []
    def handle_data(self, d):
        if self.cell:
            self.text.append(d)
    def handle_endtag(self, tag):
        t = ''.join(self.text).strip()
        if tag == 'table' and self.table is not None:
            self.tables.append(self.table)
            self.table = None
        elif tag == 'table' and self.entry is not None:
            self.entries.append(self.entry)
            self.entry = None
        elif self.cell == 'entry' and tag in ('th', 'td'):
            if tag == 'th':
                self.entry.append([])
            self.entry[-1].append(t)
            self.cell = None
        elif self.cell == 'h1' and tag == 'h1':
            self.h1 = (t, len(self.tables))
            self.cell = None
        elif self.cell == 'row' and tag == 'th':
            self.table['rows'].append((t, []))
            self.cell = None
        elif self.cell is not None and tag == 'td':
            self.table['rows'][-1][1].append((self.cell, t, self.title))
            self.cell = None

def exes_of(run, col):
    made = list(run.get('usedBy', {}).get(col, []))
    for d in run.get('denials', []):
        for e in d.get('exes', []) if d.get('name') == col else []:
            if (e['path'] or '') not in made:
                made.append(e['path'] or '')
    return made

p = Page()
p.feed(open(page, encoding='utf-8').read())
assert not p.bad, p.bad
assert p.h1 == ('scaudit: ' + ('findings' if report['verdict'] == 'findings'
                               else 'the profiles hold'), 0), p.h1
assert set(glyph) <= p.legend, set(glyph) - p.legend
profiles = report['profiles']
assert [t['profile'] for t in p.tables] == [x['path'] for x in profiles]
for t, prof in zip(p.tables, profiles):
    runs = [r for r in report['runs'] if r.get('profile') == prof['path']]
    cols = set(prof['used']) | {a['name'] for a in prof['allowed']} | \
        {m['name'] for m in prof['missing']} | \
        {d['name'] for r in runs for d in r.get('denials', [])
         if d['class'] in of_class and d.get('name')}
    assert t['cols'] == sorted(cols), (prof['path'], t['cols'], sorted(cols))
    assert [n for n, _ in t['rows']] == [r['case'] for r in runs], t['rows']
    allowed = {a['name'] for a in prof['allowed']}
    for (name, cells), r in zip(t['rows'], runs):
        assert len(cells) == len(cols), (name, len(cells), len(cols))
        for col, (cls, text, title) in zip(t['cols'], cells):
            assert glyph[cls] == text, (name, col, cls, text)
            want = 'm-allowed' if col in allowed else 'm-none'
            if col in r.get('used', []):
                want = 'm-used'
            if col in r.get('intermittent', []) + r.get('sometimes', []):
                want = 'm-intermittent'
            for d in r.get('denials', []):
                k = of_class.get(d['class'])
                if d.get('name') == col and k and rank.index(k) > rank.index(want):
                    want = k
            assert cls == want, (name, col, cls, want)
            made = exes_of(r, col) if cls not in ('m-none', 'm-allowed') \
                else []
            tail = '; made by ' + ', '.join(x or '?' for x in made)
            assert title.endswith(tail) if made else \
                '; made by' not in title, (name, col, title, made)
    # Who made each entry: a row per name of the profile's usedBy.
    by = prof.get('usedBy', {})
    rows = p.entries.pop(0) if by else []
    assert [x[0] for x in rows] == sorted(by), (prof['path'], rows)
    for x in rows:
        assert x[-1] == ', '.join(e or '?' for e in by[x[0]]), x
assert not p.entries, p.entries
print(len(p.tables), 'matrices,', sum(len(t['rows']) for t in p.tables),
      'rows')
EOF
page() { python3 "$tmp/check-page.py" "$@" >"$tmp/out" 2>"$tmp/err"; }

run run -j 2 --html "$tmp/r.html" --json "$tmp/r.json" cases/suite
check "run --html: exit 0" status 0
check "run --html: the page written, UTF-8 HTML" \
	grep -q '^<!DOCTYPE html>$' "$tmp/r.html"
check "run --html: matrices, marks and legend as the JSON report says" \
	page "$tmp/r.html" "$tmp/r.json"
check "run --html: a section per case, with outcome and reason" \
	test "$(grep -c '<details id="case-' "$tmp/r.html")" -eq \
	"$(python3 -c "import json; print(len(json.load(open('$tmp/r.json'))['runs']))")"
check "run --html: the profile line of an allowed entry" \
	grep -q '<code>getppid</code></th><td>used</td><td></td><td>allow</td><td></td><td>line [0-9]*:[0-9]*</td>' "$tmp/r.html"
# Per profile its exposure, as the JSON report's: strict.json's clone
# unused (its cases make no fork).
check "run --html: each profile's exposure paragraph" \
	eval 'grep -qF "<p class=\"exposure\"><strong>Exposure</strong> x86_64 32 allowed (1 with conditions), 2 dangerous, 1 unused; " "$tmp/r.html" &&
	grep -qF "<li>dangerous and unused (remove them, or add a run that needs them): clone</li>" "$tmp/r.html" &&
	[ "$(grep -c "<p class=\"exposure\">" "$tmp/r.html")" = 2 ]'

run run -j 2 --html "$tmp/f.html" --json "$tmp/f.json" cases/suite-findings
check "findings: exit 1" status 1
check "findings: the page says so" \
	grep -q '<h1>scaudit: findings</h1>' "$tmp/f.html"
check "findings: matrices as the JSON report says" \
	page "$tmp/f.html" "$tmp/f.json"
check "findings: a missing cell, an escaped one, and the fix" \
	eval 'grep -q "<td class=\"m-missing\" title=\"getsid: " "$tmp/f.html" &&
	grep -q "<td class=\"m-escaped\" title=\"getuid: " "$tmp/f.html" &&
	grep -q "<code>add the line &#39;getsid&#39; to fixtures/profiles/suite/app.list</code>" "$tmp/f.html"'

# merge --html: the shards' page is the one run's.
run run -j 2 --shard 1/2 --json "$tmp/s1.json" cases/suite
run run -j 2 --shard 2/2 --json "$tmp/s2.json" cases/suite
run merge --html "$tmp/m.html" --json "$tmp/m.json" "$tmp/s1.json" "$tmp/s2.json"
check "merge --html: exit 0" status 0
check "merge --html: matrices as the merged report says" \
	page "$tmp/m.html" "$tmp/m.json"
run merge --html - "$tmp/s1.json" "$tmp/s2.json"
check "merge --html -: the page on stdout, the summary on stderr" \
	eval 'head -1 "$tmp/out" | grep -q "^<!DOCTYPE html>$" && grep -q "passed" "$tmp/err"'

# Who made what: a shell driver running two programs. /proc names the
# executables themselves (sh may be dash, /bin may be /usr/bin).
mkdir -p "$tmp/who"
echo '{"defaultAction": "SCMP_ACT_ALLOW"}' >"$tmp/who/all.json"
cat >"$tmp/who/who.ini" <<EOF
[case driver]
profile = all.json
command = sh -c '$SCAUDIT_WORKLOADS/syscaller getsid >/dev/null; /bin/true'
EOF
run run --html "$tmp/w.html" --json "$tmp/w.json" "$tmp/who"
check "who made it: exit 0" status 0
check "who made it: titles and the entries table as the JSON report says" \
	page "$tmp/w.html" "$tmp/w.json"
sh_exe=$(readlink -f /bin/sh) true_exe=$(readlink -f /bin/true)
sc_exe=$(readlink -f "$SCAUDIT_WORKLOADS/syscaller")
check "who made it: getsid by the syscaller, wait4 by sh, exit_group by all three" \
	python3 - "$tmp/w.json" "$sh_exe" "$true_exe" "$sc_exe" <<'EOF'
import json, sys
doc, sh, true, sc = json.load(open(sys.argv[1])), *sys.argv[2:]
by = doc['runs'][0]['usedBy']
assert by['getsid'] == [sc], by['getsid']
assert by['wait4'] == [sh], by['wait4']
assert set(by['exit_group']) == {sh, sc, true}, by['exit_group']
assert doc['profiles'][0]['usedBy']['getsid'] == [sc]
EOF
check "who made it: the page names them" \
	eval 'grep -q "title=\"getsid: used: made and allowed; made by $sc_exe\"" "$tmp/w.html" &&
	grep -q "<td class=\"mono\">[^<]*$true_exe" "$tmp/w.html"'

chromium=$(command -v chromium || command -v chromium-browser || true)
browser() {
	timeout 120 "$chromium" --headless --no-sandbox --disable-gpu \
		--user-data-dir="$tmp/profile" "$@" 2>>"$tmp/chromium.log"
}
if [ -z "$chromium" ]; then
	for _ in dom who-dom screenshot; do
		n=$((n + 1))
		echo "ok $n # SKIP chromium not installed"
	done
else
	browser --dump-dom "file://$tmp/r.html" >"$tmp/dom.html"
	check "chromium: the DOM's matrices as the JSON report says" \
		page "$tmp/dom.html" "$tmp/r.json"
	browser --dump-dom "file://$tmp/w.html" >"$tmp/wdom.html"
	check "chromium: who made it, in the DOM" \
		page "$tmp/wdom.html" "$tmp/w.json"
	browser --screenshot="$tmp/shot.png" --window-size=1400,1000 \
		"file://$tmp/r.html" >/dev/null
	check "chromium: a screenshot, a PNG of 1400x1000 and more than 20 kB" \
		python3 -c "
import struct, sys
b = open('$tmp/shot.png', 'rb').read()
assert b[:8] == b'\x89PNG\r\n\x1a\n', b[:8]
w, h = struct.unpack('>II', b[16:24])
assert (w, h) == (1400, 1000) and len(b) > 20000, (w, h, len(b))"
	[ -n "${SCAUDIT_HTML_SHOT:-}" ] && cp "$tmp/shot.png" "$SCAUDIT_HTML_SHOT"
fi
finish
