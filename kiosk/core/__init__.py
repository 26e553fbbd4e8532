"""Qt-free core: content, formatting, settings and paths. Nothing here may import PySide6."""
