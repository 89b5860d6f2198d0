"""The week review window (`review_window`) and its parts: chart (the only
module that imports QtCharts), session table and editor, totals, outcome
ledger, reflections, the weekly review form and the undoable log commands.
"""
