// diplokg explorer: query editor, network, timeline and cooperation–conflict views.
// Plain JS and SVG, served by diplokg itself, so it works offline.
"use strict";

const SVG_NS = "http://www.w3.org/2000/svg";
// Each view counts its draws, so a slow earlier answer never overwrites a newer one.
const draws = { network: 0, timeline: 0, pair: 0 };
const state = { config: { base: "https://w3id.org/diplokg/resource/" }, queries: [], current: null };

// Relation families by CAMEO root; the network filter offers these.
const FAMILIES = [
  ["", "all relations"], ["02,10", "request (02, 10)"], ["03", "agree (03)"], ["04", "consult (04)"],
  ["05", "support (05)"], ["06", "cooperate (06)"], ["07", "aid (07)"], ["08", "concede (08)"],
  ["11", "accuse (11)"], ["12", "reject (12)"], ["13", "threaten (13)"], ["14", "protest (14)"],
  ["16", "sanction (16)"], ["17", "coerce (17)"], ["18,19,20", "attack (18–20)"],
];

// --- small DOM helpers --------------------------------------------------------------------

function el(tag, attrs = {}, ...children) {
  const node = document.createElement(tag);
  for (const [key, value] of Object.entries(attrs)) {
    if (key.startsWith("on")) node.addEventListener(key.slice(2), value);
    else if (value !== undefined && value !== null) node.setAttribute(key, value);
  }
  for (const child of children) node.append(child instanceof Node ? child : document.createTextNode(child ?? ""));
  return node;
}

function svgEl(tag, attrs = {}) {
  const node = document.createElementNS(SVG_NS, tag);
  for (const [key, value] of Object.entries(attrs)) node.setAttribute(key, value);
  return node;
}

function localHref(iri) {
  const base = state.config.base;
  return iri.startsWith(base) ? "/resource/" + iri.slice(base.length) : iri;
}

function shortName(iri) {
  const base = state.config.base;
  if (iri.startsWith(base)) return iri.slice(base.length);
  const hash = iri.lastIndexOf("#");
  return hash >= 0 ? iri.slice(hash + 1) : iri;
}

function setStatus(id, text, isError = false) {
  const node = document.getElementById(id);
  node.textContent = text;
  node.classList.toggle("error", isError);
}

async function getJSON(url) {
  const response = await fetch(url, { headers: { Accept: "application/json" } });
  const body = await response.json().catch(() => ({ error: response.statusText }));
  if (!response.ok) throw new Error(body.error || response.statusText);
  return body;
}

// A tooltip that follows the pointer; `html` is built from escaped text only.
const tooltip = () => document.getElementById("tooltip");
function showTip(event, lines) {
  const tip = tooltip();
  tip.replaceChildren(...lines.map((line, i) => el(i === 0 ? "strong" : "div", {}, line)));
  tip.hidden = false;
  const x = Math.min(event.clientX + 14, window.innerWidth - tip.offsetWidth - 8);
  const y = Math.min(event.clientY + 14, window.innerHeight - tip.offsetHeight - 8);
  tip.style.left = `${x}px`;
  tip.style.top = `${y}px`;
}
function hideTip() { tooltip().hidden = true; }

function goldsteinColor(value, negated) {
  if (negated) return "#9aa0a6";
  if (value === null || value === undefined || Math.abs(value) < 0.5) return "#7b8794";
  return value > 0 ? "#1a7f5a" : "#c0392b";
}

// --- routing ------------------------------------------------------------------------------

function route() {
  const [view, arg] = (location.hash.slice(1) || "query").split("=");
  const name = ["query", "network", "timeline", "pair"].includes(view) ? view : "query";
  for (const section of document.querySelectorAll(".view")) section.hidden = section.id !== `view-${name}`;
  for (const link of document.querySelectorAll("#tabs a")) link.classList.toggle("active", link.dataset.view === name);
  const value = arg ? decodeURIComponent(arg) : "";
  if (name === "network") {
    const form = document.getElementById("network-filters");
    if (value) form.elements.namedItem("focus").value = value;
    drawNetwork();
  } else if (name === "timeline") {
    const form = document.getElementById("timeline-form");
    if (value) form.actor.value = value;
    drawTimeline();
  } else if (name === "pair") {
    const form = document.getElementById("pair-form");
    if (value && value.includes("|")) [form.a.value, form.b.value] = value.split("|");
    drawPair();
  }
}

