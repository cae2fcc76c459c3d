"use strict";
// The building blocks of every wsconf page (report.html, fuzz-report.html). Every string that comes from the data
// (and so possibly from the server under test) reaches the page through text nodes or attribute values only: no
// innerHTML, no URLs built from data.
window.wsconfDom = (function () {
  // Control characters from the wire would render as nothing or as boxes: show them as \uNNNN instead.
  const visible = (s) => s.replace(/[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f\u2028\u2029]/g,
    (c) => "\\u" + c.charCodeAt(0).toString(16).padStart(4, "0"));

  function el(tag, props, ...children) {
    const node = document.createElement(tag);
    for (const [key, value] of Object.entries(props || {})) {
      if (key === "class") node.className = value;
      else if (key === "onclick") node.addEventListener("click", value);
      else if (key.startsWith("data-")) node.setAttribute(key, String(value));
      else node[key] = value;
    }
    for (const child of children.flat()) {
      if (child === null || child === undefined || child === false) continue;
      node.appendChild(typeof child === "object" ? child : document.createTextNode(visible(String(child))));
    }
    return node;
  }

  const badge = (verdict, text) => el("span", { class: "badge v-" + verdict }, text === undefined ? verdict : text);
  const text = (value) => (value === null || value === undefined ? "—" : String(value));
  return { el, badge, text };
})();
