// Starts Swagger UI (swagger-ui-dist, vendored) on /api/v1/docs. A file of its own, not an inline
// script: the page's Content-Security-Policy runs scripts from this server only.
"use strict";
(function () {
  var root = document.getElementById("swagger-ui");
  window.ui = SwaggerUIBundle({
    url: root.getAttribute("data-openapi"),
    domNode: root,
    layout: "BaseLayout",
    presets: [SwaggerUIBundle.presets.apis],
    deepLinking: true,
    showExtensions: true,
    showCommonExtensions: true,
    validatorUrl: null, // no badge fetched from a validator elsewhere
  });
})();
