"use strict";
// The detail of one result: requirement, expected vs actual, close behaviour, handshake, statistics, wire log.
// Built with text nodes only, like the rest of the page.
window.wsconfDetail = function (data, index, el, badge, text) {
  const c = data.report.cases[index];
  const dl = (pairs) => el("dl", {}, pairs.filter(Boolean).flatMap(([k, v]) => [el("dt", {}, k), el("dd", {}, v)]));
  const box = el("div", { class: "detail" });

  box.appendChild(el("h3", {}, `${c.id} against ${c.agent}`));
  box.appendChild(dl([
    ["Title", c.title],
    ["Requirement", `${c.requirement.rfc} §${c.requirement.section} (${c.requirement.level}): ${c.requirement.text}`],
    ["Autobahn", c.autobahnId ? `${c.autobahnId} (case ${text(c.autobahnCase)})` : "—"],
    ["Started", `${c.started} · ${c.durationMs} ms`],
  ]));

  const expected = c.expected;
  box.appendChild(el("h3", {}, "Expected"));
  box.appendChild(el("ul", {},
    expected.alternatives.map((a) => el("li", {}, badge(a.behavior), " ", a.events.length ? a.events.join(", ") : "(no events)")),
    expected.handshake ? expected.handshake.map((h) => el("li", {}, "handshake: " + h)) : null,
    el("li", {}, `close: the ${expected.close.closedBy} sends the first Close` +
      (expected.close.codes.length ? `, code ${expected.close.codes.join(" or ")} (or none)` : "") +
      (expected.close.requireClean ? ", clean close required" : "")),
    expected.forced ? el("li", {}, "verdict forced to " + expected.forced + " (the RFC leaves it open)") : null));

  // The judgement's structure (absent in reports older than it): the one-sentence reason and the actual outcome as
  // the verdict compared it, beside the expected alternatives above.
  const judgement = c.judgement;
  const evidence = judgement && judgement.evidence;
  box.appendChild(el("h3", {}, "Actual"));
  box.appendChild(dl([
    ["Behavior", el("span", {}, badge(c.behavior), c.slow ? " (slow)" : "")],
    ["Reason", judgement ? judgement.reason : c.reason],
    evidence ? ["Compared", evidence.actual.length ? evidence.actual.join(", ") : "(no events)"] : null,
    c.confirmation ? ["Confirmed", c.confirmation.flaky
      ? `against an otherwise idle server; under load the outcome was ${c.confirmation.firstBehavior} / ${c.confirmation.firstBehaviorClose}: ${c.confirmation.firstReason}`
      : "against an otherwise idle server, with the same outcome as under load"] : null,
    ["Events", data.events[index] ? "" : "(no events)"],
  ]));
  if (c.events.length) {
    box.appendChild(el("ol", {}, c.events.map((e) => el("li", { class: "mono" }, `${e.atMs} ms: ${e.description}` + (e.afterServerClose ? " (after the peer's Close)" : "")))));
  }
  if (data.events[index] > c.events.length) {
    box.appendChild(el("p", { class: "note" }, `${c.events.length} of ${data.events[index]} events shown; report.json holds all.`));
  }

  const close = c.close;
  box.appendChild(el("h3", {}, "Close behaviour"));
  box.appendChild(dl([
    ["behaviorClose", el("span", {}, badge(c.behaviorClose === "OK" ? "OK" : c.behaviorClose === "INFORMATIONAL" || c.behaviorClose === "UNIMPLEMENTED" ? c.behaviorClose : "FAILED", c.behaviorClose))],
    ["Reason", c.reasonClose],
  ]));
  if (close) {
    const rows = [["closed by", close.closedBy], ["clean", String(close.wasClean) + (close.wasNotCleanReason ? ` (${close.wasNotCleanReason})` : "")],
      ["failed by harness", String(close.failedByMe)], ["dropped by harness", String(close.droppedByMe)],
      ["close handshake timeout", String(close.wasCloseHandshakeTimeout)], ["peer drop timeout", String(close.wasServerConnectionDropTimeout)],
      ["local close code / reason", `${text(close.localCloseCode)} / ${text(close.localCloseReason)}`],
      ["remote close code / reason", `${text(close.remoteCloseCode)} / ${text(close.remoteCloseReason)}`],
      ["frames after the peer's Close", String(close.framesAfterServerClose)]];
    box.appendChild(el("table", {}, el("tbody", {}, rows.map(([k, v]) => el("tr", {}, el("th", {}, k), el("td", { class: "mono" }, v))))));
  } else {
    box.appendChild(el("p", { class: "note" }, "No WebSocket connection: the opening handshake did not complete."));
  }

  box.appendChild(el("details", {}, el("summary", {}, "Opening handshake"),
    el("h3", {}, "Request"), el("pre", {}, c.handshake.request),
    el("h3", {}, "Response"), el("pre", {}, c.handshake.response === null ? "(no response)" : c.handshake.response)));

  const s = c.statistics;
  const counts = (o) => Object.entries(o).map(([k, v]) => `${k}: ${v}`).join(", ") || "—";
  box.appendChild(el("details", {}, el("summary", {}, `Traffic: ${s.sentBytes} bytes sent, ${s.receivedBytes} received`),
    dl([["write sizes", counts(s.sentOctets)], ["read sizes", counts(s.receivedOctets)],
      ["frames sent (by opcode)", counts(s.sentFrames)], ["frames received (by opcode)", counts(s.receivedFrames)]])));

  const total = data.wireRows[index];
  const wire = el("details", { class: "wire-log" }, el("summary", {}, `Wire log (${total} rows` + (c.wireLogDropped ? `, ${c.wireLogDropped} more not kept` : "") + ")"));
  if (!c.payloadsLogged) wire.appendChild(el("p", { class: "note" }, "Bulk case: payload bytes are not logged."));
  const head = el("tr", {}, ["ms", "row", "length", "frame", "preview", "hex"].map((h) => el("th", {}, h)));
  const body = c.wireLog.map((r) => el("tr", {},
    el("td", {}, String(r.atMs)), el("td", {}, r.kind), el("td", {}, r.length === undefined ? "" : String(r.length)),
    el("td", {}, r.opcode ? `${r.opcode} fin=${r.fin} rsv=${r.rsv}` + (r.mask ? ` mask=${r.mask}` : "") + (r.chop ? ` chop=${r.chop}` : "") : ""),
    el("td", {}, r.kind === "note" ? r.text : (r.preview || "") + (r.truncated ? ` … ${r.truncated} more bytes` : "")),
    el("td", { class: "hex" }, r.hex || "")));
  wire.appendChild(el("table", { class: "wire" }, el("thead", {}, head), el("tbody", {}, body)));
  if (total > c.wireLog.length) {
    wire.appendChild(el("p", { class: "note" }, `The HTML shows the first ${c.wireLog.length} of ${total} rows; report.json holds all.`));
  }
  box.appendChild(wire);
  return box;
};
