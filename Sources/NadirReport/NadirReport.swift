// NadirReport: see docs/architecture.md
