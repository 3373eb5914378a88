// report_assets.cpp - the stylesheet and script of the HTML report, inlined
// so that the page is one file that needs no network.
#include "harness/report/html_report.h"

namespace enginesim::report {

const char* const kReportCss = R"css(
body { font: 13px/1.35 system-ui, sans-serif; margin: 0; color: #1b1f24; background: #fff; }
header, section { padding: 8px 16px; }
h1 { font-size: 18px; margin: 4px 0 8px; }
dl.facts { display: grid; grid-template-columns: max-content 1fr; gap: 2px 12px; margin: 0; }
dl.facts dt { color: #57606a; } dl.facts dd { margin: 0; font-family: ui-monospace, monospace; word-break: break-all; }
#replay { display: block; background: #f6f8fa; border: 1px solid #d0d7de; padding: 6px 8px; margin-top: 6px;
  font-family: ui-monospace, monospace; white-space: pre-wrap; word-break: break-all; }
#failure .box { border: 2px solid #cf222e; background: #ffebe9; padding: 8px; border-radius: 4px; }
#failure .ok { border: 2px solid #1a7f37; background: #dafbe1; padding: 8px; border-radius: 4px; }
#failure pre { margin: 4px 0 0; white-space: pre-wrap; word-break: break-all; max-height: 12em; overflow: auto; }
#failure a { color: #cf222e; font-weight: 600; }
#legend span.chip { display: inline-block; margin: 2px 8px 2px 0; padding: 1px 6px; border-radius: 3px; }
#controls input[type=search] { width: 24em; }
#controls label { margin-left: 12px; }
#controls .note { color: #57606a; margin-left: 12px; }
#timeline { padding: 0 16px 40px; }
.row { display: grid; grid-template-columns: 4.5em 9em repeat(var(--lanes), minmax(14em, 1fr));
  border-bottom: 1px solid #eef0f2; align-items: start; }
.row > * { grid-row: 1; padding: 1px 4px; overflow-wrap: anywhere; font-family: ui-monospace, monospace; font-size: 12px; }
.row.lanes { position: sticky; top: 0; background: #f6f8fa; z-index: 3; border-bottom: 2px solid #d0d7de; }
.row.lanes > div { font-family: system-ui, sans-serif; font-weight: 600; }
.lane-head.core { color: #6639ba; } .lane-head.connection { color: #0550ae; } .lane-head.engine { color: #953800; }
.stepno, .vtime { color: #8c959f; } .vtime.same { color: #d0d7de; }
.cell { position: relative; z-index: 2; }
.k-step .cell { color: #57606a; } .k-minor .cell { color: #8c959f; }
.k-wait .cell { color: #9a6700; font-style: italic; }
.k-op .cell { color: #0550ae; font-weight: 600; }
.k-call .cell { color: #1b1f24; } .k-sapi .cell { color: #6e7781; }
.k-notify .cell { color: #1a7f37; font-weight: 600; }
.k-time_jump .cell { color: #8250df; text-align: center; background: #fbefff; }
.k-violation .cell, .k-failure .cell { color: #cf222e; font-weight: 700; white-space: pre-wrap; }
.k-failure .cell { max-height: 16em; overflow: auto; }
.res { color: #57606a; } .blocked .res { color: #bc4c00; font-weight: 700; }
.row.hl { background: #ffebe9; } .row.hl .cell { outline: 2px solid #cf222e; }
.row.k-failure { background: #ffcecb; }
.arrow { position: relative; z-index: 1; height: 0; align-self: end; margin-bottom: 4px; border-top: 2px solid #1a7f37; padding: 0; }
.k-notify .cell { padding-bottom: 10px; }
.arrow.right::after, .arrow.left::after { content: ""; position: absolute; top: -6px; border: 5px solid transparent; }
.arrow.right::after { right: 0; border-left: 8px solid #1a7f37; }
.arrow.left::after { left: 0; border-right: 8px solid #1a7f37; }
.gap { padding: 3px 8px; margin: 2px 0; background: #f6f8fa; color: #0969da; cursor: pointer; border: 1px dashed #d0d7de; }
.gap:hover { background: #ddf4ff; }
.hidden-minor .k-minor { display: none; }
.wno { display: inline-block; background: #cf222e; color: #fff; border-radius: 3px; padding: 0 4px; margin-right: 4px; font-weight: 700; }
.expect { display: block; color: #116329; background: #dafbe1; border-left: 3px solid #1a7f37; padding: 1px 4px; margin-top: 2px; font-weight: 400; }
#failure table.witness { border-collapse: collapse; margin: 6px 0; font-family: ui-monospace, monospace; font-size: 12px; }
#failure table.witness th { text-align: left; font-family: system-ui, sans-serif; color: #57606a; }
#failure table.witness td, #failure table.witness th { border: 1px solid #d0d7de; padding: 2px 6px; vertical-align: top; background: #fff; }
#failure table.witness td.expect { display: table-cell; margin: 0; }
#failure table.witness tr.go { cursor: pointer; } #failure table.witness tr.go:hover td { background: #ddf4ff; }
.hidden-step .k-step, .hidden-step .k-wait { display: none; }
)css";

const char* const kReportJs = R"js(
'use strict';
const D = JSON.parse(document.getElementById('data').textContent);
const KIND = 0, STEP = 1, TIME = 2, LANE = 3, TARGET = 4, CONN = 5, TEXT = 6, RESULT = 7,
      BLOCKED = 8, HL = 9, WITNESS = 10, EXPECT = 11;
const WINDOW = 40;        // calls, operations... shown on each side of the failure
                          // (with the lock steps between them)
const EXPAND = 400;       // rows a click on a collapsed block reveals
const MATCHES_MAX = 3000; // rows a search shows at most
const rows = D.rows, lanes = D.lanes;
const shown = new Uint8Array(rows.length);

function el(tag, cls, text) {
  const e = document.createElement(tag);
  if (cls) e.className = cls;
  if (text !== undefined) e.textContent = text;  // never innerHTML: engine text is data
  return e;
}
function seconds(ns) {
  const s = Math.floor(ns / 1e9), frac = String(ns % 1e9).padStart(9, '0');
  return 't=' + s + '.' + frac.replace(/0{1,6}$/, '') + 's';
}

function goToFailure() {
  const m = document.querySelector('.row.hl');
  if (m) m.scrollIntoView({block: 'center'});
}

// Scrolls to row i, drawing it first when it is folded away or filtered out.
function goToRow(i) {
  const find = () => document.querySelector('.row[data-index="' + i + '"]');
  if (!find()) {
    shown[i] = 1;
    const input = document.getElementById('search');
    if (input) input.value = '';
    query = '';
    render();
  }
  const r = find();
  if (r) r.scrollIntoView({block: 'center'});
}

// A linearizability failure: the operations of the minimal failing
// sub-history, each with what the checker says memcached allows there.
function witnessTable() {
  const t = el('table', 'witness');
  t.id = 'witness';
  const head = el('tr');
  for (const h of ['#', 'connection', 'operation', 'got', 'the model (memcached) says']) head.appendChild(el('th', '', h));
  t.appendChild(head);
  D.witness.forEach((w, k) => {
    const tr = el('tr', w.row >= 0 ? 'go' : '');
    tr.appendChild(el('td', '', '#' + (k + 1)));
    tr.appendChild(el('td', '', w.conn === 0 ? 'clock, advance ' + w.index : 'conn ' + w.conn + ', op ' + w.index));
    tr.appendChild(el('td', '', w.op));
    tr.appendChild(el('td', '', w.got));
    tr.appendChild(el('td', 'expect', w.expected + (w.row < 0 ? ' (not among the recorded events)' : '')));
    if (w.row >= 0) { tr.title = 'show it in the timeline'; tr.onclick = () => goToRow(w.row); }
    t.appendChild(tr);
  });
  return t;
}

function drawHeader() {
  const h = document.getElementById('head');
  h.appendChild(el('h1', '', D.title));
  const dl = el('dl', 'facts');
  for (const [k, v] of D.facts) { dl.appendChild(el('dt', '', k)); dl.appendChild(el('dd', '', v)); }
  h.appendChild(dl);
  h.appendChild(el('div', '', 'replay command:'));
  const code = el('code', '', D.replay);
  code.id = 'replay';
  h.appendChild(code);
  const f = document.getElementById('failure');
  if (D.verdict === 'ok') { f.appendChild(el('div', 'ok', 'verdict: ok (no failure)')); return; }
  const box = el('div', 'box');
  box.appendChild(el('strong', '', 'verdict: ' + D.verdict));
  if (D.witness.length > 0) {
    box.appendChild(el('div', '', 'The run\'s history is not linearizable: no order of these ' + D.witness.length +
        ' operations gives the answers they got from memcached\'s model. They are highlighted in the timeline ' +
        '(#1.. as below), each with what the model allows there; click one to go to it.'));
    box.appendChild(witnessTable());
    box.appendChild(el('div', '', 'The checker\'s report:'));
  }
  box.appendChild(el('pre', '', D.report));
  if (D.witness.length === 0) {
    const note = el('div', '', 'Found by the core\'s own checks or the contract monitor while the run went on. ' +
        'The run\'s history is compared with memcached\'s model (linearizability) after a run that passes them ' +
        '(not under --faults or a crash); a history that fails it gets its operations highlighted here.');
    note.style.color = '#57606a';
    box.appendChild(note);
  }
  if (D.focus >= 0) {
    const a = el('a', '', 'go to the failure in the timeline');
    a.href = '#';
    a.onclick = (ev) => { ev.preventDefault(); goToFailure(); };
    box.appendChild(a);
  }
  f.appendChild(box);
}

function drawLegend() {
  const g = document.getElementById('legend');
  g.appendChild(el('strong', '', 'legend: '));
  const items = [['k-op', 'connection operation and its result'], ['k-call', 'core \u2192 engine call \u2192 result'],
    ['blocked', 'ENGINE_EWOULDBLOCK'], ['k-notify', 'notify_io_complete (arrow: to the connection\'s worker)'],
    ['k-sapi', 'engine \u2192 core call'], ['k-step', 'lock (acquired) / unlock / cond wait / wake / thread step'],
    ['k-wait', 'waits for a lock another thread holds'],
    ['k-time_jump', 'virtual time jump'], ['k-violation', 'contract violation / failure'],
    ['witness', 'operation of a non-linearizable history\'s minimal failing part, with what memcached allows']];
  for (const [cls, text] of items) {
    const c = el('span', 'chip row ' + cls);
    c.style.display = 'inline-block';
    if (cls === 'witness') c.appendChild(el('span', 'wno', '#1'));
    const inner = el('span', cls === 'blocked' ? 'res' : cls === 'witness' ? 'expect' : 'cell', text);
    if (cls === 'witness') inner.style.display = 'inline';
    c.appendChild(inner);
    if (cls === 'blocked') c.classList.add('blocked');
    g.appendChild(c);
  }
  if (D.truncated) g.appendChild(el('div', 'note', 'The run had more events than were recorded: raise --events-max.'));
}

let query = '';
function drawControls() {
  const c = document.getElementById('controls');
  const input = el('input');
  input.type = 'search';
  input.id = 'search';
  input.placeholder = 'filter by key, "conn 2", function, lane...';
  input.oninput = () => { query = input.value.trim().toLowerCase(); render(); };
  c.appendChild(input);
  const toggle = (id, cls, checked, text) => {
    const label = el('label');
    const box = el('input');
    box.type = 'checkbox';
    box.id = id;
    box.checked = checked;
    box.onchange = () => document.getElementById('timeline').classList.toggle(cls, !box.checked);
    label.appendChild(box);
    label.appendChild(document.createTextNode(text));
    c.appendChild(label);
  };
  toggle('lock-steps', 'hidden-step', true, ' lock, wait and thread steps');
  toggle('every-step', 'hidden-minor', false, ' every step (yields, clock reads, choices)');
  c.appendChild(el('span', 'note', rows.length + ' rows, ' + lanes.length + ' lanes'));
  c.appendChild(el('span', 'note', ''));
  c.lastChild.id = 'filter-note';
}

function laneHeader() {
  const r = el('div', 'row lanes');
  r.appendChild(el('div', '', 'step'));
  r.appendChild(el('div', '', 'virtual time'));
  lanes.forEach((l, i) => {
    const h = el('div', 'lane-head ' + l.kind, l.name + ' (' + l.kind + ')');
    h.style.gridColumn = String(i + 3);
    r.appendChild(h);
  });
  return r;
}

let lastTime = -1;
function rowElement(i) {
  const d = rows[i];
  const r = el('div', 'row k-' + d[KIND]);
  r.dataset.index = i;
  if (d[HL]) r.classList.add('hl');
  if (d[WITNESS] > 0) { r.classList.add('witness'); r.dataset.witness = d[WITNESS]; }
  if (d[BLOCKED]) r.classList.add('blocked');
  if (d[KIND] === 'failure') r.id = 'failure-marker';
  r.appendChild(el('div', 'stepno', String(d[STEP])));
  r.appendChild(el('div', 'vtime' + (d[TIME] === lastTime ? ' same' : ''), seconds(d[TIME])));
  lastTime = d[TIME];
  const cell = el('div', 'cell');
  if (d[WITNESS] > 0) cell.appendChild(el('span', 'wno', '#' + d[WITNESS]));
  cell.appendChild(document.createTextNode(d[TEXT]));
  if (d[RESULT] !== '') cell.appendChild(el('span', 'res', ' \u2192 ' + d[RESULT]));
  if (d[WITNESS] > 0 && d[EXPECT] !== '') cell.appendChild(el('span', 'expect', 'model: ' + d[EXPECT]));
  if (d[LANE] < 0) cell.style.gridColumn = '3 / -1';
  else cell.style.gridColumn = String(d[LANE] + 3);
  r.appendChild(cell);
  if (d[KIND] === 'notify' && d[TARGET] >= 0 && d[TARGET] !== d[LANE]) {
    const a = el('div', 'arrow ' + (d[TARGET] > d[LANE] ? 'right' : 'left'));
    const lo = Math.min(d[LANE], d[TARGET]), hi = Math.max(d[LANE], d[TARGET]);
    a.style.gridColumn = (lo + 3) + ' / ' + (hi + 4);
    a.title = 'notify_io_complete to ' + lanes[d[TARGET]].name;
    r.appendChild(a);
  }
  return r;
}

function matches(d) {
  const lane = d[LANE] >= 0 ? lanes[d[LANE]].name : '';
  const hay = (d[TEXT] + ' ' + d[RESULT] + ' ' + d[EXPECT] + ' ' + lane + (d[CONN] ? ' conn ' + d[CONN] : '')).toLowerCase();
  return hay.includes(query);
}

function gapElement(from, to) {
  const g = el('div', 'gap', '\u25b8 ' + (to - from) + ' rows hidden (steps ' + rows[from][STEP] + '\u2013' +
      rows[to - 1][STEP] + '): click to show ' + Math.min(EXPAND, to - from));
  g.onclick = () => {
    // Reveal the rows nearest the part already shown.
    const nearEnd = to < rows.length && shown[to];
    const a = nearEnd ? Math.max(from, to - EXPAND) : from, b = nearEnd ? to : Math.min(to, from + EXPAND);
    for (let i = a; i < b; i++) shown[i] = 1;
    render();
  };
  return g;
}

function render() {
  const t = document.getElementById('timeline');
  t.textContent = '';
  t.style.setProperty('--lanes', lanes.length);
  t.appendChild(laneHeader());
  lastTime = -1;
  const note = document.getElementById('filter-note');
  if (query !== '') {
    let n = 0;
    for (let i = 0; i < rows.length && n < MATCHES_MAX; i++) {
      if (matches(rows[i])) { t.appendChild(rowElement(i)); n++; }
    }
    note.textContent = n + ' matching rows' + (n === MATCHES_MAX ? ' (first ' + MATCHES_MAX + ')' : '');
    return;
  }
  note.textContent = '';
  let gapFrom = -1;
  for (let i = 0; i < rows.length; i++) {
    if (!shown[i]) { if (gapFrom < 0) gapFrom = i; continue; }
    if (gapFrom >= 0) { t.appendChild(gapElement(gapFrom, i)); gapFrom = -1; }
    t.appendChild(rowElement(i));
  }
  if (gapFrom >= 0) t.appendChild(gapElement(gapFrom, rows.length));
}

// The window around the failure counts rows other than steps, so that lock
// traffic does not crowd the calls out.
function windowEdge(from, dir) {
  let i = from, major = 0;
  while (i + dir >= 0 && i + dir < rows.length && major < WINDOW) {
    i += dir;
    if (rows[i][KIND] !== 'step' && rows[i][KIND] !== 'minor') major++;
  }
  return i;
}
const centre = D.focus >= 0 ? D.focus : rows.length - 1;
for (let i = windowEdge(centre, -1); i <= windowEdge(centre, 1); i++) shown[i] = 1;
// Beyond the window: the verdict, and the first highlighted rows (a broken
// engine can break a rule thousands of times; the search finds the rest).
const HIGHLIGHTS_MAX = 50;
for (let i = 0, n = 0; i < rows.length; i++) {
  if (rows[i][KIND] === 'failure') shown[i] = 1;
  else if (rows[i][HL] && n < HIGHLIGHTS_MAX) { shown[i] = 1; n++; }
}
drawHeader();
drawLegend();
drawControls();
document.getElementById('timeline').classList.add('hidden-minor');
render();
// Links into the page: #failure scrolls to it, #compact hides lock steps
// (combine: #failure,compact).
const wants = location.hash.slice(1).split(',');
if (wants.includes('compact')) document.getElementById('lock-steps').click();
if (wants.includes('failure')) goToFailure();
document.body.dataset.rendered = 'yes';
)js";

}  // namespace enginesim::report
