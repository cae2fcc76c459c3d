// Drives wsconf serve's cases through this browser's WebSocket API, following Autobahn's fuzzing-server protocol
// (getCaseCount, runCase, updateReports). Everything that comes from the server or the URL is shown with
// textContent only: never parsed as HTML.
'use strict';

(() => {
  const params = new URLSearchParams(location.search);
  const agent = params.get('agent') || navigator.userAgent;
  const shutdownOnComplete = params.get('shutdownOnComplete') === 'true';
  const server = (location.protocol === 'https:' ? 'wss://' : 'ws://') + location.host;
  const verdictClasses = new Set(['OK', 'NON-STRICT', 'INFORMATIONAL', 'UNIMPLEMENTED', 'FAILED', 'ERROR']);
  const counts = new Map();

  const element = id => document.getElementById(id);
  const show = (id, text) => { element(id).textContent = text; };
  const query = values => Object.entries(values).map(([name, value]) => `${name}=${encodeURIComponent(value)}`).join('&');

  // A control endpoint's answer: the one text message the server sends before it closes (null if none).
  function ask(path) {
    return new Promise(resolve => {
      const socket = new WebSocket(server + path);
      let answer = null;
      socket.onmessage = event => { answer = event.data; };
      socket.onclose = () => resolve(answer);
    });
  }

  // One case, as Autobahn's browser page runs it: echo every message; pings, the closing handshake and failing
  // the connection are the browser's own business (its API shows none of them). The case ends when it closes.
  function runCase(number) {
    return new Promise(resolve => {
      const socket = new WebSocket(`${server}/runCase?${query({ case: number, agent })}`);
      socket.binaryType = 'arraybuffer';
      socket.onmessage = event => socket.send(event.data);
      socket.onclose = () => resolve();
    });
  }

  async function caseStatus(number) {
    const answer = await ask(`/getCaseStatus?${query({ case: number, agent })}`);
    try {
      return JSON.parse(answer) || {};
    } catch {
      return {};
    }
  }

  function cell(row, text, className) {
    const td = row.insertCell();
    td.textContent = text;
    if (className) {
      td.className = className;
    }
  }

  const verdictClass = verdict => (verdictClasses.has(verdict) ? verdict : 'ERROR');

  function count(verdict) {
    counts.set(verdict, (counts.get(verdict) || 0) + 1);
    const body = element('counts').tBodies[0];
    body.replaceChildren();
    for (const [name, number] of counts) {
      const row = body.insertRow();
      cell(row, name, verdictClass(name));
      cell(row, String(number));
    }
  }

  function record(number, status) {
    const behavior = String(status.behavior || 'MISSING');
    count(behavior);
    if (status.transport) {
      show('transport', String(status.transport));
    }
    if (behavior === 'OK' && (!status.behaviorClose || status.behaviorClose === 'OK')) {
      return;
    }
    const row = element('cases').tBodies[0].insertRow();
    cell(row, String(number));
    cell(row, String(status.id || ''));
    cell(row, behavior, verdictClass(behavior));
    cell(row, String(status.behaviorClose || ''));
    cell(row, String(status.result || ''), 'reason');
  }

  async function run() {
    show('agent', agent);
    const total = Number.parseInt(await ask('/getCaseCount'), 10);
    if (!(total > 0)) {
      show('status', 'The server did not answer /getCaseCount: is wsconf serve still running?');
      return;
    }
    element('progress').max = total;
    for (let number = 1; number <= total; number++) {
      show('status', `running case ${number} of ${total}`);
      await runCase(number);
      record(number, await caseStatus(number));
      element('progress').value = number;
      show('progress-text', `${number} / ${total}`);
    }
    show('status', 'all cases run; writing the reports');
    await ask(`/updateReports?${query(shutdownOnComplete ? { agent, shutdownOnComplete: 'true' } : { agent })}`);
    show('status', `done: ${total} cases run, reports written by wsconf serve`);
    element('status').className = 'done';
    document.body.dataset.state = 'done';
  }

  run();
})();