// --- query view ---------------------------------------------------------------------------

async function loadExamples() {
  state.queries = await getJSON("/api/queries");
  const list = document.getElementById("examples");
  list.replaceChildren(...state.queries.map((q) =>
    el("li", {}, el("button", { type: "button", class: "example", "data-name": q.name, title: q.description,
      onclick: () => pickExample(q) }, q.title), el("small", {}, q.description,
      q.needsNetwork ? el("em", { class: "network-note" }, " Calls a remote SPARQL service: the server must allow it.") : ""))));
}

function pickExample(query) {
  state.current = query;
  document.getElementById("sparql").value = query.sparql;
  const params = document.getElementById("params");
  params.replaceChildren(...query.params.map((p) => el("label", { title: p.description }, p.name,
    el("input", { name: p.name, value: p.default ?? "", placeholder: p.description || "any",
      list: /actor|place|person|of|^a$|^b$/.test(p.name) ? "actors" : null }))));
  for (const button of document.querySelectorAll(".example")) button.classList.toggle("active", button.dataset.name === query.name);
  runQuery();
}

async function runQuery() {
  const text = document.getElementById("sparql").value;
  const current = state.current && state.current.sparql === text ? state.current : null;
  setStatus("status", "running…");
  const started = performance.now();
  let response;
  try {
    if (current) {  // an unchanged example runs with its parameters bound on the server
      const params = new URLSearchParams();
      for (const input of document.querySelectorAll("#params input")) params.set(input.name, input.value);
      response = await fetch(`/api/queries/${current.name}?${params}`, { headers: { Accept: "application/sparql-results+json" } });
    } else {
      response = await fetch("/sparql", {
        method: "POST",
        headers: { "Content-Type": "application/x-www-form-urlencoded",
          Accept: "application/sparql-results+json, text/turtle;q=0.9" },
        body: new URLSearchParams({ query: text }),
      });
    }
  } catch (error) {
    setStatus("status", `request failed: ${error}`, true);
    return;
  }
  const seconds = ((performance.now() - started) / 1000).toFixed(2);
  const type = response.headers.get("content-type") || "";
  const results = document.getElementById("results");
  if (!response.ok) {
    const message = type.includes("json") ? (await response.json()).error : await response.text();
    setStatus("status", `error ${response.status}`, true);
    results.replaceChildren(el("pre", { class: "error" }, message));
    return;
  }
  const truncated = response.headers.get("x-result-truncated");
  if (type.includes("turtle")) {
    results.replaceChildren(el("pre", { class: "rdf" }, await response.text()));
    setStatus("status", `graph result in ${seconds} s${truncated ? " (cut at the row limit)" : ""}`);
    return;
  }
  const data = await response.json();
  if ("boolean" in data) {
    results.replaceChildren(el("p", { class: "boolean" }, `ASK → ${data.boolean}`));
    setStatus("status", `answered in ${seconds} s`);
    return;
  }
  renderTable(results, data.head.vars, data.results.bindings);
  setStatus("status", `${data.results.bindings.length} row(s) in ${seconds} s${truncated ? " — cut at the server's row limit" : ""}`);
}

