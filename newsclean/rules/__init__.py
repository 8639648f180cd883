"""Rule kinds, rule packs and the compiled rule set."""
