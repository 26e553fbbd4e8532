"""Qt widgets on top of the Qt-free core."""
