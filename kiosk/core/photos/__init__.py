"""Photo preparation, Qt-free: decode any image safely, orient, convert and scale it for a screen."""
