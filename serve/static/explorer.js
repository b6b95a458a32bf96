/* zhitu explorer: search the store, load neighbourhoods on demand, read the
   evidence of an edge, run SPARQL. Talks only to its own server (/api/*,
   /sparql). Text from the store goes into the DOM with textContent, never
   as markup. */
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

  const nodes = new vis.DataSet();
  const edges = new vis.DataSet();
  const hiddenTypes = new Set();
  const expanded = new Set();
  const nodeView = new vis.DataView(nodes, { filter: (n) => !hiddenTypes.has(n.ztype) });
  const network = new vis.Network($("graph"), { nodes: nodeView, edges: edges }, {
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
  // Physics runs only after a neighbourhood arrives, until it settles: an
  // idle page uses no CPU, however many nodes it holds.
  network.on("stabilized", () => network.setOptions({ physics: { enabled: false } }));

  async function getJSON(url) {
    const response = await fetch(url, { headers: { Accept: "application/json" } });
    const text = await response.text();
    if (!response.ok) throw new Error(text.trim() || response.statusText);
    return JSON.parse(text);
  }

  function addNode(n, near) {
    if (nodes.get(n.id)) return;
    const [zh, color, shape] = style(n.type);
    const title = [n.label, `类型 type: ${zh} ${n.type}`].concat(
      n.aliases && n.aliases.length ? ["别名 aliases: " + n.aliases.join("、")] : [], [n.id]).join("\n");
    const place = near ? network.getPositions([near])[near] : null;
    nodes.add({
      id: n.id, label: n.label, title: title, color: color, shape: shape, ztype: n.type, aliases: n.aliases || [],
      x: place ? place.x + (Math.random() - 0.5) * 120 : undefined,
      y: place ? place.y + (Math.random() - 0.5) * 120 : undefined,
    });
  }

  async function expand(iri) {
    const mentions = $("show-mentions").checked ? "&mentions=1" : "";
    const data = await getJSON(`/api/neighbours?iri=${encodeURIComponent(iri)}${mentions}`);
    for (const n of data.nodes) addNode(n, iri);
    for (const e of data.edges) {
      if (edges.get(e.id)) continue;
      edges.add({
        id: e.id, from: e.from, to: e.to, label: e.role || RELATION_NAMES[e.relation] || e.relation,
        title: `${e.relation} ${RELATION_NAMES[e.relation] || ""}${e.role ? "（" + e.role + "）" : ""}`,
        relation: e.relation, predicate: e.predicate, role: e.role,
      });
    }
    expanded.add(iri);
    if (data.truncated) status(`${iri}: only the first ${data.edges.length} relations are shown`);
    refreshFilter();
    network.setOptions({ physics: { enabled: true } });
    network.stabilize(150);
  }

  function status(text, isError) {
    const s = $("sparql-status");
    s.textContent = text;
    s.className = isError ? "error" : "";
  }

  async function search(event) {
    if (event) event.preventDefault();
    const q = $("search").value.trim();
    const list = $("results");
    list.replaceChildren();
    if (!q) return;
    const type = $("search-type").value;
    let found;
    try {
      found = await getJSON(`/api/search?q=${encodeURIComponent(q)}${type ? "&type=" + type : ""}`);
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
      button.addEventListener("click", () => open(n));
      const item = el("li");
      item.append(button);
      list.append(item);
    }
  }

  async function open(n) {
    addNode(n);
    await expand(n.id);
    network.selectNodes([n.id]);
    network.focus(n.id, { scale: 1.0, animation: false });
  }

  function highlighted(text, marks) {
    // Split the sentence into text nodes and <mark> elements: longest names first.
    const frag = document.createDocumentFragment();
    let i = 0;
    while (i < text.length) {
      let best = null;
      let at = text.length;
      for (const m of marks) {
        const k = text.indexOf(m, i);
        if (k !== -1 && (k < at || (k === at && best && m.length > best.length))) { at = k; best = m; }
      }
      if (best === null) { frag.append(document.createTextNode(text.slice(i))); break; }
      if (at > i) frag.append(document.createTextNode(text.slice(i, at)));
      frag.append(el("mark", best));
      i = at + best.length;
    }
    return frag;
  }

  async function showEvidence(edgeId) {
    const e = edges.get(edgeId);
    const box = $("evidence");
    box.replaceChildren();
    if (!e) return;
    const from = nodes.get(e.from), to = nodes.get(e.to);
    box.append(el("p", `${from ? from.label : e.from} → ${to ? to.label : e.to}`),
               el("p", `${e.relation} ${RELATION_NAMES[e.relation] || ""}${e.role ? "（" + e.role + "）" : ""}`, "meta"));
    let data;
    try {
      const q = new URLSearchParams({ s: e.from, p: e.predicate, o: e.to, role: e.role || "" });
      data = await getJSON(`/api/evidence?${q}`);
    } catch (err) {
      box.append(el("p", err.message, "error"));
      return;
    }
    if (!data.sentences.length) box.append(el("p", "没有证据句 no evidence sentence (page layout or metadata)", "hint"));
    for (const s of data.sentences) {
      const div = el("div", null, "sentence");
      const p = el("p");
      p.append(highlighted(s.text, data.marks));
      div.append(p);
      const meta = el("p", null, "meta");
      const link = el("a", s.headline || s.article || "article");
      // Only web links leave the page; other article IRIs open in the explorer.
      link.href = /^https?:\/\//.test(s.url) ? s.url : `#iri=${encodeURIComponent(s.article)}`;
      if (link.href.includes("#iri=")) link.addEventListener("click", (ev) => { ev.preventDefault(); openIri(s.article); });
      meta.append(document.createTextNode("文章 article: "), link,
                  document.createTextNode(` · ${s.document}` + (s.start !== null ? ` [${s.start}–${s.end}]` : "") +
                                          (s.extractor ? ` · ${s.extractor}` : "") +
                                          (s.confidence !== null ? ` · ${s.confidence.toFixed(2)}` : "")));
      div.append(meta);
      box.append(div);
    }
  }

  async function openIri(iri) {
    const data = await getJSON(`/api/neighbours?iri=${encodeURIComponent(iri)}`);
    const self = data.nodes.find((n) => n.id === iri);
    if (self) await open(self);
  }

  function buildTypeFilter() {
    const box = $("type-filter");
    const select = $("search-type");
    for (const [type, [zh, color]] of Object.entries(STYLES)) {
      if (type === "OTHER") continue;
      const label = el("label");
      const box1 = el("input");
      box1.type = "checkbox";
      box1.checked = true;
      box1.dataset.type = type;
      box1.addEventListener("change", () => {
        if (box1.checked) hiddenTypes.delete(type); else hiddenTypes.add(type);
        refreshFilter();
      });
      const swatch = el("span", null, "swatch");
      swatch.style.background = color;
      label.append(box1, swatch, document.createTextNode(`${zh} ${type}`));
      box.append(label);
      const option = el("option", `${zh} ${type}`);
      option.value = type;
      select.append(option);
    }
  }

  function refreshFilter() { nodeView.refresh(); }

  async function runSparql() {
    const out = $("sparql-results");
    out.replaceChildren();
    status("…");
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
      status(err.message, true);
      return;
    }
    if (!response.ok) { status(text.trim(), true); return; }
    const seconds = ((performance.now() - started) / 1000).toFixed(2);
    const type = response.headers.get("Content-Type") || "";
    if (!type.includes("json")) {
      out.append(el("pre", text));
      status(`${seconds} s`);
      return;
    }
    const data = JSON.parse(text);
    if ("boolean" in data) { out.append(el("p", String(data.boolean))); status(`${seconds} s`); return; }
    const table = el("table");
    const head = el("tr");
    for (const v of data.head.vars) head.append(el("th", v));
    table.append(head);
    for (const b of data.results.bindings) {
      const tr = el("tr");
      for (const v of data.head.vars) tr.append(el("td", b[v] ? b[v].value : ""));
      table.append(tr);
    }
    out.append(table);
    const cut = response.headers.get("X-Zhitu-Truncated") ? ` (cut at ${response.headers.get("X-Zhitu-Max-Rows")})` : "";
    status(`${data.results.bindings.length} rows${cut} · ${seconds} s`);
  }

  // A place's position: its division's coordinates beside the provinces' (the
  // gazetteer's points), on a plain equirectangular projection. No tiles, no network.
  const SVG = "http://www.w3.org/2000/svg";
  const MAP = { west: 73, east: 136, south: 17, north: 54, width: 300, height: 190 };
  function svg(tag, attrs, text) {
    const e = document.createElementNS(SVG, tag);
    for (const [k, v] of Object.entries(attrs)) e.setAttribute(k, String(v));
    if (text !== undefined) e.textContent = String(text);
    return e;
  }
  const project = (lon, lat) => [
    ((lon - MAP.west) / (MAP.east - MAP.west)) * MAP.width,
    ((MAP.north - lat) / (MAP.north - MAP.south)) * MAP.height,
  ];
  async function showPlace(iri) {
    const box = $("map");
    const node = nodes.get(iri);
    if (!node || node.ztype !== "LOC") return;
    const data = await getJSON(`/api/place?iri=${encodeURIComponent(iri)}`);
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

  network.on("doubleClick", (p) => { if (p.nodes.length) expand(p.nodes[0]); });
  network.on("click", (p) => { if (!p.nodes.length && p.edges.length) showEvidence(p.edges[0]); });
  network.on("click", (p) => { if (p.nodes.length) showPlace(p.nodes[0]).catch((e) => status(e.message, true)); });
  $("search-form").addEventListener("submit", search);
  $("run-sparql").addEventListener("click", runSparql);
  $("clear").addEventListener("click", () => { nodes.clear(); edges.clear(); expanded.clear(); });
  buildTypeFilter();
  const start = new URLSearchParams(location.hash.slice(1)).get("iri");
  if (start) openIri(start);
  window.zhituExplorer = { network, nodes, edges, expand, showEvidence, openIri, showPlace };
})();
