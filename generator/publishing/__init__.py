"""Putting the built site on the web: its public address checked, files copied, editions printed."""
