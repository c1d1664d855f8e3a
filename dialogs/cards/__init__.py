"""Adaptive Cards the bot sends, one module per feature (common.py holds the parts
they share). They live below bot/ so that dialogs can send them too."""
