"""Page templates of kg viz (HTML, script and style, inlined into one file)."""
