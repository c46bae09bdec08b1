// Swagger UI for the API documentation page: the schema's address comes from the page,
// so no script is written into it (the Content Security Policy allows none inline).
window.addEventListener("DOMContentLoaded", function () {
  var holder = document.getElementById("swagger-ui");
  if (!holder || !window.SwaggerUIBundle) {
    return;
  }
  window.SwaggerUIBundle({
    url: holder.getAttribute("data-schema-url"),
    dom_id: "#swagger-ui",
    deepLinking: false,
    docExpansion: "list",
    defaultModelsExpandDepth: 0,
    supportedSubmitMethods: ["get"],
    validatorUrl: null,
  });
});
