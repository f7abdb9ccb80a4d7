// Starts Swagger UI on /docs. A static file, because the pages' Content-Security-Policy
// allows no inline script. Swagger UI's own files are served by this server
// (/static/swagger-ui/, from the fastapi-offline package), so no network is needed.
"use strict";
window.addEventListener("DOMContentLoaded", function () {
  if (typeof window.SwaggerUIBundle !== "function") {
    document.getElementById("swagger-ui").textContent =
      "Swagger UI could not be loaded (is the fastapi-offline package installed?); " +
      "the API description is at /openapi.json.";
    return;
  }
  // validatorUrl: null, or Swagger UI would send the description's URL to
  // validator.swagger.io for its badge.
  window.SwaggerUIBundle({ url: "/openapi.json", dom_id: "#swagger-ui", deepLinking: true,
                           validatorUrl: null });
});
