"""Sources -> passages, topic matches, phrases and key figures.

Takes `Source` models and the curated topics; gives each passage's topic
scores and the figures worth quoting on a topic page.
"""
