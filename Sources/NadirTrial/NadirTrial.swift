// NadirTrial: see docs/architecture.md
