// Starts Swagger UI on /docs. A static file, because the pages' Content-Security-Policy
// allows no inline script.
"use strict";
window.addEventListener("DOMContentLoaded", function () {
  if (typeof window.SwaggerUIBundle !== "function") {
    document.getElementById("swagger-ui").textContent =
      "Swagger UI could not be loaded (no internet access?); the API description is at /openapi.json.";
    return;
  }
  window.SwaggerUIBundle({ url: "/openapi.json", dom_id: "#swagger-ui", deepLinking: true });
});
