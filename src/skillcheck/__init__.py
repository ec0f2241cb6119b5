"""skillcheck: which machine-learning career path are you closest to, and what to learn next."""

__version__ = "0.1.0"
