"""The boundary signal's outputs (SPEC §4): the always-on-top signal light, the
full-screen signal board, the user's hook commands and the state file in the
runtime folder. `boundary_outputs` fans one status snapshot out to all of them.
"""
