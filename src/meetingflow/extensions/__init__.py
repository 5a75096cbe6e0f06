"""Extensions: tracks and stages that a flow may take, never imported by the core.

``default_flow(extensions=[appraisal.TRACK])`` adds democratic appraisal of members.
"""
