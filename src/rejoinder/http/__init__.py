"""HTTP: the public JSON API, the server-rendered pages, middleware."""
