// Renders /openapi.json with the Swagger UI files the node serves itself (no CDN: nodes may be offline).
// A key given as /docs#key=… is sent as a bearer token by "Try it out", never put in a URL.
const key = new URLSearchParams(location.hash.slice(1)).get("key");
window.SwaggerUIBundle({
  url: "/openapi.json",
  dom_id: "#reference",
  deepLinking: false,
  validatorUrl: null,
  requestInterceptor: (request) => {
    if (key) request.headers.Authorization = `Bearer ${key}`;
    return request;
  },
});
