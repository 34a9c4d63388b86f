"""The HTTP API: one folder per domain (router, schemas, service), the ORM models and migrations."""
