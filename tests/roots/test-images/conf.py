extensions = ["kb"]
language = "fr"
html_theme = "basic"
kb_themes = ["écosystème"]
latex_engine = "xelatex"
latex_documents = [("index", "images.tex", "Images", "Test", "manual")]
