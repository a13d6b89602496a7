"""Widgets for the play screen: actor cards, the relationship network, metrics, the context and the diary."""
