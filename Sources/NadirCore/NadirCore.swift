// NadirCore: see docs/architecture.md
