"""Incidents: intake, approval, updates, promised update times and the audience."""
