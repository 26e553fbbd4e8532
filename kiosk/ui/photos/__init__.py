"""Photos on screen: decoding off the UI thread, and the carousel and full-screen view that show them."""
