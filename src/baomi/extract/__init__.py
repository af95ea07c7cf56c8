"""Text and tables out of files: formats, archives and limits against hostile input."""
