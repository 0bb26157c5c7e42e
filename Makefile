# saleslab: `make lab` opens the course, `make test` runs every test.
# Plain POSIX make; everything installs into .venv from src/saleslab/pins.txt.

# Empty: tools/python-env.sh picks python3, python3.13 ... by itself (make lab PYTHON=... to choose).
PYTHON =
VENV = .venv
BIN = $(VENV)/bin
PINS = src/saleslab/pins.txt
STAMP = $(VENV)/.saleslab-installed
START = notebooks/00_start_here.ipynb
LAB_FLAGS = --ServerApp.ip=127.0.0.1 --ServerApp.root_dir=.
# The edition `make lab` opens: empty for English, zh_CN for Chinese (make lab SALESLAB_LANG=zh_CN,
# or SALESLAB_LANG=zh_CN in the environment).
SALESLAB_LANG ?=
# The package catalogues, compiled (.mo) whenever their .po changed; never committed.
PO = $(wildcard src/saleslab/locale/*/LC_MESSAGES/saleslab.po)
MO = $(PO:.po=.mo)

.PHONY: setup lab test test-fast execute present site browser sandbox fonts hub-setup clean translations

setup: $(STAMP) $(MO)

$(STAMP): pyproject.toml $(PINS)
	@sh tools/python-env.sh venv $(VENV) $(PYTHON)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -c $(PINS) -e ".[test]"
	@touch $(STAMP)

$(MO): %.mo: %.po | $(STAMP)
	$(BIN)/saleslab translations compile

# The Chinese edition has its own JupyterLab user settings (Lab's language set to Chinese),
# so the learner's own settings, and the English edition, stay as they are.
LAB_SETTINGS_zh_CN = $(VENV)/share/saleslab/lab-zh_CN/settings
LAB_LOCALE = @jupyterlab/translation-extension/plugin.jupyterlab-settings

lab: setup
	@if [ "$$(id -u)" = 0 ]; then root=--allow-root; else root=; fi; \
	if [ -z "$(SALESLAB_LANG)" ] || [ "$(SALESLAB_LANG)" = en ]; then \
		exec $(BIN)/jupyter lab $(LAB_FLAGS) --LabApp.default_url=/lab/tree/$(START) $$root; \
	elif [ "$(SALESLAB_LANG)" != zh_CN ]; then \
		echo "SALESLAB_LANG must be en or zh_CN, got $(SALESLAB_LANG)"; exit 2; \
	fi; \
	start=zh_CN/$(START); \
	if [ ! -f "$$start" ]; then \
		echo "The Chinese start notebook is not built yet (saleslab translations status): opening zh_CN/."; \
		start=zh_CN; mkdir -p zh_CN; \
	fi; \
	mkdir -p "$(LAB_SETTINGS_zh_CN)/$$(dirname $(LAB_LOCALE))"; \
	echo '{"locale": "zh_CN"}' > "$(LAB_SETTINGS_zh_CN)/$(LAB_LOCALE)"; \
	SALESLAB_LANG=zh_CN JUPYTERLAB_SETTINGS_DIR="$(LAB_SETTINGS_zh_CN)" \
		exec $(BIN)/jupyter lab $(LAB_FLAGS) --LabApp.default_url=/lab/tree/$$start $$root

# Maintainers: merge English edits into the catalogues, compile, rebuild and run the Chinese
# notebooks whose catalogue is complete, and show what is left to translate.
translations: setup
	$(BIN)/saleslab translations update
	$(BIN)/saleslab translations compile
	$(BIN)/saleslab translations build
	$(BIN)/saleslab translations status

# Two workers or more (one per core); a notebook's cells, and a test file's shared fixtures
# (the Lab server, the executed story notebooks), stay on one worker.
XDIST = -n auto --dist loadfile

test: setup browser sandbox fonts hub-setup
	$(BIN)/python -m pytest $(XDIST)

test-fast: setup
	$(BIN)/python -m pytest $(XDIST) -m "not slow and not browser"

execute: setup
	$(BIN)/saleslab execute

# The offline self-study site: open site/index.html in any browser, no network needed.
site: setup
	$(BIN)/saleslab site --out site

# Project a case dashboard (code hidden) in Voila: make present CASE=case1
CASE = case1
present: setup
	$(BIN)/saleslab present $(CASE)

# Debian's chromium for the browser smoke test (Playwright's own download does not work).
browser:
	@if command -v chromium >/dev/null 2>&1; then :; \
	elif [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then \
		echo "Installing chromium for the browser test (apt-get)..."; \
		apt-get update -qq >/dev/null && apt-get install -y -qq chromium >/dev/null; \
	else \
		echo "************************************************************"; \
		echo "* chromium is missing: the browser smoke test will be skipped."; \
		echo "* Install it with:  sudo apt-get install -y chromium"; \
		echo "************************************************************"; \
	fi

# Debian's bubblewrap: `saleslab grade` runs each learner's notebook in its sandbox.
sandbox:
	@if command -v bwrap >/dev/null 2>&1; then :; \
	elif [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then \
		echo "Installing bubblewrap for sandboxed grading (apt-get)..."; \
		apt-get update -qq >/dev/null && apt-get install -y -qq bubblewrap >/dev/null; \
	else \
		echo "************************************************************"; \
		echo "* bubblewrap is missing: grading runs learner code unsandboxed"; \
		echo "* and the attack tests are skipped. Install: sudo apt-get install -y bubblewrap"; \
		echo "************************************************************"; \
	fi

# Debian's Noto CJK fonts: figures of the Chinese edition draw their text with them (the tests
# check every glyph). Elsewhere `saleslab check` prints this system's install command.
fonts:
	@if command -v fc-list >/dev/null 2>&1 && fc-list :lang=zh family | grep -q .; then :; \
	elif [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then \
		echo "Installing fonts-noto-cjk for the Chinese figures (apt-get)..."; \
		apt-get update -qq >/dev/null && apt-get install -y -qq fonts-noto-cjk >/dev/null; \
	else \
		echo "************************************************************"; \
		echo "* No Chinese font: the Chinese edition's figure tests are skipped."; \
		echo "* Install one with:  sudo apt-get install -y fonts-noto-cjk"; \
		echo "************************************************************"; \
	fi

# The class hub's proxy, from the npm registry, into .hub/ (docs/hub.md).
HUB_PROXY = configurable-http-proxy@5.3.0
hub-setup: setup
	@if [ -x .hub/node_modules/.bin/configurable-http-proxy ]; then :; \
	elif ! command -v npm >/dev/null 2>&1 && [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then \
		echo "Installing npm for the hub's proxy (apt-get)..."; \
		apt-get update -qq >/dev/null && apt-get install -y -qq npm >/dev/null; \
	fi
	@if [ -x .hub/node_modules/.bin/configurable-http-proxy ]; then :; \
	elif command -v npm >/dev/null 2>&1; then \
		mkdir -p .hub && npm install --prefix .hub --no-audit --no-fund --silent $(HUB_PROXY); \
	else \
		echo "************************************************************"; \
		echo "* npm is missing: the hub test will be skipped."; \
		echo "* Install it with:  sudo apt-get install -y npm"; \
		echo "************************************************************"; \
	fi

clean:
	rm -rf $(VENV) .pytest_cache site build
