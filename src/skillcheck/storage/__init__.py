"""Assessments and drafts on disk, and the lock that keeps two quizzes apart."""
