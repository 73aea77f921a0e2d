"""Request and response shapes of the public API (they are the OpenAPI document)."""