function termCell(term) {
  if (!term) return el("td");
  if (term.type === "uri") {
    const external = !term.value.startsWith(state.config.base);
    return el("td", {}, el("a", { href: localHref(term.value), target: external ? "_blank" : null,
      rel: external ? "noopener" : null, title: term.value }, shortName(term.value)));
  }
  const cell = el("td", {}, term.value);
  if (term.datatype && /#(integer|decimal|double|float)$/.test(term.datatype)) cell.className = "num";
  return cell;
}

function renderTable(container, vars, rows) {
  if (!rows.length) {
    container.replaceChildren(el("p", { class: "empty" }, "No results."));
    return;
  }
  let sortKey = null;
  let ascending = true;
  const table = el("table", { class: "data sortable" });
  const head = el("tr", {}, ...vars.map((v) => el("th", { tabindex: "0", onclick: () => sortBy(v) }, v)));
  const body = el("tbody");
  table.append(el("thead", {}, head), body);

  const value = (row, v) => (row[v] ? row[v].value : "");
  function sortBy(v) {
    ascending = sortKey === v ? !ascending : true;
    sortKey = v;
    const numeric = rows.every((r) => !r[v] || !Number.isNaN(Number(r[v].value)));
    rows.sort((a, b) => {
      const x = value(a, v), y = value(b, v);
      const order = numeric ? Number(x) - Number(y) : x.localeCompare(y);
      return ascending ? order : -order;
    });
    for (const th of head.children) th.dataset.sort = th.textContent === v ? (ascending ? "asc" : "desc") : "";
    fill();
  }
  function fill() { body.replaceChildren(...rows.map((row) => el("tr", {}, ...vars.map((v) => termCell(row[v]))))); }
  fill();
  container.replaceChildren(table);
}

// --- actor search ---------------------------------------------------------------------------

let searchTimer = null;
function watchActorInputs() {
  document.addEventListener("input", (event) => {
    if (event.target.getAttribute("list") !== "actors") return;
    clearTimeout(searchTimer);
    const text = event.target.value.trim();
    if (text.length < 2) return;
    searchTimer = setTimeout(async () => {
      const found = await getJSON(`/api/entities?q=${encodeURIComponent(text)}`).catch(() => []);
      document.getElementById("actors").replaceChildren(...found.map((e) => el("option", { value: e.label }, e.type)));
    }, 200);
  });
}

// --- network view ---------------------------------------------------------------------------

async function drawNetwork() {
  const form = document.getElementById("network-filters");
  const params = new URLSearchParams(new FormData(form));
  const draw = ++draws.network;
  setStatus("network-status", "loading…");
  let data;
  try {
    data = await getJSON(`/api/network?${params}`);
    if (draw !== draws.network) return;
  } catch (error) {
    setStatus("network-status", String(error.message || error), true);
    return;
  }
  const svg = document.getElementById("network");
  svg.replaceChildren();
  const { nodes, links } = buildGraph(data.events, data.focus, 70);
  setStatus("network-status", `${data.events.length} event(s), ${nodes.length} actor(s)${data.events.length >= data.limit ? " — most recent shown" : ""}`);
  if (!nodes.length) {
    const empty = svgEl("text", { x: 20, y: 40, class: "empty" });
    empty.textContent = "No events match these filters.";
    svg.append(empty);
    return;
  }
  layoutAndRender(svg, nodes, links, data.focus);
}

function buildGraph(events, focus, maxNodes) {
  const nodes = new Map();
  const links = new Map();
  const node = (iri, label) => {
    if (!nodes.has(iri)) nodes.set(iri, { iri, label: label || shortName(iri), degree: 0 });
    return nodes.get(iri);
  };
  for (const e of events) {
    node(e.agent, e.agentLabel).degree++;
    node(e.target, e.targetLabel).degree++;
  }
  // Keep the busiest actors (and the focus) so the picture stays readable.
  const kept = new Set([...nodes.values()].sort((a, b) => b.degree - a.degree).slice(0, maxNodes).map((n) => n.iri));
  if (focus) kept.add(focus.iri);
  for (const e of events) {
    if (!kept.has(e.agent) || !kept.has(e.target) || e.agent === e.target) continue;
    const key = `${e.agent}|${e.target}|${e.relationName}|${e.polarity}`;
    if (!links.has(key)) links.set(key, { source: nodes.get(e.agent), target: nodes.get(e.target), events: [] });
    links.get(key).events.push(e);
  }
  return { nodes: [...nodes.values()].filter((n) => kept.has(n.iri)), links: [...links.values()] };
}

function layoutAndRender(svg, nodes, links, focus) {
  const width = svg.clientWidth || 900;
  const height = svg.clientHeight || 600;
  svg.setAttribute("viewBox", `0 0 ${width} ${height}`);
  nodes.forEach((n, i) => {  // start on a circle, so the layout is the same every time
    const angle = (2 * Math.PI * i) / nodes.length;
    n.x = width / 2 + (Math.min(width, height) / 3) * Math.cos(angle);
    n.y = height / 2 + (Math.min(width, height) / 3) * Math.sin(angle);
    n.vx = 0; n.vy = 0;
  });
  const defs = svgEl("defs");
  for (const [id, color] of [["coop", "#1a7f5a"], ["conflict", "#c0392b"], ["neutral", "#7b8794"], ["negated", "#9aa0a6"]]) {
    const marker = svgEl("marker", { id: `arrow-${id}`, viewBox: "0 0 10 10", refX: 10, refY: 5, markerWidth: 7, markerHeight: 7, orient: "auto-start-reverse" });
    marker.append(svgEl("path", { d: "M0,0 L10,5 L0,10 z", fill: color }));
    defs.append(marker);
  }
  svg.append(defs);
  const linkLayer = svgEl("g", { class: "links" });
  const nodeLayer = svgEl("g", { class: "nodes" });
  svg.append(linkLayer, nodeLayer);

  // Several relations between the same two actors bend apart instead of drawing over each other.
  const pairs = new Map();
  for (const link of links) {
    const key = [link.source.iri, link.target.iri].sort().join("|");
    if (!pairs.has(key)) pairs.set(key, []);
    pairs.get(key).push(link);
  }
  for (const group of pairs.values()) {
    group.forEach((link, i) => {
      link.bend = (i - (group.length - 1) / 2) * 34;
      link.flip = link.source.iri > link.target.iri ? -1 : 1;  // same side whichever way it points
    });
  }
  for (const link of links) {
    const first = link.events[0];
    const negated = first.polarity === "negated";
    const color = goldsteinColor(first.goldstein, negated);
    const kind = negated ? "negated" : color === "#1a7f5a" ? "coop" : color === "#c0392b" ? "conflict" : "neutral";
    link.line = svgEl("path", { fill: "none", stroke: color, "stroke-width": Math.min(1.5 + link.events.length, 6),
      "marker-end": `url(#arrow-${kind})`, class: `link ${kind}` });
    if (negated) link.line.setAttribute("stroke-dasharray", "5 4");
    // A wide invisible twin takes the pointer: thin and dashed strokes are hard to hit.
    link.hit = svgEl("path", { fill: "none", stroke: "transparent", "stroke-width": 14, class: `hit ${kind}` });
    link.hit.addEventListener("mousemove", (event) => showTip(event, [
      `${first.agentLabel || shortName(first.agent)} ${first.relationName}${negated ? " (negated)" : ""} ${first.targetLabel || shortName(first.target)}`,
      `${link.events.length} mention(s) · latest ${first.date || "undated"} · Goldstein ${first.goldstein ?? "n/a"}`,
      `“${first.sentence || ""}”`,
      first.title ? `— ${first.title}` : "",
    ]));
    link.hit.addEventListener("mouseenter", () => link.line.classList.add("hover"));
    link.hit.addEventListener("mouseleave", () => { hideTip(); link.line.classList.remove("hover"); });
    linkLayer.append(link.line, link.hit);
  }
  for (const node of nodes) {
    const radius = 5 + Math.min(14, Math.sqrt(node.degree) * 2.5);
    node.radius = radius;
    node.g = svgEl("g", { class: `node${focus && focus.iri === node.iri ? " focus" : ""}`, tabindex: 0 });
    const circle = svgEl("circle", { r: radius });
    const label = svgEl("text", { dx: radius + 3, dy: 4 });
    label.textContent = node.label;
    const title = svgEl("title");
    title.textContent = `${node.label} — ${node.degree} event mention(s)`;
    node.g.append(circle, label, title);
    let dragged = false;
    node.g.addEventListener("pointerdown", (event) => {
      dragged = false;
      node.fixed = true;
      node.g.setPointerCapture(event.pointerId);
      const move = (e) => {
        const point = toSvgPoint(svg, e);
        dragged = true;
        node.x = point.x; node.y = point.y;
        kick();
      };
      node.g.addEventListener("pointermove", move);
      node.g.addEventListener("pointerup", () => {
        node.g.removeEventListener("pointermove", move);
        if (!dragged) location.href = localHref(node.iri);
      }, { once: true });
    });
    nodeLayer.append(node.g);
  }

  // A small force layout: pairwise repulsion, springs along links, a pull to the centre.
  let alpha = 1;
  let running = false;
  function tick() {
    for (let i = 0; i < nodes.length; i++) {
      const a = nodes[i];
      for (let j = i + 1; j < nodes.length; j++) {
        const b = nodes[j];
        let dx = a.x - b.x, dy = a.y - b.y;
        let dist2 = dx * dx + dy * dy;
        if (dist2 < 1) { dx = Math.random() - 0.5; dy = Math.random() - 0.5; dist2 = 1; }
        const force = (9000 * alpha) / dist2;
        const dist = Math.sqrt(dist2);
        a.vx += (dx / dist) * force; a.vy += (dy / dist) * force;
        b.vx -= (dx / dist) * force; b.vy -= (dy / dist) * force;
      }
    }
    for (const link of links) {
      const { source: s, target: t } = link;
      const dx = t.x - s.x, dy = t.y - s.y;
      const dist = Math.sqrt(dx * dx + dy * dy) || 1;
      const pull = ((dist - 200) / dist) * 0.04 * alpha;
      s.vx += dx * pull; s.vy += dy * pull;
      t.vx -= dx * pull; t.vy -= dy * pull;
    }
    for (const n of nodes) {
      n.vx += (width / 2 - n.x) * 0.005 * alpha;
      n.vy += (height / 2 - n.y) * 0.005 * alpha;
      if (!n.fixed) { n.x += n.vx; n.y += n.vy; }
      n.vx *= 0.6; n.vy *= 0.6;
      n.x = Math.max(n.radius + 2, Math.min(width - n.radius - 60, n.x));
      n.y = Math.max(n.radius + 2, Math.min(height - n.radius - 2, n.y));
    }
    render();
    alpha *= 0.975;
    if (alpha > 0.02) requestAnimationFrame(tick);
    else { running = false; svg.dataset.settled = "true"; }
  }
  function render() {
    for (const link of links) {
      const { source: s, target: t } = link;
      const dx = t.x - s.x, dy = t.y - s.y;
      const dist = Math.sqrt(dx * dx + dy * dy) || 1;
      const nx = (-dy / dist) * link.bend * link.flip, ny = (dx / dist) * link.bend * link.flip;
      const cx = (s.x + t.x) / 2 + nx, cy = (s.y + t.y) / 2 + ny;
      // Start and end on the circles' rims, aimed at the control point.
      const ax = cx - s.x, ay = cy - s.y, al = Math.sqrt(ax * ax + ay * ay) || 1;
      const bx = cx - t.x, by = cy - t.y, bl = Math.sqrt(bx * bx + by * by) || 1;
      const x1 = s.x + (ax / al) * s.radius, y1 = s.y + (ay / al) * s.radius;
      const x2 = t.x + (bx / bl) * (t.radius + 2), y2 = t.y + (by / bl) * (t.radius + 2);
      const d = `M${x1.toFixed(1)},${y1.toFixed(1)} Q${cx.toFixed(1)},${cy.toFixed(1)} ${x2.toFixed(1)},${y2.toFixed(1)}`;
      link.line.setAttribute("d", d);
      link.hit.setAttribute("d", d);
    }
    for (const n of nodes) n.g.setAttribute("transform", `translate(${n.x.toFixed(1)},${n.y.toFixed(1)})`);
  }
  function kick() {
    alpha = Math.max(alpha, 0.3);
    svg.dataset.settled = "false";
    if (!running) { running = true; requestAnimationFrame(tick); }
  }
  render();
  running = true;
  svg.dataset.settled = "false";
  requestAnimationFrame(tick);
}

function toSvgPoint(svg, event) {
  const point = svg.createSVGPoint();
  point.x = event.clientX; point.y = event.clientY;
  return point.matrixTransform(svg.getScreenCTM().inverse());
}

// --- time charts ----------------------------------------------------------------------------

function dateValue(text) { return text ? Date.parse(text.slice(0, 10)) : NaN; }

function axisDates(svg, x, from, to, y, width) {
  const span = to - from || 86400000;
  const steps = Math.min(8, Math.max(2, Math.floor(width / 120)));
  for (let i = 0; i <= steps; i++) {
    const t = from + (span * i) / steps;
    const label = svgEl("text", { x: x(t), y: y + 16, "text-anchor": "middle", class: "axis" });
    label.textContent = new Date(t).toISOString().slice(0, 10);
    svg.append(svgEl("line", { x1: x(t), x2: x(t), y1: y, y2: y + 4, class: "axis" }), label);
  }
  svg.append(svgEl("line", { x1: x(from), x2: x(to), y1: y, y2: y, class: "axis" }));
}

function eventList(container, events, perspective) {
  const rows = events.map((e) => el("tr", { class: e.polarity },
    el("td", {}, e.date || ""),
    el("td", {}, el("a", { href: localHref(e.agent) }, e.agentLabel || shortName(e.agent))),
    el("td", {}, el("a", { href: localHref(e.event) }, e.relationName + (e.polarity === "negated" ? " (negated)" : ""))),
    el("td", {}, el("a", { href: localHref(e.target) }, e.targetLabel || shortName(e.target))),
    el("td", { class: "num" }, e.goldstein ?? ""),
    el("td", { class: "evidence" }, e.sentence || "", e.article ? el("span", { class: "source" }, " (",
      el("a", { href: localHref(e.article) }, e.title || "article"), ")") : "")));
  const table = el("table", { class: "data" }, el("thead", {}, el("tr", {}, ...["date", "agent", "relation", "target",
    "Goldstein", "evidence"].map((h) => el("th", {}, h)))), el("tbody", {}, ...rows));
  container.replaceChildren(events.length ? table : el("p", { class: "empty" }, `No events for ${perspective}.`));
}

async function drawTimeline() {
  const form = document.getElementById("timeline-form");
  const actor = form.actor.value.trim();
  if (!actor) return;
  const draw = ++draws.timeline;
  setStatus("timeline-status", "loading…");
  let data;
  try {
    data = await getJSON(`/api/timeline?actor=${encodeURIComponent(actor)}`);
    if (draw !== draws.timeline) return;
  } catch (error) {
    setStatus("timeline-status", String(error.message || error), true);
    return;
  }
  const events = data.events.filter((e) => !Number.isNaN(dateValue(e.date)));
  setStatus("timeline-status", `${data.actor.label}: ${data.events.length} event(s)`);
  const svg = document.getElementById("timeline");
  svg.replaceChildren();
  const lanes = [...new Set(events.map((e) => e.relationName))].sort();
  const width = svg.clientWidth || 900, laneHeight = 28, top = 20, left = 170, right = 30;
  const height = top + Math.max(1, lanes.length) * laneHeight + 40;
  svg.setAttribute("viewBox", `0 0 ${width} ${height}`);
  svg.style.height = `${height}px`;
  if (!events.length) return eventList(document.getElementById("timeline-list"), data.events, data.actor.label);
  const times = events.map((e) => dateValue(e.date));
  const from = Math.min(...times) - 86400000 * 3, to = Math.max(...times) + 86400000 * 3;
  const x = (t) => left + ((t - from) / (to - from)) * (width - left - right);
  lanes.forEach((lane, i) => {
    const y = top + i * laneHeight + laneHeight / 2;
    const label = svgEl("text", { x: left - 10, y: y + 4, "text-anchor": "end", class: "lane" });
    label.textContent = lane;
    svg.append(svgEl("line", { x1: left, x2: width - right, y1: y, y2: y, class: "lane" }), label);
  });
  for (const e of events) {
    const y = top + lanes.indexOf(e.relationName) * laneHeight + laneHeight / 2;
    const outgoing = e.agent === data.actor.iri;
    const dot = svgEl("circle", { cx: x(dateValue(e.date)), cy: y, r: 6, class: `event ${e.polarity}`,
      fill: goldsteinColor(e.goldstein, e.polarity === "negated"), "fill-opacity": 0.8 });
    dot.addEventListener("mousemove", (event) => showTip(event, [
      `${e.date} · ${e.agentLabel} ${e.relationName} ${e.targetLabel}${outgoing ? "" : " (received)"}`,
      `“${e.sentence || ""}”`, e.title ? `— ${e.title}` : ""]));
    dot.addEventListener("mouseleave", hideTip);
    dot.addEventListener("click", () => { location.href = localHref(e.event); });
    svg.append(dot);
  }
  axisDates(svg, x, from, to, top + lanes.length * laneHeight + 6, width - left - right);
  eventList(document.getElementById("timeline-list"), data.events, data.actor.label);
}

function bucketOf(date, size) { return size === "year" ? date.slice(0, 4) : size === "day" ? date.slice(0, 10) : date.slice(0, 7); }

async function drawPair() {
  const form = document.getElementById("pair-form");
  const a = form.a.value.trim(), b = form.b.value.trim();
  if (!a || !b) return;
  const draw = ++draws.pair;
  setStatus("pair-status", "loading…");
  let data;
  try {
    data = await getJSON(`/api/pair?a=${encodeURIComponent(a)}&b=${encodeURIComponent(b)}`);
    if (draw !== draws.pair) return;
  } catch (error) {
    setStatus("pair-status", String(error.message || error), true);
    return;
  }
  const size = form.bucket.value;
  const buckets = new Map();
  let counted = 0;
  for (const e of data.events) {
    // Negated events did not happen, so they carry no weight.
    if (!e.date || e.goldstein === null || e.polarity === "negated") continue;
    const key = bucketOf(e.date, size);
    if (!buckets.has(key)) buckets.set(key, { ab: 0, ba: 0, nab: 0, nba: 0 });
    const bucket = buckets.get(key);
    if (e.agent === data.a.iri) { bucket.ab += e.goldstein; bucket.nab++; } else { bucket.ba += e.goldstein; bucket.nba++; }
    counted++;
  }
  const keys = [...buckets.keys()].sort();
  setStatus("pair-status", `${data.a.label} ↔ ${data.b.label}: ${data.events.length} event(s), ${counted} weighted`);
  const svg = document.getElementById("pair");
  svg.replaceChildren();
  const width = svg.clientWidth || 900, height = 320, left = 50, right = 20, top = 20, bottom = 50;
  svg.setAttribute("viewBox", `0 0 ${width} ${height}`);
  const values = keys.flatMap((k) => [buckets.get(k).ab, buckets.get(k).ba]);
  const extent = Math.max(10, ...values.map(Math.abs));
  const y = (v) => top + ((extent - v) / (2 * extent)) * (height - top - bottom);
  const slot = (width - left - right) / Math.max(1, keys.length);
  const bar = Math.max(4, Math.min(28, slot / 2 - 4));
  for (const tick of [extent, extent / 2, 0, -extent / 2, -extent]) {
    const label = svgEl("text", { x: left - 6, y: y(tick) + 4, "text-anchor": "end", class: "axis" });
    label.textContent = tick.toFixed(0);
    svg.append(svgEl("line", { x1: left, x2: width - right, y1: y(tick), y2: y(tick), class: tick === 0 ? "zero" : "grid" }), label);
  }
  keys.forEach((key, i) => {
    const bucket = buckets.get(key);
    const cx = left + slot * i + slot / 2;
    for (const [value, count, offset, cls, who] of [[bucket.ab, bucket.nab, -bar - 1, "ab", `${data.a.label} → ${data.b.label}`],
      [bucket.ba, bucket.nba, 1, "ba", `${data.b.label} → ${data.a.label}`]]) {
      if (!count) continue;  // no events that way in this period: no bar, rather than a zero sliver
      const rect = svgEl("rect", { x: cx + offset, width: bar, y: Math.min(y(value), y(0)),
        height: Math.max(1, Math.abs(y(value) - y(0))), class: `bar ${cls} ${value >= 0 ? "coop" : "conflict"}` });
      rect.addEventListener("mousemove", (event) => showTip(event, [`${key}: ${who}`, `${count} event(s), Goldstein sum ${value.toFixed(1)}`]));
      rect.addEventListener("mouseleave", hideTip);
      svg.append(rect);
    }
    const label = svgEl("text", { x: cx, y: height - bottom + 16, "text-anchor": "middle", class: "axis" });
    label.textContent = key;
    svg.append(label);
  });
  const legend = svgEl("text", { x: left, y: height - 10, class: "legend" });
  legend.textContent = `left bar: ${data.a.label} → ${data.b.label} · right bar: ${data.b.label} → ${data.a.label} · green cooperation, red conflict`;
  svg.append(legend);
  eventList(document.getElementById("pair-list"), data.events, `${data.a.label} and ${data.b.label}`);
}

// --- start ----------------------------------------------------------------------------------

async function start() {
  state.config = await getJSON("/api/config").catch(() => state.config);
  document.getElementById("endpoint").textContent = `${location.origin}/sparql`;
  document.getElementById("family").replaceChildren(...FAMILIES.map(([value, label]) => el("option", { value }, label)));
  document.getElementById("run").addEventListener("click", runQuery);
  document.getElementById("sparql").addEventListener("keydown", (event) => {
    if (event.key === "Enter" && (event.ctrlKey || event.metaKey)) { event.preventDefault(); runQuery(); }
  });
  for (const [id, draw] of [["network-filters", drawNetwork], ["timeline-form", drawTimeline], ["pair-form", drawPair]]) {
    document.getElementById(id).addEventListener("submit", (event) => { event.preventDefault(); draw(); });
  }
  watchActorInputs();
  window.addEventListener("hashchange", route);
  await loadExamples().catch((error) => setStatus("status", `cannot load the example queries: ${error.message}`, true));
  route();
}

document.addEventListener("DOMContentLoaded", start);
