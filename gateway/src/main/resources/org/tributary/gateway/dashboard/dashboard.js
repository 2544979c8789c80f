// The Tributary dashboard: polls the status document beside this script and redraws. No framework, nothing
// fetched from elsewhere; every value from the server goes into the page as text (textContent), never as markup.
'use strict';

(function () {
  const POLL_MS = 2000;
  const KEEP = 150; // samples in the chart: five minutes at one per two seconds
  const statusUrl = document.body.dataset.status;
  const samples = []; // {t, in, out, tpc} in bytes per second
  let last = null;

  function bytes(n) {
    if (n < 0) return '?';
    const units = ['B', 'KiB', 'MiB', 'GiB', 'TiB', 'PiB'];
    let i = 0;
    while (n >= 1024 && i < units.length - 1) { n /= 1024; i++; }
    return (i === 0 ? n : n.toFixed(1)) + ' ' + units[i];
  }

  function cell(row, text, cls) {
    const td = document.createElement('td');
    td.textContent = text;
    if (cls) td.className = cls;
    row.appendChild(td);
    return td;
  }

  function fill(tableId, items, columns, draw) {
    const body = document.querySelector('#' + tableId + ' tbody');
    body.replaceChildren();
    if (items.length === 0) {
      const row = body.insertRow();
      const td = cell(row, 'none', 'empty');
      td.colSpan = columns;
      return;
    }
    for (const item of items) draw(body.insertRow(), item);
  }

  // a <progress> or <meter> with the percentage, and the amounts after it when asked
  function gauge(row, kind, value, max, amounts) {
    const td = cell(row, '');
    if (value < 0 || max <= 0) return;
    const g = document.createElement(kind);
    g.max = max;
    g.value = value;
    td.appendChild(g);
    let text = ' ' + Math.floor(100 * value / max) + ' %';
    if (amounts) text += ' (' + bytes(value) + ' of ' + bytes(max) + ')';
    td.appendChild(document.createTextNode(text));
  }

  function drawChart() {
    const canvas = document.getElementById('throughput');
    const c = canvas.getContext('2d');
    const w = canvas.width, h = canvas.height;
    c.clearRect(0, 0, w, h);
    let top = 1;
    for (const s of samples) top = Math.max(top, s.in, s.out, s.tpc);
    c.fillStyle = '#666';
    c.font = '11px sans-serif';
    c.fillText(bytes(top) + '/s', 4, 12);
    const series = [['in', '#1f77b4'], ['out', '#d62728'], ['tpc', '#2ca02c']];
    for (const [key, colour] of series) {
      c.strokeStyle = colour;
      c.beginPath();
      samples.forEach((s, i) => {
        const x = w - (samples.length - 1 - i) * (w / (KEEP - 1));
        const y = h - 2 - (h - 16) * s[key] / top;
        if (i === 0) c.moveTo(x, y); else c.lineTo(x, y);
      });
      c.stroke();
    }
  }

  function show(doc) {
    if (last !== null && doc.time > last.time) {
      const dt = (doc.time - last.time) / 1000;
      samples.push({
        in: Math.max(0, doc.bytesIn - last.bytesIn) / dt,
        out: Math.max(0, doc.bytesOut - last.bytesOut) / dt,
        tpc: Math.max(0, doc.tpcBytes - last.tpcBytes) / dt,
      });
      if (samples.length > KEEP) samples.shift();
      const s = samples[samples.length - 1];
      document.getElementById('rates').textContent =
        'now: in ' + bytes(s.in) + '/s, out ' + bytes(s.out) + '/s, copies ' + bytes(s.tpc) + '/s';
    }
    last = doc;
    drawChart();
    fill('transfers', doc.transfers, 6, (row, t) => {
      cell(row, t.kind);
      cell(row, t.area);
      cell(row, t.path, 'file');
      cell(row, t.remote, 'file');
      if (t.size > 0 && t.bytes >= 0) gauge(row, 'progress', t.bytes, t.size, true);
      else cell(row, t.bytes >= 0 ? bytes(t.bytes) : 'in place', 'num');
      cell(row, t.seconds + ' s', 'num');
    });
    fill('areas', doc.areas, 4, (row, a) => {
      cell(row, a.name);
      cell(row, bytes(a.used), 'num');
      cell(row, bytes(a.total), 'num');
      gauge(row, 'meter', a.used, a.total);
    });
    fill('tape', doc.tape, 6, (row, t) => {
      cell(row, t.area);
      cell(row, t.drivesBusy + ' of ' + t.drives, 'num');
      cell(row, String(t.drivesInService), 'num');
      cell(row, String(t.recallsQueued), 'num');
      cell(row, String(t.recallsRunning), 'num');
      cell(row, String(t.migrationsRunning), 'num');
    });
    fill('errors', doc.errors, 5, (row, e) => {
      cell(row, e.time.replace('T', ' ').replace(/\.\d+Z$/, 'Z'));
      cell(row, String(e.status), 'num');
      cell(row, e.method + ' ' + e.path, 'file');
      cell(row, e.identity);
      cell(row, e.note, 'reason');
    });
    const state = document.getElementById('state');
    state.className = '';
    state.textContent = 'updated ' + new Date(doc.time).toLocaleTimeString();
  }

  async function poll() {
    try {
      const r = await fetch(statusUrl, { cache: 'no-store', credentials: 'same-origin' });
      if (!r.ok) throw new Error(r.status + ' ' + (await r.text()));
      show(await r.json());
    } catch (e) {
      const state = document.getElementById('state');
      state.className = 'stale';
      state.textContent = 'not updated: ' + e.message;
    }
    setTimeout(poll, POLL_MS);
  }

  poll();
})();
