"""Turning documents into what people read: text for a terminal, Markdown, HTML, SVG charts, the quiz screens."""
