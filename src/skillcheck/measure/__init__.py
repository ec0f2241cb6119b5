"""The measurement, pure: the estimator, scoring, the quiz flow and item selection, the learning plan's arithmetic."""
