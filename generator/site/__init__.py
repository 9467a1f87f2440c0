"""The Site model and its pages: gathers every stage's results per source
(`digest`) and for the corpus (`pipeline`), renders Markdown with pure
writers, and writes files (`output`, the only module that does).
"""
