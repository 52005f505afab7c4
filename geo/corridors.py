"""Route -> geometry by mode (placeholder until the corridors stage lands)."""
