// NadirSDTM: see docs/architecture.md
