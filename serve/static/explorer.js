/* zhitu explorer: an overview of the store, search, neighbourhoods loaded on
   demand, shortest paths and timelines with their evidence, filters by type,
   relation and date, the named queries and SPARQL; the view exports as PNG
   and every table as CSV. Talks only to its own server (/api/*, /sparql).
   Text from the store goes into the DOM with textContent, never as markup. */
"use strict";
(function () {
  // The one vocabulary (zhitu.ontology.vocabulary), put into the page by the server.
  const VOCABULARY = JSON.parse(document.getElementById("vocabulary").textContent);
  const STYLES = Object.fromEntries(VOCABULARY.nodeTypes.map((t) => [t.label, [t.zh, t.color, t.shape]]));
  const RELATION_NAMES = Object.fromEntries(VOCABULARY.relations.map((r) => [r.name, r.zh]));
  const $ = (id) => document.getElementById(id);
  const el = (tag, text, cls) => {
    const e = document.createElement(tag);
    if (text !== undefined && text !== null) e.textContent = String(text);
    if (cls) e.className = cls;
    return e;
  };
  const style = (type) => STYLES[type] || STYLES.OTHER;
  const relationName = (relation) => `${RELATION_NAMES[relation] || ""} ${relation}`.trim();

  const nodes = new vis.DataSet();
  const edges = new vis.DataSet();
  const hiddenTypes = new Set();
  const hiddenRelations = new Set();
  const expanded = new Set();
  const pinned = new Set();  // nodes opened on purpose: the filters never hide them for want of edges
  let selected = null;

  function dateRange() {
    return [$("date-from").value || "", $("date-to").value || ""];
  }
  function edgeShown(e) {
    if (hiddenRelations.has(e.relation)) return false;
    const [from, to] = dateRange();
    if (!from && !to) return true;
    if (!e.first) return false;  // undated: shown only without a date filter
    return (!from || e.last >= from) && (!to || e.first <= to);
  }
  function filtering() {
    const [from, to] = dateRange();
    return hiddenRelations.size > 0 || from !== "" || to !== "";
  }
  let connected = new Set();  // the ends of the edges the filters let through
  function nodeShown(n) {
    if (hiddenTypes.has(n.ztype)) return false;
    return !filtering() || pinned.has(n.id) || connected.has(n.id);
  }
  const nodeView = new vis.DataView(nodes, { filter: nodeShown });
  const edgeView = new vis.DataView(edges, { filter: edgeShown });
  const network = new vis.Network($("graph"), { nodes: nodeView, edges: edgeView }, {
    nodes: { font: { size: 14 }, borderWidth: 1 },
    edges: {
      arrows: { to: { enabled: true, scaleFactor: 0.5 } },
      color: { color: "#9AA0A6", highlight: "#333333", hover: "#555555" },
      font: { size: 10, color: "#555555", strokeWidth: 3, align: "middle" },
      smooth: { enabled: true, type: "continuous" },
    },
    interaction: { hover: true, tooltipDelay: 150 },
    layout: { randomSeed: 7, improvedLayout: false },
    physics: { solver: "forceAtlas2Based", stabilization: { iterations: 150, fit: true },
               forceAtlas2Based: { gravitationalConstant: -60, springLength: 120, avoidOverlap: 0.4 } },
  });
  // Physics runs only after new nodes arrive, until it settles: an idle page
  // uses no CPU, however many nodes it holds.
  network.on("stabilized", () => network.setOptions({ physics: { enabled: false } }));
  function settle() {
    network.setOptions({ physics: { enabled: true } });
    network.stabilize(150);
  }

  async function getJSON(url) {
    const response = await fetch(url, { headers: { Accept: "application/json" } });
    const text = await response.text();
    if (!response.ok) throw new Error(text.trim() || response.statusText);
    return JSON.parse(text);
  }
  const api = (path, params) => getJSON(`${path}?${new URLSearchParams(params || {})}`);

  function status(text, isError) {
    const s = $("status");
    s.textContent = text;
    s.className = isError ? "error" : "";
  }
  const failed = (err) => status(err.message, true);

  // -- the graph ------------------------------------------------------------

  function addNode(n, near) {
    if (nodes.get(n.id)) return;
    const [zh, color, shape] = style(n.type);
    const title = [n.label, `${zh} ${n.type}`].concat(
      n.aliases && n.aliases.length ? ["别名 aliases: " + n.aliases.join("、")] : [],
      n.date ? [n.date] : [], [n.id]).join("\n");
    const place = near && nodes.get(near) ? network.getPositions([near])[near] : null;
    nodes.add({
      id: n.id, label: n.label, title: title, color: color, shape: shape, ztype: n.type,
      aliases: n.aliases || [], date: n.date || "",
      x: place ? place.x + (Math.random() - 0.5) * 120 : undefined,
      y: place ? place.y + (Math.random() - 0.5) * 120 : undefined,
    });
  }

  function addEdge(e) {
    const id = e.id || `${e.from} ${e.predicate} ${e.to} ${e.role || ""}`;
    if (edges.get(id)) return id;
    edges.add({
      id: id, from: e.from, to: e.to, label: e.role || RELATION_NAMES[e.relation] || e.relation,
      title: `${relationName(e.relation)}${e.role ? "（" + e.role + "）" : ""}` +
             (e.first ? `\n${e.first}${e.last && e.last !== e.first ? " – " + e.last : ""}` : ""),
      relation: e.relation, predicate: e.predicate, role: e.role || "", first: e.first || "", last: e.last || "",
    });
    return id;
  }

  function refreshFilter() {
    connected = new Set();
    for (const e of edges.get({ filter: edgeShown })) { connected.add(e.from); connected.add(e.to); }
    nodeView.refresh();
    edgeView.refresh();
    $("filter-status").textContent =
      `显示 shown: ${nodeView.length}/${nodes.length} nodes, ${edgeView.length}/${edges.length} edges`;
  }
  // A node's visibility depends on its edges: refresh both views when either set changes.
  let refreshQueued = false;
  function queueRefresh() {
    if (refreshQueued) return;
    refreshQueued = true;
    Promise.resolve().then(() => { refreshQueued = false; refreshFilter(); });
  }
  nodes.on("*", queueRefresh);
  edges.on("*", queueRefresh);

  async function expand(iri) {
    // An article is what it mentions: its mentions load whatever the checkbox says.
    const article = nodes.get(iri) && nodes.get(iri).ztype === "ARTICLE";
    const mentions = $("show-mentions").checked || article ? { mentions: "1" } : {};
    const data = await api("/api/neighbours", { iri: iri, ...mentions });
    for (const n of data.nodes) addNode(n, iri);
    for (const e of data.edges) addEdge(e);
    expanded.add(iri);
    if (data.truncated) status(`only the first ${data.edges.length} relations are shown`);
    settle();
  }

  // The latest node asked for is the one shown: an earlier open that answers later
  // still adds its neighbours but does not take the selection back.
  let opening = 0;
  async function open(n) {
    const ticket = ++opening;
    addNode(n);
    pinned.add(n.id);
    await expand(n.id);
    if (ticket !== opening) return;
    network.selectNodes([n.id]);
    network.focus(n.id, { scale: 1.0, animation: false });
    select(n.id);
  }

  async function openIri(iri) {
    const ticket = ++opening;
    const data = await api("/api/neighbours", { iri: iri });
    const self = data.nodes.find((n) => n.id === iri);
    if (self && ticket === opening) await open(self);
  }

  // -- tables and CSV -------------------------------------------------------

  function csvText(columns, rows) {
    const cell = (v) => {
      const s = v === null || v === undefined ? "" : String(v);
      return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
    };
    return [columns, ...rows].map((r) => r.map(cell).join(",")).join("\r\n") + "\r\n";
  }
  function download(blob, name) {
    const url = URL.createObjectURL(blob);
    const a = el("a");
    a.href = url;
    a.download = name;
    document.body.append(a);
    a.click();
    a.remove();
    setTimeout(() => URL.revokeObjectURL(url), 10000);
  }
  // A table with a CSV button. ``rows``: arrays of cells; a cell is text, or
  // {text, open: iri} (a button that opens the node), or {node: element}.
  // ``full``: {columns, rows} the CSV holds instead, when the table shows less.
  function table(columns, rows, name, full) {
    const box = el("div", null, "table-box");
    const button = el("button", "CSV", "csv");
    button.type = "button";
    button.title = `下载 download ${name}.csv`;
    button.addEventListener("click", () => {
      const plain = full ? full.rows : rows.map((r) => r.map((c) => (c && typeof c === "object" ? c.text : c)));
      // UTF-8 with a byte-order mark, so spreadsheet programs read the Chinese right.
      download(new Blob(["\ufeff" + csvText(full ? full.columns : columns, plain)], { type: "text/csv;charset=utf-8" }),
               `${name}.csv`);
    });
    const t = el("table");
    t.dataset.name = name;
    const head = el("tr");
    for (const c of columns) head.append(el("th", c));
    t.append(head);
    for (const r of rows) {
      const tr = el("tr");
      for (const c of r) {
        const td = el("td");
        if (c && typeof c === "object" && c.open) td.append(nodeButton(c.text, c.open, c.type));
        else if (c && typeof c === "object" && c.node) td.append(c.node);
        else td.textContent = c === null || c === undefined ? "" : String(c);
        tr.append(td);
      }
      t.append(tr);
    }
    box.append(button, t);
    return box;
  }
  function nodeButton(text, iri, type) {
    const b = el("button", null, "link");
    b.type = "button";
    b.dataset.iri = iri;
    if (type) {
      const tag = el("span", style(type)[0], "type-tag");
      tag.style.background = style(type)[1];
      b.append(tag);
    }
    b.append(document.createTextNode(text));
    b.addEventListener("click", () => openIri(iri).catch(failed));
    return b;
  }

  // -- the overview ---------------------------------------------------------

  async function showOverview() {
    const box = $("overview");
    let data;
    try {
      data = await api("/api/overview");
    } catch (err) {
      box.replaceChildren(el("p", err.message, "error"));
      return;
    }
    const c = data.counts;
    box.replaceChildren(el("p", `${c.documents} documents · ${c.articles} articles · ${c.mentions} mentions · ${c.triples} triples`, "meta"));
    const typeRows = VOCABULARY.nodeTypes.filter((t) => t.label in c.entities).map((t) => {
      const swatch = el("span", null, "swatch");
      swatch.style.background = t.color;
      const name = el("span");
      name.append(swatch, document.createTextNode(`${t.zh} ${t.label}`));
      return [{ node: name, text: t.label }, c.entities[t.label]];
    });
    box.append(el("h3", "类型 types"), table(["type", "count"], typeRows, "types"));
    const relationRows = Object.entries(c.relations).map(([r, n]) => [relationName(r), n]);
    box.append(el("h3", "关系 relations"), table(["relation", "count"], relationRows, "relations"));
    const topRows = data.top.map((n) => [{ text: n.label, open: n.id, type: n.type }, n.type, n.degree, n.articles]);
    box.append(el("h3", "关联最多 most connected"), table(["entity", "type", "relations", "articles"], topRows, "most-connected"));
    const latestRows = data.latest.map((a) => [a.date, { text: a.label, open: a.id }]);
    box.append(el("h3", "最新文章 latest articles"), table(["date", "article"], latestRows, "latest-articles"));
    // The canvas opens on the most connected entities and the relations among them.
    if (nodes.length === 0) {
      for (const n of data.top) addNode(n);
      for (const e of data.edges) addEdge(e);
      settle();
    }
  }

  // -- search ---------------------------------------------------------------

  async function search(event) {
    if (event) event.preventDefault();
    const q = $("search").value.trim();
    const list = $("results");
    list.replaceChildren();
    if (!q) return;
    const type = $("search-type").value;
    let found;
    try {
      found = await api("/api/search", type ? { q: q, type: type } : { q: q });
    } catch (err) {
      list.append(el("li", err.message, "error"));
      return;
    }
    if (!found.length) list.append(el("li", "没有结果 nothing found", "hint"));
    for (const n of found) {
      const button = el("button");
      button.type = "button";
      button.dataset.iri = n.id;
      const tag = el("span", style(n.type)[0], "type-tag");
      tag.style.background = style(n.type)[1];
      button.append(tag, document.createTextNode(n.label));
      if (n.aliases.length) button.title = "别名 aliases: " + n.aliases.join("、");
      button.addEventListener("click", () => open(n).catch(failed));
      const item = el("li");
      item.append(button);
      list.append(item);
    }
  }

  // -- evidence -------------------------------------------------------------

  function highlighted(text, spans) {
    // The server gives the offsets (in code points) of whole mentions only.
    const chars = Array.from(text);
    const frag = document.createDocumentFragment();
    let at = 0;
    for (const [start, end] of spans || []) {
      if (start < at) continue;
      if (start > at) frag.append(document.createTextNode(chars.slice(at, start).join("")));
      frag.append(el("mark", chars.slice(start, end).join("")));
      at = end;
    }
    if (at < chars.length) frag.append(document.createTextNode(chars.slice(at).join("")));
    return frag;
  }

  function sentenceBox(s) {
    const div = el("div", null, "sentence");
    const p = el("p");
    p.append(highlighted(s.text, s.spans));
    if (s.text) div.append(p);
    const meta = el("p", null, "meta");
    const link = el("a", s.headline || s.article || "article");
    // Only web links leave the page; other article IRIs open in the explorer.
    link.href = /^https?:\/\//.test(s.url || "") ? s.url : `#iri=${encodeURIComponent(s.article)}`;
    if (link.href.includes("#iri=")) link.addEventListener("click", (ev) => { ev.preventDefault(); openIri(s.article).catch(failed); });
    meta.append(document.createTextNode(`${s.date ? s.date + " · " : ""}文章 article: `), link,
                document.createTextNode((s.document ? ` · ${s.document}` : "") +
                                        (s.start !== null && s.start !== undefined ? ` [${s.start}–${s.end}]` : "") +
                                        (s.extractor ? ` · ${s.extractor}` : "") +
                                        (s.confidence !== null && s.confidence !== undefined ? ` · ${s.confidence.toFixed(2)}` : "")));
    div.append(meta);
    return div;
  }

  async function showEvidence(edgeId) {
    const e = edges.get(edgeId);
    const box = $("evidence");
    box.replaceChildren();
    if (!e) return;
    const from = nodes.get(e.from), to = nodes.get(e.to);
    box.append(el("p", `${from ? from.label : e.from} → ${to ? to.label : e.to}`),
               el("p", `${relationName(e.relation)}${e.role ? "（" + e.role + "）" : ""}`, "meta"));
    let data;
    try {
      data = await api("/api/evidence", { s: e.from, p: e.predicate, o: e.to, role: e.role || "" });
    } catch (err) {
      box.append(el("p", err.message, "error"));
      return;
    }
    if (!data.sentences.length) box.append(el("p", "没有证据句 no evidence sentence (page layout or metadata)", "hint"));
    for (const s of data.sentences) box.append(sentenceBox(s));
  }

  // -- the selected node ----------------------------------------------------

  function select(iri) {
    const n = nodes.get(iri);
    if (!n) return;
    selected = iri;
    const box = $("node-info");
    const tag = el("span", style(n.ztype)[0], "type-tag");
    tag.style.background = style(n.ztype)[1];
    const title = el("p");
    title.append(tag, document.createTextNode(n.label));
    box.replaceChildren(title);
    if (n.aliases.length) box.append(el("p", "别名 aliases: " + n.aliases.join("、"), "meta"));
    if (n.date) box.append(el("p", n.date, "meta"));
    box.append(el("p", n.id, "meta iri"));
    $("node-actions").hidden = false;
  }

  // -- paths ----------------------------------------------------------------

  const pathEnds = { from: null, to: null };  // IRIs chosen from the graph; a typed name is searched
  function setPathEnd(which, iri) {
    const n = nodes.get(iri);
    if (!n) return;
    pathEnds[which] = iri;
    $(`path-${which}`).value = n.label;
  }
  async function resolve(which) {
    const name = $(`path-${which}`).value.trim();
    const chosen = pathEnds[which] && nodes.get(pathEnds[which]);
    if (chosen && chosen.label === name) return pathEnds[which];
    if (!name) throw new Error(`路径需要两端 a path needs both ends (${which})`);
    const found = await api("/api/search", { q: name });
    const exact = found.find((n) => n.label === name || n.aliases.includes(name)) || found[0];
    if (!exact) throw new Error(`没有结果 nothing found: ${name}`);
    return exact.id;
  }

  async function findPath(event) {
    if (event) event.preventDefault();
    const box = $("path-result");
    box.replaceChildren(el("p", "…", "hint"));
    let data;
    try {
      const [from, to] = [await resolve("from"), await resolve("to")];
      const params = { from: from, to: to, hops: $("path-hops").value };
      if ($("path-mentions").checked) params.mentions = "1";
      data = await api("/api/path", params);
    } catch (err) {
      box.replaceChildren(el("p", err.message, "error"));
      return;
    }
    box.replaceChildren();
    if (!data.paths.length) {
      box.append(el("p", `没有路径 no path of at most ${$("path-hops").value} hops` +
                         (data.truncated ? " (the search met a hub and stopped early)" : ""), "hint"));
      return;
    }
    if (data.truncated) box.append(el("p", "the search met a hub: a shorter path may go through it", "hint"));
    const shown = new Set(), shownEdges = [];
    const csvRows = [];
    data.paths.forEach((path, i) => {
      const label = (iri) => (data.nodes[iri] ? data.nodes[iri].label : iri);
      box.append(el("h3", `${i + 1}. ${path.nodes.map(label).join(" — ")}`));
      for (const iri of path.nodes) {
        if (data.nodes[iri]) addNode(data.nodes[iri], path.nodes[0]);
        shown.add(iri);
      }
      const list = el("ol", null, "hops");
      for (const hop of path.hops) {
        for (const role of hop.roles.length ? hop.roles : [""]) shownEdges.push(addEdge({ ...hop, role: role }));
        const item = el("li");
        item.append(el("p", `${label(hop.from)} → ${label(hop.to)} · ${relationName(hop.relation)}` +
                            (hop.roles.length ? `（${hop.roles.join("、")}）` : "")));
        for (const s of hop.evidence) {
          item.append(sentenceBox(s));
          csvRows.push([i + 1, label(hop.from), hop.relation, hop.roles.join("、"), label(hop.to), s.date, s.text,
                        s.headline, s.document]);
        }
        list.append(item);
      }
      box.append(list);
    });
    const columns = ["path", "from", "relation", "roles", "to", "date", "sentence", "article", "document"];
    box.append(table(columns.slice(0, 6), csvRows.map((r) => r.slice(0, 6)), "path", { columns: columns, rows: csvRows }));
    for (const iri of shown) pinned.add(iri);
    $("path-panel").scrollIntoView({ block: "nearest" });
    settle();
    network.setSelection({ nodes: [...shown], edges: shownEdges }, { unselectAll: true, highlightEdges: false });
  }

  // -- an entity's timeline ---------------------------------------------------

  const SVG = "http://www.w3.org/2000/svg";
  function svg(tag, attrs, text) {
    const e = document.createElementNS(SVG, tag);
    for (const [k, v] of Object.entries(attrs)) e.setAttribute(k, String(v));
    if (text !== undefined) e.textContent = String(text);
    return e;
  }
  const day = (iso) => Date.parse(iso + "T00:00:00Z") / 86400000;

  async function showTimeline(iri) {
    const box = $("timeline");
    box.replaceChildren(el("p", "…", "hint"));
    let data;
    try {
      data = await api("/api/timeline", { iri: iri });
    } catch (err) {
      box.replaceChildren(el("p", err.message, "error"));
      return;
    }
    box.replaceChildren(el("p", `${data.node.label}: ${data.facts.length} facts` + (data.truncated ? " (the first ones)" : "")));
    const dated = data.facts.filter((f) => f.date);
    const days = dated.map((f) => day(f.date)).concat(data.mentions.map((m) => day(m.date)));
    if (days.length) {
      // Facts as dots and the articles that mention the node as bars, on one axis of days.
      const W = 300, H = 70, first = Math.min(...days), last = Math.max(...days);
      const x = (d) => 10 + (last === first ? (W - 20) / 2 : ((d - first) / (last - first)) * (W - 20));
      const chart = svg("svg", { viewBox: `0 0 ${W} ${H}`, width: "100%", role: "img", class: "timeline-chart",
                                 "aria-label": `${data.node.label} ${dated.length} dated facts` });
      chart.append(svg("line", { x1: 10, y1: 50, x2: W - 10, y2: 50, stroke: "#999" }));
      const most = Math.max(1, ...data.mentions.map((m) => m.articles));
      for (const m of data.mentions) {
        const h = 4 + (16 * m.articles) / most;
        const bar = svg("rect", { x: x(day(m.date)) - 1, y: 50 - h, width: 2, height: h, fill: "#bbb", class: "mention" });
        bar.append(svg("title", {}, `${m.date}: ${m.articles} articles`));
        chart.append(bar);
      }
      const stacks = {};
      for (const f of dated) {
        const other = f.from.id === iri ? f.to : f.from;
        const k = (stacks[f.date] = (stacks[f.date] || 0) + 1);
        const dot = svg("circle", { cx: x(day(f.date)), cy: 50 - 6 * k, r: 3, fill: style(other.type)[1], class: "fact" });
        dot.append(svg("title", {}, `${f.date} ${relationName(f.relation)} ${other.label}`));
        chart.append(dot);
      }
      chart.append(svg("text", { x: 10, y: 65, "font-size": 9, fill: "#666" }, dated[0] ? dated[0].date : ""),
                   svg("text", { x: W - 10, y: 65, "font-size": 9, fill: "#666", "text-anchor": "end" },
                       dated.length ? dated[dated.length - 1].date : ""));
      box.append(chart);
    }
    const other = (f) => (f.from.id === iri ? f.to : f.from);
    const rows = data.facts.map((f) => [
      f.date, relationName(f.relation) + (f.role ? `（${f.role}）` : ""),
      { text: other(f).label, open: other(f).id, type: other(f).type }, f.sentence || f.headline]);
    const full = data.facts.map((f) => [f.date, f.relation, f.role, other(f).label, other(f).type, f.sentence,
                                        f.headline, f.document]);
    box.append(table(["date", "relation", "with", "sentence"], rows, "timeline",
                     { columns: ["date", "relation", "role", "with", "type", "sentence", "article", "document"], rows: full }));
    $("timeline-panel").scrollIntoView({ block: "nearest" });
  }

  // -- filters ----------------------------------------------------------------

  function buildFilters() {
    const box = $("type-filter");
    const select = $("search-type");
    for (const [type, [zh, color]] of Object.entries(STYLES)) {
      if (type === "OTHER") continue;
      const label = el("label");
      const check = el("input");
      check.type = "checkbox";
      check.checked = true;
      check.dataset.type = type;
      check.addEventListener("change", () => {
        if (check.checked) hiddenTypes.delete(type); else hiddenTypes.add(type);
        refreshFilter();
      });
      const swatch = el("span", null, "swatch");
      swatch.style.background = color;
      label.append(check, swatch, document.createTextNode(`${zh} ${type}`));
      box.append(label);
      const option = el("option", `${zh} ${type}`);
      option.value = type;
      select.append(option);
    }
    for (const r of VOCABULARY.relations) {
      if (r.name === "founded") continue;  // its object is a date: never an edge
      const label = el("label");
      const check = el("input");
      check.type = "checkbox";
      check.checked = true;
      check.dataset.relation = r.name;
      check.addEventListener("change", () => {
        if (check.checked) hiddenRelations.delete(r.name); else hiddenRelations.add(r.name);
        refreshFilter();
      });
      label.append(check, document.createTextNode(relationName(r.name)));
      $("relation-filter").append(label);
    }
    $("date-from").addEventListener("change", refreshFilter);
    $("date-to").addEventListener("change", refreshFilter);
    for (let h = 1; h <= 6; h++) {
      const option = el("option", String(h));
      option.value = String(h);
      if (h === 4) option.selected = true;
      $("path-hops").append(option);
    }
  }

  // -- named queries ------------------------------------------------------------

  let namedQueries = [];
  async function loadNamedQueries() {
    try {
      namedQueries = await api("/api/queries");
    } catch (err) {
      $("named-description").textContent = err.message;
      return;
    }
    for (const q of namedQueries) {
      const option = el("option", q.name);
      option.value = q.name;
      $("named-query").append(option);
    }
    showNamedParameters();
  }
  function showNamedParameters() {
    const q = namedQueries.find((x) => x.name === $("named-query").value);
    const box = $("named-params");
    box.replaceChildren();
    if (!q) return;
    $("named-description").textContent = q.description;
    for (const p of q.parameters) {
      const input = el("input");
      input.name = p.name;
      input.placeholder = p.argument;
      input.required = true;
      input.setAttribute("aria-label", p.argument);
      box.append(input);
    }
    for (const o of q.options) {
      const input = el("input");
      input.name = o.name;
      input.type = o.argument === "DATE" ? "date" : "text";
      input.placeholder = `${o.flag} ${o.argument}`;
      input.title = `${o.flag} ${o.argument} (optional)`;
      input.setAttribute("aria-label", o.flag);
      box.append(input);
    }
  }
  async function runNamed(event) {
    if (event) event.preventDefault();
    const out = $("named-results");
    const params = { name: $("named-query").value };
    for (const input of $("named-params").querySelectorAll("input")) if (input.value) params[input.name] = input.value;
    out.replaceChildren(el("p", "…", "hint"));
    let data;
    try {
      data = await api("/api/named", params);
    } catch (err) {
      out.replaceChildren(el("p", err.message, "error"));
      return;
    }
    const rows = data.rows.map((r) => r.map((c) => (c.iri ? { text: c.value, open: c.value } : c.value)));
    out.replaceChildren(el("p", `${data.rows.length} rows${data.truncated ? " (the first ones)" : ""}`, "meta"),
                        table(data.variables, rows, params.name));
  }

  // -- SPARQL ---------------------------------------------------------------------

  async function runSparql() {
    const out = $("sparql-results");
    const say = (text, isError) => {
      $("sparql-status").textContent = text;
      $("sparql-status").className = isError ? "error" : "";
    };
    out.replaceChildren();
    say("…");
    const started = performance.now();
    let response, text;
    try {
      response = await fetch("/sparql", {
        method: "POST",
        headers: { "Content-Type": "application/sparql-query", Accept: "application/sparql-results+json" },
        body: $("sparql").value,
      });
      text = await response.text();
    } catch (err) {
      say(err.message, true);
      return;
    }
    if (!response.ok) { say(text.trim(), true); return; }
    const seconds = ((performance.now() - started) / 1000).toFixed(2);
    const type = response.headers.get("Content-Type") || "";
    if (!type.includes("json")) {
      out.append(el("pre", text));
      say(`${seconds} s`);
      return;
    }
    const data = JSON.parse(text);
    if ("boolean" in data) { out.append(el("p", String(data.boolean))); say(`${seconds} s`); return; }
    const rows = data.results.bindings.map((b) => data.head.vars.map((v) => (b[v] ? b[v].value : "")));
    out.append(table(data.head.vars, rows, "sparql"));
    const cut = response.headers.get("X-Zhitu-Truncated") ? ` (cut at ${response.headers.get("X-Zhitu-Max-Rows")})` : "";
    say(`${data.results.bindings.length} rows${cut} · ${seconds} s`);
  }

  // -- the view as PNG --------------------------------------------------------------

  function viewCanvas() {
    // The network's canvas on white (it is transparent), at its own resolution.
    const source = $("graph").querySelector("canvas");
    const out = document.createElement("canvas");
    out.width = source.width;
    out.height = source.height;
    const ctx = out.getContext("2d");
    ctx.fillStyle = "#ffffff";
    ctx.fillRect(0, 0, out.width, out.height);
    ctx.drawImage(source, 0, 0);
    return out;
  }
  function exportPng() {
    network.redraw();
    viewCanvas().toBlob((blob) => download(blob, "zhitu-view.png"), "image/png");
  }

  // A place's position: its division's coordinates beside the provinces' (the
  // gazetteer's points), on a plain equirectangular projection. No tiles, no network.
  const MAP = { west: 73, east: 136, south: 17, north: 54, width: 300, height: 190 };
  const project = (lon, lat) => [
    ((lon - MAP.west) / (MAP.east - MAP.west)) * MAP.width,
    ((MAP.north - lat) / (MAP.north - MAP.south)) * MAP.height,
  ];
  async function showPlace(iri) {
    const box = $("map");
    const node = nodes.get(iri);
    if (!node || node.ztype !== "LOC") return;
    const data = await api("/api/place", { iri: iri });
    box.replaceChildren();
    if (data.lat === null || data.lon === null) {
      box.append(el("p", `${node.label}: 无坐标 no coordinates (not a division of the gazetteer)`, "hint"));
      return;
    }
    const map = svg("svg", { viewBox: `0 0 ${MAP.width} ${MAP.height}`, width: "100%", role: "img",
                             "aria-label": `${node.label} ${data.lat}, ${data.lon}` });
    map.append(svg("rect", { x: 0, y: 0, width: MAP.width, height: MAP.height, fill: "#f4f7fb", stroke: "#ccd" }));
    for (const p of data.provinces) {
      const [x, y] = project(p.lon, p.lat);
      const dot = svg("circle", { cx: x, cy: y, r: 2, fill: "#9AA0A6", class: "province" });
      dot.append(svg("title", {}, p.name));
      map.append(dot, svg("text", { x: x + 3, y: y - 2, "font-size": 6, fill: "#888" }, p.name));
    }
    const [x, y] = project(data.lon, data.lat);
    const color = style(node.ztype)[1];  // the place type's colour, from the vocabulary
    map.append(svg("circle", { cx: x, cy: y, r: 5, fill: color, stroke: "#fff", class: "here" }));
    map.append(svg("text", { x: x + 6, y: y + 3, "font-size": 9, "font-weight": "bold", fill: color }, node.label));
    box.append(map, el("p", `${node.label} · ${data.code} · ${data.lat}°N ${data.lon}°E (WGS84)`, "meta"));
  }

  network.on("doubleClick", (p) => { if (p.nodes.length) expand(p.nodes[0]).catch(failed); });
  network.on("click", (p) => {
    if (p.nodes.length) {
      select(p.nodes[0]);
      showPlace(p.nodes[0]).catch(failed);
    } else if (p.edges.length) {
      showEvidence(p.edges[0]);
    }
  });
  $("search-form").addEventListener("submit", search);
  $("path-form").addEventListener("submit", findPath);
  $("path-from").addEventListener("input", () => { pathEnds.from = null; });
  $("path-to").addEventListener("input", () => { pathEnds.to = null; });
  $("node-expand").addEventListener("click", () => selected && expand(selected).catch(failed));
  $("node-timeline").addEventListener("click", () => selected && showTimeline(selected));
  $("node-path-from").addEventListener("click", () => selected && setPathEnd("from", selected));
  $("node-path-to").addEventListener("click", () => selected && setPathEnd("to", selected));
  $("named-query").addEventListener("change", showNamedParameters);
  $("named-form").addEventListener("submit", runNamed);
  $("run-sparql").addEventListener("click", runSparql);
  $("export-png").addEventListener("click", exportPng);
  $("clear").addEventListener("click", () => { nodes.clear(); edges.clear(); expanded.clear(); pinned.clear(); });
  buildFilters();
  refreshFilter();
  const start = new URLSearchParams(location.hash.slice(1)).get("iri");
  const ready = Promise.all([showOverview(), loadNamedQueries()]).then(() => (start ? openIri(start) : null)).catch(failed);
  window.zhituExplorer = {
    network, nodes, edges, expand, showEvidence, openIri, showPlace, showTimeline, findPath, select,
    setPathEnd, viewCanvas, refreshFilter, ready,
    visible: () => ({ nodes: nodeView.getIds(), edges: edgeView.getIds() }),
  };
})();
