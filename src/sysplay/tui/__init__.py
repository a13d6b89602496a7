"""The full-screen game: everything in sysplay that imports Textual lives in this package."""
