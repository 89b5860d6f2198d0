"""Pure domain core: patterns, planner, session engine, week statistics. No Qt, no storage."""
