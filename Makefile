# The interface of the knowledge base. `make help` lists the targets.
PYTHON     ?= python3
VENV       ?= .venv
BIN        := $(VENV)/bin
BUILDDIR   ?= _build
JOBS       ?= auto
KB         := $(BIN)/python -m kb --build-dir $(BUILDDIR) -j $(JOBS)
SPHINXOPTS ?=

.DEFAULT_GOAL := all
.PHONY: all help setup html pdf check test serve bench bench-search clean suggest new import

help: ## This list
	@grep -E '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | awk -F':.*## ' '{printf "  make %-8s %s\n", $$1, $$2}'

all: setup ## Set up if needed, then build and publish both editions into _build/
	$(KB) build

setup: $(VENV)/.installed ## Install the Debian packages and the Python environment
	@bash tools/system-deps.sh

$(VENV)/.installed: requirements.txt
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install -q --upgrade pip
	$(BIN)/python -m pip install -q -r requirements.txt
	touch $@

html: setup ## Build and publish the HTML edition (with the last PDF)
	$(KB) build --html

pdf: setup ## Build and publish the PDF edition
	$(KB) build --pdf

check: setup ## Check front matter and run a fresh strict build, publishing nothing
	$(KB) check

new: setup ## New testimonial page: make new TITRE="…" AUTEUR="…" [ROLE= ORGANISATION= DATE= ADRESSE=]
	@test -n "$$TITRE" && test -n "$$AUTEUR" || { echo "Indiquez le titre et l’auteur : make new TITRE=\"…\" AUTEUR=\"…\"" >&2; exit 2; }
	@$(KB) new --titre "$$TITRE" --auteur "$$AUTEUR" $${ROLE:+--role "$$ROLE"} \
	  $${ORGANISATION:+--organisation "$$ORGANISATION"} $${DATE:+--date "$$DATE"} $${ADRESSE:+--source "$$ADRESSE"}

import: setup ## Import a .docx, .odt, .html, .eml, .md or .txt as a new page: make import SOURCE=chemin [IMPORT_ARGS=…]
	@test -n "$$SOURCE" || { echo "Indiquez le fichier : make import SOURCE=chemin/du/fichier.docx" >&2; exit 2; }
	@$(KB) import "$$SOURCE" $(IMPORT_ARGS)

suggest: setup ## Propose thesis and glossary links: make suggest PAGE=temoignages/x.md [SUGGEST_ARGS=--apply]
	@test -n "$(PAGE)" || { echo "Indiquez la page : make suggest PAGE=temoignages/x.md" >&2; exit 2; }
	$(KB) suggest $(PAGE) $(SUGGEST_ARGS)

test: setup tests/browser-deps/node_modules/.package-lock.json ## Run the test suite (builds the real site in a temporary directory)
	$(BIN)/python -m pytest $(PYTEST_ARGS)

# axe-core, injected into pages by the accessibility tests (pinned in package-lock.json).
tests/browser-deps/node_modules/.package-lock.json: tests/browser-deps/package.json tests/browser-deps/package-lock.json
	cd tests/browser-deps && npm ci --no-audit --no-fund --silent

serve: setup ## Live preview on http://127.0.0.1:8000 while you write
	$(BIN)/sphinx-autobuild -n --keep-going . $(BUILDDIR)/preview \
	  --re-ignore '(^|/)(_build|\.venv|tests|\.git)/' $(SPHINXOPTS)

bench: setup ## Measure builds at 100, 1,000 and 3,000 synthetic testimonials (long; see README)
	$(BIN)/python -m bench $(BENCH_ARGS)

bench-search: setup ## Compare the site's search with Pagefind on the query set (see README)
	$(BIN)/python -m bench.search $(BENCH_ARGS)

clean: ## Remove the build output
	rm -rf $(BUILDDIR)

.PHONY: install
install: $(VENV)/.installed ## Put the built site into a web server's folder: make install DEST=/srv/kb (served: DEST/current)
	@test -n "$(DEST)" || { echo "Indiquez le dossier du site : make install DEST=/chemin/du/site" >&2; exit 2; }
	$(KB) install "$(DEST)" $(INSTALL_ARGS)
