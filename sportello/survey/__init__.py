"""Satisfaction survey: invitations after a closed conversation or a resolved case, answers on every channel."""
