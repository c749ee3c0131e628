// The report page's script: it draws everything from the JSON in
// #nmftopics-data, with plain SVG and DOM calls. Text from the data is
// always set as text (textContent), never parsed as markup.
'use strict';

window.addEventListener('error', function (e) {
  var box = document.getElementById('script-error');
  if (box) {
    box.hidden = false;
    box.textContent = 'This page met a script error, and may show less than it should: ' + (e.message || e);
  }
});

(function () {
  var SVG = 'http://www.w3.org/2000/svg';
  var BARS = 30;
  var MEASURES = ['umass', 'uci', 'npmi', 'cv'];
  var data = JSON.parse(document.getElementById('nmftopics-data').textContent);
  var state = { topic: -1, lambda: 0.6, query: '' };
  var ranked = []; // per topic, its top BARS term entries at state.lambda

  // ---- small helpers ----
  function $(id) { return document.getElementById(id); }
  function html(tag, attrs, text) {
    var e = document.createElement(tag);
    setAttrs(e, attrs);
    if (text !== undefined) e.textContent = text;
    return e;
  }
  function svg(tag, attrs, text) {
    var e = document.createElementNS(SVG, tag);
    setAttrs(e, attrs);
    if (text !== undefined) e.textContent = text;
    return e;
  }
  function setAttrs(e, attrs) {
    for (var k in attrs || {}) if (attrs[k] !== undefined && attrs[k] !== null) e.setAttribute(k, attrs[k]);
  }
  function clear(e) { while (e.firstChild) e.removeChild(e.firstChild); }
  function num(x, digits) {
    if (x === undefined || x === null || !isFinite(x)) return '–';
    return Number(x).toFixed(digits === undefined ? 3 : digits).replace('-', '−');
  }
  function count(n) { return Number(n).toLocaleString('en-US'); }
  function percent(x) { return (100 * x).toFixed(x < 0.1 ? 1 : 0) + '%'; }
  function topicName(t) { return 'Topic ' + t.id; }
  function measuresOf(m) { return MEASURES.filter(function (k) { return m && m[k] !== undefined; }); }

  // ---- relevance ----
  // relevance(λ) = λ log p(w|t) + (1−λ) log(p(w|t)/p(w)); ties keep the
  // lower term index first.
  function rank(topic, lambda) {
    var scored = topic.terms.map(function (e) {
      var pwt = e[1], pw = data.terms[e[0]].weight;
      return { entry: e, r: lambda * Math.log(pwt) + (1 - lambda) * Math.log(pwt / pw) };
    });
    scored.sort(function (a, b) { return b.r - a.r || a.entry[0] - b.entry[0]; });
    return scored.slice(0, BARS).map(function (s) { return s.entry; });
  }
  function rankAll() { ranked = data.topics.map(function (t) { return rank(t, state.lambda); }); }

  // ---- header ----
  function drawSummary() {
    var c = data.corpus, f = data.fit, dl = $('summary');
    var skipped = 0, kinds = [];
    for (var k in c.skipped || {}) { skipped += c.skipped[k]; if (c.skipped[k]) kinds.push(k + ' ' + c.skipped[k]); }
    var items = [
      ['documents', count(c.documents)],
      ['terms', count(c.terms)],
      ['skipped', c.skipped ? count(skipped) : 'not known', kinds.length ? kinds.join(', ') : 'none left out'],
      ['k', f.k],
      ['loss / solver', f.loss + ' / ' + f.solver],
      ['iterations', f.iterations ? count(f.iterations) : 'not known'],
      ['relative error', num(f.relative_error, 4)],
      ['explained variance', num(f.explained_variance, 4)],
      ['sparsity W / H', num(f.sparsity_w, 2) + ' / ' + num(f.sparsity_h, 2), "Hoyer's sparsity, 0 dense to 1 one entry"],
      ['diversity', num(f.diversity, 2), 'share of distinct words among the topics\' top 10']
    ];
    measuresOf(f.coherence).forEach(function (m) { items.push(['mean ' + m, num(f.coherence[m], 3)]); });
    items.forEach(function (it) {
      var d = html('div', it[2] ? { title: it[2] } : {});
      d.appendChild(html('dt', {}, it[0]));
      d.appendChild(html('dd', {}, String(it[1])));
      dl.appendChild(d);
    });
  }

  // ---- intertopic map ----
  var MAP_W = 600, MAP_H = 440, PAD = 14;
  function drawMap() {
    var map = $('map');
    setAttrs(map, { viewBox: '0 0 ' + MAP_W + ' ' + MAP_H });
    var maxShare = Math.max.apply(null, data.topics.map(function (t) { return t.share; }).concat([1e-12]));
    // Smaller circles for more topics, so that a crowded map stays legible.
    var rMax = Math.min(MAP_W, MAP_H) / (data.topics.length > 1 ? 5 + data.topics.length / 2 : 4);
    var radius = function (t) { return Math.max(9, rMax * Math.sqrt(t.share / maxShare)); };
    var xs = data.topics.map(function (t) { return t.x; }), ys = data.topics.map(function (t) { return t.y; });
    var x0 = Math.min.apply(null, xs), x1 = Math.max.apply(null, xs);
    var y0 = Math.min.apply(null, ys), y1 = Math.max.apply(null, ys);
    var span = Math.max(x1 - x0, y1 - y0, 1e-9);
    var inner = Math.min(MAP_W, MAP_H) - 2 * (PAD + rMax);
    var scale = inner / span;
    var cx = function (x) { return MAP_W / 2 + (x - (x0 + x1) / 2) * scale; };
    var cy = function (y) { return MAP_H / 2 - (y - (y0 + y1) / 2) * scale; };
    map.appendChild(svg('line', { 'class': 'axis', x1: PAD, y1: MAP_H / 2, x2: MAP_W - PAD, y2: MAP_H / 2 }));
    map.appendChild(svg('line', { 'class': 'axis', x1: MAP_W / 2, y1: PAD, x2: MAP_W / 2, y2: MAP_H - PAD }));
    map.appendChild(svg('text', { 'class': 'axis-label', x: MAP_W - PAD, y: MAP_H / 2 - 5, 'text-anchor': 'end' }, 'PC1'));
    map.appendChild(svg('text', { 'class': 'axis-label', x: MAP_W / 2 + 5, y: PAD + 8 }, 'PC2'));
    // Larger circles first, so that small ones stay on top and clickable.
    var order = data.topics.map(function (t, i) { return i; });
    order.sort(function (a, b) { return data.topics[b].share - data.topics[a].share || a - b; });
    order.forEach(function (i) {
      var t = data.topics[i];
      var label = topicName(t) + ', ' + percent(t.share) + ' of the corpus: ' + t.words.slice(0, 8).join(', ');
      var g = svg('g', { 'class': 'topic', 'data-topic': t.id, tabindex: 0, role: 'button', 'aria-label': label, 'aria-pressed': 'false' });
      g.appendChild(svg('title', {}, label));
      g.appendChild(svg('circle', { cx: cx(t.x).toFixed(1), cy: cy(t.y).toFixed(1), r: radius(t).toFixed(1) }));
      g.addEventListener('click', function () { select(state.topic === i ? -1 : i); });
      g.addEventListener('keydown', function (e) { mapKey(e, i); });
      g.addEventListener('mouseenter', function (e) { showTip(t, e.clientX, e.clientY); });
      g.addEventListener('mousemove', function (e) { showTip(t, e.clientX, e.clientY); });
      g.addEventListener('mouseleave', hideTip);
      g.addEventListener('focus', function () { var r = g.getBoundingClientRect(); showTip(t, r.right, r.top); });
      g.addEventListener('blur', hideTip);
      map.appendChild(g);
    });
    // The numbers go on top of every circle, where overlaps cannot hide
    // them, pushed apart where centres crowd.
    var labels = svg('g', { 'class': 'labels', 'aria-hidden': 'true' });
    var at = spread(data.topics.map(function (t) { return [cx(t.x), cy(t.y)]; }), 18);
    data.topics.forEach(function (t, i) {
      labels.appendChild(svg('text', { 'class': 'label', 'data-label': t.id, x: at[i][0].toFixed(1), y: at[i][1].toFixed(1) }, String(t.id)));
    });
    map.appendChild(labels);
  }
  // spread moves points closer than gap apart, a little at a time, each
  // pair along the line between them (or sideways when they coincide).
  function spread(points, gap) {
    var p = points.map(function (q) { return [q[0], q[1]]; });
    for (var round = 0; round < 60; round++) {
      var moved = false;
      for (var i = 0; i < p.length; i++) {
        for (var j = i + 1; j < p.length; j++) {
          var dx = p[j][0] - p[i][0], dy = p[j][1] - p[i][1], d = Math.sqrt(dx * dx + dy * dy);
          if (d >= gap) continue;
          if (d < 1e-6) { dx = 1; dy = 0; d = 1; }
          var push = (gap - d) / 2 / d;
          p[i][0] -= dx * push; p[i][1] -= dy * push;
          p[j][0] += dx * push; p[j][1] += dy * push;
          moved = true;
        }
      }
      if (!moved) break;
    }
    return p;
  }
  function mapKey(e, i) {
    var n = data.topics.length;
    if (e.key === 'Enter' || e.key === ' ') { e.preventDefault(); select(state.topic === i ? -1 : i); }
    else if (e.key === 'ArrowRight' || e.key === 'ArrowDown') { e.preventDefault(); focusTopic((i + 1) % n); }
    else if (e.key === 'ArrowLeft' || e.key === 'ArrowUp') { e.preventDefault(); focusTopic((i + n - 1) % n); }
    else if (e.key === 'Escape') { select(-1); }
  }
  function focusTopic(i) {
    var g = document.querySelector('#map [data-topic="' + data.topics[i].id + '"]');
    if (g) g.focus();
  }
  function showTip(t, x, y) {
    var tip = $('tooltip');
    clear(tip);
    tip.appendChild(html('strong', {}, topicName(t) + ' · ' + percent(t.share) + ' of the corpus'));
    tip.appendChild(document.createTextNode(t.words.join(', ')));
    tip.hidden = false;
    var w = tip.offsetWidth, h = tip.offsetHeight;
    tip.style.left = Math.min(x + 14, window.innerWidth - w - 8) + 'px';
    tip.style.top = Math.max(8, Math.min(y + 14, window.innerHeight - h - 8)) + 'px';
  }
  function hideTip() { $('tooltip').hidden = true; }

  // ---- bars ----
  var BAR_W = 600, LABEL_W = 130, ROW = 17, TOP = 22;
  function drawBars() {
    var bars = $('bars'), t = data.topics[state.topic];
    clear(bars);
    var rows = t ? ranked[state.topic].map(function (e) { return { term: data.terms[e[0]], topicWeight: e[2] }; })
                 : data.corpus_terms.map(function (i) { return { term: data.terms[i], topicWeight: null }; });
    $('bars-heading').textContent = t ? 'Top ' + rows.length + ' terms of topic ' + t.id + ' by relevance'
                                      : 'Top ' + rows.length + ' terms of the corpus';
    var legend = $('legend');
    clear(legend);
    legend.appendChild(html('span', { 'class': 'swatch corpus' }));
    legend.appendChild(document.createTextNode('weight in the corpus'));
    if (t) {
      legend.appendChild(html('span', { 'class': 'swatch topic' }));
      legend.appendChild(document.createTextNode('weight in topic ' + t.id + ' (hover a term for its stem)'));
    } else {
      legend.appendChild(document.createTextNode(' · select a topic to rank its terms (hover a term for its stem)'));
    }
    var height = TOP + rows.length * ROW + 4;
    setAttrs(bars, { viewBox: '0 0 ' + BAR_W + ' ' + height });
    var max = Math.max.apply(null, rows.map(function (r) { return r.term.weight; }).concat([1e-12]));
    var width = BAR_W - LABEL_W - 16;
    var x = function (v) { return LABEL_W + 8 + width * v / max; };
    ticks(max).forEach(function (v) {
      bars.appendChild(svg('line', { 'class': 'grid', x1: x(v), x2: x(v), y1: TOP - 4, y2: height }));
      bars.appendChild(svg('text', { 'class': 'tick', x: x(v), y: 10 }, (100 * v).toPrecision(2) + '%'));
    });
    var q = state.query;
    rows.forEach(function (r, j) {
      var y = TOP + j * ROW;
      var tip = r.term.surface + ' (stem: ' + r.term.stem + ') · ' + (100 * r.term.weight).toPrecision(3) + '% of the corpus' +
        (r.topicWeight !== null ? ', ' + (100 * r.topicWeight).toPrecision(3) + '% in topic ' + t.id : '');
      var g = svg('g', { 'class': 'term' + (q && termMatches(r.term, q) ? ' match' : ''), 'data-term': r.term.surface, 'data-stem': r.term.stem, role: 'listitem' });
      g.appendChild(svg('title', {}, tip));
      g.appendChild(svg('text', { 'class': 'term-label', x: LABEL_W, y: y + ROW / 2 }, r.term.surface));
      g.appendChild(svg('rect', { 'class': 'corpus-bar', x: LABEL_W + 8, y: y + 2, height: ROW - 4, width: Math.max(0.5, x(r.term.weight) - LABEL_W - 8).toFixed(1) }));
      if (r.topicWeight !== null) {
        g.appendChild(svg('rect', { 'class': 'topic-bar', x: LABEL_W + 8, y: y + 4, height: ROW - 8, width: Math.max(0.5, x(r.topicWeight) - LABEL_W - 8).toFixed(1) }));
      }
      bars.appendChild(g);
    });
  }
  // ticks returns three or four round values from 0 to max.
  function ticks(max) {
    var step = Math.pow(10, Math.floor(Math.log10(max / 3)));
    [1, 2, 5, 10].some(function (m) { if (max / (step * m) <= 4) { step *= m; return true; } return false; });
    var out = [];
    for (var v = 0; v <= max * 1.0001; v += step) out.push(v);
    return out;
  }

  // ---- documents and coherence ----
  function drawDocs() {
    var t = data.topics[state.topic], list = $('docs'), coh = $('coherence');
    clear(list);
    clear(coh);
    $('docs-heading').textContent = t ? 'Topic ' + t.id + ': its heaviest documents' : 'Documents';
    if (!t) {
      list.appendChild(html('li', { 'class': 'empty' }, 'Select a topic to see its heaviest documents and its coherence.'));
      return;
    }
    coh.appendChild(html('span', {}, 'coherence:'));
    measuresOf(t.coherence).forEach(function (m) {
      var item = html('span', { title: 'mean over topics ' + num(data.fit.coherence[m], 3) });
      item.appendChild(document.createTextNode(m + ' '));
      item.appendChild(html('b', {}, num(t.coherence[m], 3)));
      coh.appendChild(item);
    });
    coh.appendChild(html('span', {}, percent(t.share) + ' of the corpus'));
    if (!t.documents || !t.documents.length) {
      list.appendChild(html('li', { 'class': 'empty' }, 'The model lists no documents for this topic.'));
      return;
    }
    t.documents.forEach(function (d) {
      var li = html('li', { 'data-doc': d.id });
      var head = html('div', { 'class': 'doc-head' });
      head.appendChild(html('span', { 'class': 'doc-id' }, d.id));
      head.appendChild(html('span', { 'class': 'doc-weight', title: 'the topic\'s share of the document\'s topic weight' }, percent(d.weight) + ' of the document'));
      li.appendChild(head);
      if (d.snippet) li.appendChild(html('p', { 'class': 'snippet' }, d.snippet));
      list.appendChild(li);
    });
  }

  // ---- table of all topics ----
  var sortKey = 'id', sortDir = 1;
  function drawTable() {
    var cols = [{ key: 'id', label: 'Topic' }, { key: 'share', label: 'Share' }];
    measuresOf(data.fit.coherence).forEach(function (m) { cols.push({ key: m, label: m }); });
    cols.push({ key: 'words', label: 'Top words' });
    var head = $('topics-table').tHead;
    clear(head);
    var tr = html('tr');
    cols.forEach(function (c) {
      var th = html('th', { scope: 'col', 'aria-sort': c.key === sortKey ? (sortDir > 0 ? 'ascending' : 'descending') : 'none' });
      if (c.key === 'words') th.textContent = c.label;
      else {
        var b = html('button', { type: 'button', title: 'sort by ' + c.label }, c.label);
        b.addEventListener('click', function () {
          sortDir = sortKey === c.key ? -sortDir : (c.key === 'id' ? 1 : -1);
          sortKey = c.key;
          drawTable();
        });
        th.appendChild(b);
      }
      tr.appendChild(th);
    });
    head.appendChild(tr);
    var value = function (i, key) {
      var t = data.topics[i];
      return key === 'id' ? t.id : key === 'share' ? t.share : (t.coherence[key] === undefined ? -Infinity : t.coherence[key]);
    };
    var order = data.topics.map(function (t, i) { return i; });
    order.sort(function (a, b) { return sortDir * (value(a, sortKey) - value(b, sortKey)) || a - b; });
    var body = $('topics-table').tBodies[0];
    clear(body);
    order.forEach(function (i) {
      var t = data.topics[i];
      var row = html('tr', { 'data-row-topic': t.id, tabindex: 0 });
      row.appendChild(html('td', {}, String(t.id)));
      row.appendChild(html('td', {}, percent(t.share)));
      measuresOf(data.fit.coherence).forEach(function (m) { row.appendChild(html('td', {}, num(t.coherence[m], 3))); });
      row.appendChild(html('td', {}, t.words.join(' ')));
      row.addEventListener('click', function () { select(i); });
      row.addEventListener('keydown', function (e) { if (e.key === 'Enter' || e.key === ' ') { e.preventDefault(); select(i); } });
      body.appendChild(row);
    });
    mark();
  }

  // ---- search ----
  function termMatches(term, q) {
    return term.surface.toLowerCase().indexOf(q) === 0 || term.stem.toLowerCase().indexOf(q) === 0;
  }
  // matches returns the topics whose top terms (at the current λ) or top
  // words hold a word starting with q.
  function matches(q) {
    if (!q) return [];
    var out = [];
    data.topics.forEach(function (t, i) {
      var hit = ranked[i].some(function (e) { return termMatches(data.terms[e[0]], q); }) ||
        t.words.some(function (w) { return w.toLowerCase().indexOf(q) === 0; });
      if (hit) out.push(i);
    });
    return out;
  }

  // ---- selection and state ----
  function mark() {
    var found = matches(state.query);
    var searching = state.query !== '';
    $('map').classList.toggle('searching', searching);
    data.topics.forEach(function (t, i) {
      var on = i === state.topic, hit = found.indexOf(i) >= 0;
      var g = document.querySelector('#map [data-topic="' + t.id + '"]');
      if (g) {
        g.classList.toggle('selected', on);
        g.classList.toggle('match', hit);
        g.setAttribute('aria-pressed', on ? 'true' : 'false');
      }
      var label = document.querySelector('#map [data-label="' + t.id + '"]');
      if (label) label.classList.toggle('selected', on);
      var row = document.querySelector('#topics-table [data-row-topic="' + t.id + '"]');
      if (row) {
        row.classList.toggle('selected', on);
        row.classList.toggle('match', hit);
      }
    });
    $('search-result').textContent = !searching ? '' : found.length === 0 ? 'No topic holds “' + state.query + '” among its top terms.'
      : found.length + (found.length === 1 ? ' topic holds' : ' topics hold') + ' “' + state.query + '”: ' +
        found.map(function (i) { return data.topics[i].id; }).join(', ');
    $('corpus-button').setAttribute('aria-pressed', state.topic < 0 ? 'true' : 'false');
  }
  function select(i) {
    state.topic = i;
    render(true);
  }
  function render(writeHash) {
    $('lambda').value = state.lambda;
    $('lambda-value').textContent = state.lambda.toFixed(2);
    drawBars();
    drawDocs();
    mark();
    if (writeHash) saveHash();
  }
  function readHash() {
    var p = new URLSearchParams(location.hash.replace(/^#/, ''));
    var id = parseInt(p.get('topic'), 10);
    state.topic = -1;
    data.topics.forEach(function (t, i) { if (t.id === id) state.topic = i; });
    var l = parseFloat(p.get('lambda'));
    state.lambda = isFinite(l) ? Math.min(1, Math.max(0, l)) : 0.6;
    state.query = (p.get('q') || '').trim().toLowerCase();
    $('search').value = p.get('q') || '';
    rankAll();
  }
  function saveHash() {
    var p = new URLSearchParams();
    if (state.topic >= 0) p.set('topic', data.topics[state.topic].id);
    p.set('lambda', state.lambda.toFixed(2));
    if (state.query) p.set('q', state.query);
    try { history.replaceState(null, '', '#' + p.toString()); } catch (e) { /* some file:// settings refuse it */ }
  }

  // ---- sweep ----
  function drawSweep() {
    var s = data.sweep;
    if (!s || !s.ranks || !s.ranks.length) return;
    $('sweep').hidden = false;
    var text = 'k from ' + s.ranks[0].k + ' to ' + s.ranks[s.ranks.length - 1].k + ' on ' + count(s.documents) +
      ' documents. Recommended k = ' + s.best_k + (s.peak ? ' (the most stable peak)' : ' (the most stable k; no peak)') +
      (s.tied_k && s.tied_k.length > 1 ? '; as stable: k = ' + s.tied_k.join(', ') : '') + '. This page shows the fit of k = ' + data.fit.k + '.';
    $('sweep-text').textContent = text;
    var charts = [{ label: 'stability (Average Jaccard)', get: function (r) { return r.stability; } },
                  { label: 'cophenetic correlation', get: function (r) { return r.cophenetic; } }];
    measuresOf(s.ranks[0].coherence).forEach(function (m) {
      charts.push({ label: 'coherence ' + m, get: function (r) { return r.coherence[m]; } });
    });
    charts.forEach(function (c) { $('sweep-charts').appendChild(lineChart(s, c)); });
  }
  function lineChart(s, c) {
    var W = 180, H = 140, L = 40, R = 8, T = 10, B = 24;
    var ks = s.ranks.map(function (r) { return r.k; }), vs = s.ranks.map(c.get);
    var k0 = Math.min.apply(null, ks), k1 = Math.max.apply(null, ks);
    var v0 = Math.min.apply(null, vs), v1 = Math.max.apply(null, vs);
    if (v1 - v0 < 1e-12) { v0 -= 0.5; v1 += 0.5; }
    var x = function (k) { return L + (W - L - R) * (k1 > k0 ? (k - k0) / (k1 - k0) : 0.5); };
    var y = function (v) { return T + (H - T - B) * (1 - (v - v0) / (v1 - v0)); };
    var fig = html('figure');
    fig.appendChild(html('figcaption', {}, c.label));
    var g = svg('svg', { width: W, height: H, viewBox: '0 0 ' + W + ' ' + H, role: 'img', 'aria-label': c.label + ' against k' });
    g.appendChild(svg('line', { 'class': 'axis', x1: L, y1: H - B, x2: W - R, y2: H - B }));
    g.appendChild(svg('line', { 'class': 'axis', x1: L, y1: T, x2: L, y2: H - B }));
    [v0, v1].forEach(function (v) { g.appendChild(svg('text', { 'class': 'tick', x: L - 4, y: y(v) + 3, 'text-anchor': 'end' }, num(v, 2))); });
    ks.forEach(function (k) { g.appendChild(svg('text', { 'class': 'tick', x: x(k), y: H - 8, 'text-anchor': 'middle' }, String(k))); });
    g.appendChild(svg('line', { 'class': 'best-line', x1: x(s.best_k), x2: x(s.best_k), y1: T, y2: H - B }));
    g.appendChild(svg('polyline', { 'class': 'line', points: ks.map(function (k, i) { return x(k).toFixed(1) + ',' + y(vs[i]).toFixed(1); }).join(' ') }));
    ks.forEach(function (k, i) {
      var p = svg('circle', { 'class': 'point' + (k === s.best_k ? ' best' : ''), cx: x(k), cy: y(vs[i]), r: k === s.best_k ? 4.5 : 3 });
      p.appendChild(svg('title', {}, 'k = ' + k + ': ' + num(vs[i], 4)));
      g.appendChild(p);
    });
    fig.appendChild(g);
    return fig;
  }

  // ---- wiring ----
  function wire() {
    $('lambda').addEventListener('input', function () {
      state.lambda = parseFloat(this.value);
      rankAll();
      render(true);
    });
    $('search').addEventListener('input', function () {
      state.query = this.value.trim().toLowerCase();
      render(true);
    });
    $('corpus-button').addEventListener('click', function () { select(-1); });
    document.addEventListener('keydown', function (e) { if (e.key === 'Escape' && state.topic >= 0) select(-1); });
    window.addEventListener('hashchange', function () { readHash(); render(false); });
  }

  drawSummary();
  drawMap();
  readHash();
  drawTable();
  drawSweep();
  wire();
  render(false);
  document.body.setAttribute('data-ready', '1');
})();
