"use strict";
// fuzz-report.html: the figures of one `wsconf fuzz property` run (fuzz-data: fuzz-report.json itself) and every
// finding with its minimal counterexample; each finding's full result (report-data, one case per finding, same
// order) is shown by the run report's own detail view. Everything that comes from the data reaches the page
// through wsconfDom.el: text nodes and attribute values only.
(function () {
  const { el, badge, text } = window.wsconfDom;
  const fuzz = JSON.parse(document.getElementById("fuzz-data").textContent);
  const cases = JSON.parse(document.getElementById("report-data").textContent);
  const VERDICTS = ["OK", "NON-STRICT", "INFORMATIONAL", "UNIMPLEMENTED", "FAILED", "ERROR"];
  const app = document.getElementById("app");
  const dl = (pairs) => el("dl", {}, pairs.flatMap(([k, v]) => [el("dt", {}, k), el("dd", {}, v)]));
  const figure = (key, value) => el("td", { "data-count": key }, String(value));

  function header() {
    app.appendChild(el("h1", {}, "Property fuzzing report"));
    app.appendChild(el("p", { class: "meta" }, `${fuzz.tool} against ${fuzz.target.agent} `,
      el("span", { class: "mono", id: "target-uri" }, fuzz.target.uri),
      fuzz.target.transport ? el("span", { id: "target-transport" }, ` over ${fuzz.target.transport}`) : null));
    if (!fuzz.complete) {
      app.appendChild(el("div", { class: "banner", id: "incomplete" }, "Incomplete run: interrupted before every conversation ran."));
    }
  }

  function summary() {
    app.appendChild(el("h2", {}, "Run"));
    const o = fuzz.options;
    const rows = [
      ["Seed", figure("seed", fuzz.seed)],
      ["Conversations run", figure("runs", fuzz.runs)],
      ["Distinct bugs found", figure("findings", fuzz.findings.length)],
      ["Flaky (failed once, passed when re-run)", figure("flaky", fuzz.flaky)],
      ["Skipped (the model declined)", figure("skipped", fuzz.skipped)],
      ["Elapsed", el("td", { "data-seconds": "elapsed" }, `${fuzz.elapsedSeconds} s (shrinking ${fuzz.shrinkSeconds} s)`)],
      ["Conversations per second", figure("rate", fuzz.conversationsPerSecond)],
      ["Options", el("td", { class: "mono" }, `--max-frames ${o.maxFrames} --concurrency ${o.concurrency} --timeout-scale ${o.timeoutScale}`)],
    ];
    const verdicts = VERDICTS.filter((v) => fuzz.verdicts[v] !== undefined).concat(Object.keys(fuzz.verdicts).filter((v) => !VERDICTS.includes(v)));
    for (const v of verdicts) {
      const count = fuzz.verdicts[v];
      rows.push([badge(v), el("td", { class: count > 0 ? "v-" + v : "", "data-count": "verdict:" + v }, String(count))]);
    }
    app.appendChild(el("table", { class: "targets" }, el("tbody", {}, rows.map(([k, v]) => el("tr", {}, el("th", {}, k), v)))));
  }

  function frames(finding) {
    const head = el("tr", {}, ["#", "action", "bytes on the wire (hex)", "payload"].map((h) => el("th", {}, h)));
    const body = finding.frames.map((f, n) => el("tr", { class: "frame" },
      el("td", {}, String(n + 1)), el("td", {}, f.action),
      el("td", { class: "hex" }, f.wire === undefined ? "" : f.wire + (f.wireLength > f.wire.length / 2 ? ` … (${f.wireLength} bytes)` : "")),
      el("td", {}, f.payload === undefined ? "" : f.payload)));
    return el("table", { class: "wire" }, el("thead", {}, head), el("tbody", {}, body));
  }

  const plural = (n, word) => `${n} ${word}${n === 1 ? "" : "s"}`;
  const categories = (f) => Object.entries(f.categories).map(([name, count]) => `${name} ×${count}`).join(", ");

  // One row per distinct bug, before the details: what the server does wrong, its minimal conversation, the case file
  // that replays it, and how many failing runs (of which kinds of conversation) it explains.
  function bugTable() {
    const head = el("tr", {}, ["#", "what the server does wrong", "minimal conversation", "failing runs explained", "case file"].map((h) => el("th", {}, h)));
    const rows = fuzz.findings.map((f, i) => el("tr", { class: "bug", "data-bug": i },
      el("td", {}, el("a", { href: `#finding-${i}` }, String(i + 1))),
      el("td", { class: "deviation" }, f.deviation),
      el("td", { class: "mono" }, f.steps.join(", ") || "(no frames)"),
      el("td", { class: "explains" }, `${plural(f.occurrences, "run")}: ${categories(f)}`),
      el("td", { class: "mono" }, text(f.caseFile))));
    return el("table", { class: "bugs" }, el("thead", {}, head), el("tbody", {}, rows));
  }

  function finding(f, index) {
    const box = el("section", { class: "finding", id: `finding-${index}`, "data-finding": index });
    box.appendChild(el("h3", {}, badge(f.behavior), ` ${index + 1}. `, f.deviation, " — ", f.caseId));
    box.appendChild(dl([
      ["Explains", `${plural(f.occurrences, "failing run")} of these kinds of conversation: ${categories(f)}`],
      ["Seed / run", `seed ${fuzz.seed}, run ${f.run} (the run shrunk to the minimal conversation)`],
      ["Shrunk", `${f.originalFrames} → ${f.minimalFrames} frames in ${f.shrinkSteps} steps (${f.shrinkRuns} runs)`],
      ["Case file", el("span", { class: "mono case-file" }, text(f.caseFile))],
      ["Replay", el("span", { class: "mono" }, f.replay)],
    ]));
    box.appendChild(el("h4", {}, "Minimal conversation (frames as sent)"));
    box.appendChild(frames(f));
    box.appendChild(el("h4", {}, "Expected"));
    box.appendChild(el("p", { class: "mono expected" }, f.expected));
    box.appendChild(el("h4", {}, "Actual"));
    box.appendChild(dl([
      ["Events", el("span", { class: "mono observed" }, f.observed)],
      ["Verdict", el("span", {}, badge(f.behavior), " ", f.result)],
      ["Close", el("span", {}, badge(f.behaviorClose === "OK" ? "OK" : "FAILED", f.behaviorClose), " ", f.resultClose)],
    ]));
    const detail = el("details", { class: "full-result" }, el("summary", {}, "Full result of the minimal case (handshake, close, wire log)"));
    if (cases.report.cases[index]) detail.appendChild(window.wsconfDetail(cases, index, el, badge, text));
    box.appendChild(detail);
    return box;
  }

  function findings() {
    app.appendChild(el("h2", {}, `Distinct bugs (${fuzz.findings.length})`));
    if (!fuzz.findings.length) {
      app.appendChild(el("p", { id: "no-findings" }, "No finding: in every run the server did what the reference model allows."));
      return;
    }
    app.appendChild(bugTable());
    fuzz.findings.forEach((f, i) => app.appendChild(finding(f, i)));
  }

  header();
  summary();
  findings();
  document.documentElement.setAttribute("data-ready", "true");
})();
