// NadirStats: see docs/architecture.md
