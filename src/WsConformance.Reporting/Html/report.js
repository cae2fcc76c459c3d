"use strict";
// Every string below that comes from the report (and so possibly from the server under test) reaches the page
// through dom.js's el(): text nodes or attribute values only, no innerHTML, no URLs built from data.
(function () {
  const data = JSON.parse(document.getElementById("report-data").textContent);
  const report = data.report;
  const VERDICTS = ["OK", "NON-STRICT", "INFORMATIONAL", "UNIMPLEMENTED", "SLOW", "FAILED", "ERROR"];
  const WORST_FIRST = ["ERROR", "FAILED", "SLOW", "NON-STRICT", "INFORMATIONAL", "UNIMPLEMENTED", "OK"];
  const app = document.getElementById("app");

  const { el, badge, text } = window.wsconfDom;
  const worst = (counts) => WORST_FIRST.find((v) => counts[v] > 0) || "MISSING";

  // Index results: case id → target index → result.
  const agentIndex = new Map(report.targets.map((t, i) => [t.agent, i]));
  const rows = new Map();
  const sections = [];
  report.cases.forEach((c, n) => {
    if (!rows.has(c.id)) {
      rows.set(c.id, { id: c.id, title: c.title, section: c.section, autobahnId: c.autobahnId, results: [] });
      if (!sections.includes(c.section)) sections.push(c.section);
    }
    rows.get(c.id).results[agentIndex.get(c.agent)] = { record: c, index: n };
  });

  function header() {
    const duration = (Date.parse(report.ended) - Date.parse(report.started)) / 1000;
    app.appendChild(el("h1", {}, "WebSocket conformance report"));
    app.appendChild(el("p", { class: "meta" },
      `${report.tool.name} ${report.tool.version} · started ${report.started} · ${duration.toFixed(2)} s · `,
      el("span", { id: "total-cases", "data-total": report.summary.cases }, String(report.summary.cases)), " results"));
    if (report.error) {
      app.appendChild(el("div", { class: "banner", id: "run-error" }, "The run stopped short: " + report.error));
    }
    if (!report.complete) {
      app.appendChild(el("div", { class: "banner", id: "incomplete" }, report.notRun.length
        ? `Incomplete run: ${report.notRun.length} selected case(s) never ran (NOT RUN, listed below); no verdict covers them.`
        : "Incomplete run: interrupted before every case finished; only finished cases are shown."));
    }
  }

  function targetsTable() {
    app.appendChild(el("h2", {}, "Targets"));
    const head = el("tr", {}, el("th", {}, ""), report.targets.map((t) => el("th", {}, t.agent)));
    const line = (label, cells) => el("tr", {}, el("th", {}, label), cells);
    const body = [
      line("URL", report.targets.map((t) => el("td", { class: "mono" }, t.url))),
      line("Server / User-Agent", report.targets.map((t) => el("td", { class: "mono" }, text(t.server)))),
      line("Transport", report.targets.map((t) => el("td", {}, text(t.transport)))),
      line("Cases", report.targets.map((t, i) => el("td", { "data-count": i + ":cases" }, String(t.summary.cases)))),
      ...VERDICTS.map((v) => line(v, report.targets.map((t, i) =>
        el("td", { class: t.summary.behavior[v] > 0 ? "v-" + v : "", "data-count": i + ":" + v }, String(t.summary.behavior[v] || 0))))),
      line("slow", report.targets.map((t, i) => el("td", { "data-count": i + ":slow" }, String(t.summary.slow)))),
    ];
    app.appendChild(el("table", { class: "targets" }, el("thead", {}, head), el("tbody", {}, body)));
  }

  const state = { verdicts: new Set(VERDICTS), section: "", text: "" };

  function filters() {
    const box = el("div", { class: "filters" }, el("strong", {}, "Filter:"));
    for (const v of VERDICTS) {
      const input = el("input", { type: "checkbox", checked: true, "data-verdict": v });
      input.addEventListener("change", () => { input.checked ? state.verdicts.add(v) : state.verdicts.delete(v); apply(); });
      box.appendChild(el("label", {}, input, " ", badge(v)));
    }
    const select = el("select", { id: "section-filter" }, el("option", { value: "" }, "all sections"),
      sections.map((s) => el("option", { value: s }, "section " + s)));
    select.addEventListener("change", () => { state.section = select.value; apply(); });
    const search = el("input", { type: "search", id: "text-filter", placeholder: "id, title, reason, agent…" });
    search.addEventListener("input", () => { state.text = search.value.toLowerCase(); apply(); });
    box.append(el("label", {}, "Section ", select), el("label", {}, "Text ", search), el("span", { id: "shown" }, ""));
    app.appendChild(box);
    state.select = select;
  }

  function matrix() {
    app.appendChild(el("h2", {}, "Sections × targets"));
    const head = el("tr", {}, el("th", {}, "Section"), el("th", {}, "Cases"), report.targets.map((t) => el("th", {}, t.agent)));
    const body = sections.map((section) => {
      const inSection = [...rows.values()].filter((r) => r.section === section);
      const cells = report.targets.map((t, i) => {
        const counts = {};
        for (const r of inSection) { const res = r.results[i]; if (res) counts[res.record.behavior] = (counts[res.record.behavior] || 0) + 1; }
        return el("td", { class: "cell v-" + worst(counts), "data-section-count": section + "|" + i },
          VERDICTS.filter((v) => counts[v]).map((v) => badge(v, counts[v] + " " + v)));
      });
      return el("tr", { onclick: () => { state.section = section; state.select.value = section; apply(); } },
        el("th", {}, section), el("td", {}, String(inSection.length)), cells);
    });
    app.appendChild(el("table", { class: "matrix" }, el("thead", {}, head), el("tbody", {}, body)));
  }

  const caseRows = [];

  function casesTable() {
    app.appendChild(el("h2", {}, "Cases"));
    const head = el("tr", {}, el("th", {}, "Case"), el("th", {}, "Title"), report.targets.map((t) => el("th", {}, t.agent)));
    const body = el("tbody", {});
    for (const row of rows.values()) {
      const tr = el("tr", { class: "case-row", "data-case": row.id });
      tr.appendChild(el("td", { class: "id" }, row.id, row.autobahnId && row.autobahnId !== row.id ? el("div", { class: "note" }, "Autobahn " + row.autobahnId) : null));
      tr.appendChild(el("td", { class: "title" }, row.title));
      report.targets.forEach((t, i) => {
        const res = row.results[i];
        if (!res) { tr.appendChild(el("td", { class: "cell v-MISSING" }, "missing")); return; }
        const c = res.record;
        const code = c.close && c.close.remoteCloseCode !== null ? c.close.remoteCloseCode : null;
        tr.appendChild(el("td", { class: "cell v-" + c.behavior, "data-result": res.index, onclick: () => toggleDetail(tr, res.index) },
          c.behavior, c.behaviorClose !== "OK" && c.behaviorClose !== c.behavior ? el("span", { class: "close-code" }, "close " + c.behaviorClose) : null,
          code !== null ? el("span", { class: "close-code" }, String(code)) : null, c.slow ? el("span", { class: "close-code" }, "slow") : null));
      });
      body.appendChild(tr);
      caseRows.push({ row, tr });
    }
    app.appendChild(el("table", { class: "cases" }, el("thead", {}, head), body));
  }

  function matches(row) {
    if (state.section && row.section !== state.section) return false;
    const results = row.results.filter(Boolean).map((r) => r.record);
    if (!results.some((c) => state.verdicts.has(c.behavior))) return false;
    if (!state.text) return true;
    const haystack = [row.id, row.autobahnId || "", row.title, ...results.flatMap((c) => [c.agent, c.reason, c.reasonClose, c.behavior, c.behaviorClose])];
    return haystack.some((s) => String(s).toLowerCase().includes(state.text));
  }

  function apply() {
    let shown = 0;
    for (const { row, tr } of caseRows) {
      const show = matches(row);
      tr.classList.toggle("hidden", !show);
      const next = tr.nextElementSibling;
      if (next && next.classList.contains("detail-row")) next.classList.toggle("hidden", !show);
      if (show) shown++;
    }
    document.getElementById("shown").textContent = `${shown} of ${caseRows.length} cases shown`;
  }

  function toggleDetail(tr, index) {
    const next = tr.nextElementSibling;
    if (next && next.classList.contains("detail-row")) {
      const same = next.getAttribute("data-result") === String(index);
      next.remove();
      if (same) return;
    }
    const cell = el("td", { colSpan: 2 + report.targets.length }, window.wsconfDetail(data, index, el, badge, text));
    tr.after(el("tr", { class: "detail-row", "data-result": index }, cell));
  }

  function excluded() {
    if (!report.excluded.length) return;
    app.appendChild(el("details", { id: "excluded" }, el("summary", {}, `${report.excluded.length} excluded cases (skipped)`),
      el("ul", {}, report.excluded.map((c) => el("li", {}, c.id + " — " + c.title)))));
  }

  function notRun() {
    if (!report.notRun.length) return;
    app.appendChild(el("details", { id: "not-run", open: true }, el("summary", {}, `${report.notRun.length} NOT RUN (selected, never ran)`),
      el("ul", {}, report.notRun.map((c) => el("li", {}, `${c.id} [${c.agent}] — ${c.title}: ${c.reason}`)))));
  }

  function legend() {
    app.appendChild(el("p", { class: "legend" }, el("strong", {}, "Legend: "),
      badge("OK", "OK: as expected"), badge("NON-STRICT", "NON-STRICT: conformant, not strict (a SHOULD)"),
      badge("INFORMATIONAL", "INFORMATIONAL: behaviour left open by the RFC"), badge("UNIMPLEMENTED", "UNIMPLEMENTED: optional feature absent"),
      badge("SLOW", "SLOW: correct so far, out of time"), badge("FAILED", "FAILED: violates the RFC"), badge("ERROR", "ERROR: harness problem, not the tested endpoint's fault")));
  }

  header();
  targetsTable();
  legend();
  filters();
  matrix();
  casesTable();
  notRun();
  excluded();
  apply();
  document.documentElement.setAttribute("data-ready", "true");
})();
