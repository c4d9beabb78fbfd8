"""Incident intake: create, edit while pending, four-eyes approval, cancel, and
the incident's public state; and the dispatch that follows: the audience expanded
into delivery rows (`expansion`), the templates test-rendered for it
(`render_check`) and each message rendered as it is sent (`render_delivery`).

Above the incidents, compensation and signals areas: creating an incident pins
its compensation policy and links the early warning it answers.
"""
