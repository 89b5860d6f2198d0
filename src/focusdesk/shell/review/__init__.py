"""The parts of the week review window (QtCharts lives in `week_chart` only)."""
