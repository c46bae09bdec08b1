// Swagger UI for the API documentation page: the schema's address comes from the page,
// so no script is written into it (the Content Security Policy allows none inline).
(function () {
  "use strict";

  // What Swagger UI leaves out for people using a keyboard or a screen reader: a name
  // for each parameter's control, and keyboard access to scrolling code examples.
  function mend(root) {
    root.querySelectorAll("tr[data-param-name] select, tr[data-param-name] input")
      .forEach(function (control) {
        if (!control.hasAttribute("aria-label")) {
          control.setAttribute("aria-label", control.closest("tr").getAttribute("data-param-name"));
        }
      });
    root.querySelectorAll(".highlight-code pre, pre.microlight").forEach(function (code) {
      if (!code.hasAttribute("tabindex")) {
        code.setAttribute("tabindex", "0");
      }
    });
  }

  window.addEventListener("DOMContentLoaded", function () {
    var holder = document.getElementById("swagger-ui");
    if (!holder || !window.SwaggerUIBundle) {
      return;
    }
    new MutationObserver(function () { mend(holder); })
      .observe(holder, { childList: true, subtree: true });
    window.SwaggerUIBundle({
      url: holder.getAttribute("data-schema-url"),
      dom_id: "#swagger-ui",
      deepLinking: false,
      docExpansion: "list",
      defaultModelsExpandDepth: 0,
      supportedSubmitMethods: ["get"],
      validatorUrl: null,
      syntaxHighlight: { activated: false },
    });
  });
})();
