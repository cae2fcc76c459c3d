"use strict";
// fuzz-report.html of an in-process coverage-guided run. Strings from the data (exception messages, file names)
// reach the page as text nodes only (wsconfDom.el); the charts get numbers only, as SVG attributes.
(function () {
  const { el, text } = window.wsconfDom;
  const data = JSON.parse(document.getElementById("coverage-fuzz-data").textContent);
  const svgNs = "http://www.w3.org/2000/svg";

  function svg(tag, attributes) {
    const node = document.createElementNS(svgNs, tag);
    for (const [key, value] of Object.entries(attributes)) node.setAttribute(key, String(value));
    return node;
  }

  // One line chart: points are [seconds, value]; numbers only, so nothing from the data becomes markup.
  function chart(title, points, unit) {
    const width = 640, height = 200, left = 70, bottom = 30, top = 10, right = 10;
    const maxX = Math.max(1, ...points.map((p) => p[0]));
    const maxY = Math.max(1, ...points.map((p) => p[1]));
    const x = (v) => left + (v / maxX) * (width - left - right);
    const y = (v) => top + (1 - v / maxY) * (height - top - bottom);
    const root = svg("svg", { viewBox: `0 0 ${width} ${height}`, width, height, class: "chart" });
    root.appendChild(svg("line", { x1: left, y1: y(0), x2: width - right, y2: y(0), class: "axis" }));
    root.appendChild(svg("line", { x1: left, y1: top, x2: left, y2: y(0), class: "axis" }));
    const yLabel = svg("text", { x: left - 6, y: top + 10, "text-anchor": "end", class: "tick" });
    yLabel.textContent = Math.round(maxY).toLocaleString("en");
    const xLabel = svg("text", { x: width - right, y: height - 8, "text-anchor": "end", class: "tick" });
    xLabel.textContent = maxX.toFixed(0) + " s";
    root.append(yLabel, xLabel);
    root.appendChild(svg("polyline", { points: points.map((p) => `${x(p[0]).toFixed(1)},${y(p[1]).toFixed(1)}`).join(" "), class: "series" }));
    return el("figure", {}, el("figcaption", {}, `${title} (${unit})`), root);
  }

  // The samples every progress interval, then the run's end if it came later.
  const last = data.timeline[data.timeline.length - 1];
  const timeline = last && last.seconds >= data.final.seconds ? data.timeline : data.timeline.concat([data.final]);
  // Executions per second per interval, from consecutive samples (the samples' own figure is the run's average).
  const rates = timeline.map((sample, i) => {
    const previous = i === 0 ? { seconds: 0, executions: 0 } : timeline[i - 1];
    const seconds = sample.seconds - previous.seconds;
    return [sample.seconds, seconds > 0 ? (sample.executions - previous.executions) / seconds : 0];
  });

  const finding = (f) => el("section", { class: "finding" },
    el("h3", {}, `${f.kind} ${f.signature} (${f.length} bytes)`),
    el("dl", {},
      el("dt", {}, "reproduce"), el("dd", {}, el("code", {}, text(f.reproduce))),
      el("dt", {}, "input (hex, first 256 bytes)"), el("dd", {}, el("code", {}, f.inputHex))),
    el("pre", {}, f.description));

  const final = data.final;
  document.getElementById("app").append(
    el("h1", {}, `Coverage fuzzing: ${data.target}`),
    el("p", {}, `seed ${data.seed}; ${final.executions.toLocaleString("en")} executions in ${final.seconds} s ` +
      `(${Math.round(final.executionsPerSecond).toLocaleString("en")}/s); ${final.edges} edges; corpus ${final.corpus}; ` +
      `${data.findings.length} finding(s)`),
    el("div", { class: "charts" },
      chart("Edges", timeline.map((s) => [s.seconds, s.edges]), "count"),
      chart("Executions per second", rates, "per second")),
    el("h2", {}, "Findings"),
    ...(data.findings.length === 0 ? [el("p", {}, "None.")] : data.findings.map(finding)));
})();
