// NadirDICOM: see docs/architecture.md
