"""Incident intake: create, edit while pending, four-eyes approval, cancel, and
the incident's public state.

Above the incidents, compensation and signals areas: creating an incident pins
its compensation policy and links the early warning it answers.
"""
