extensions = ["kb"]
language = "fr"
html_theme = "basic"
kb_themes = ["relation client"]
myst_enable_extensions = ["colon_fence"]
