# Safe to Ask: `make site` sets everything up and builds the site and leaflets;
# `make test` runs the whole test suite. Both work on a fresh Debian machine as root.

PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed-$(shell cat requirements.lock pyproject.toml | md5sum | cut -c1-8)

# Debian packages the build needs: Pango for WeasyPrint, Noto fonts for every script.
SITE_PACKAGES := libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz-subset0 fontconfig fonts-noto-core fonts-noto-cjk \
	poppler-utils gettext zip
# And what the tests need: Chromium for browser tests, poppler for PDF checks, Java for the Nu HTML checker,
# nginx with its brotli_static module to serve the site with deploy/nginx.conf.
TEST_PACKAGES := chromium poppler-utils default-jre-headless nginx libnginx-mod-http-brotli-static

.PHONY: site test lint debian-site debian-test clean

site: $(STAMP) debian-site
	$(PY) -m generator build

test: $(STAMP) debian-site debian-test
	$(PY) -m ruff check generator tests benchmarks
	$(PY) -m pytest -n 2 --dist loadgroup --doctest-modules --ignore=generator/__main__.py generator tests

lint: $(STAMP)
	$(PY) -m ruff check generator tests benchmarks

$(STAMP): requirements.lock pyproject.toml
	@$(PYTHON) -c "import venv, ensurepip" 2>/dev/null || $(MAKE) --no-print-directory apt PACKAGES="python3-venv"
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --disable-pip-version-check -r requirements.lock
	$(PY) -m pip install --quiet --disable-pip-version-check --no-deps -e .
	rm -f $(VENV)/.installed-*
	touch $@

debian-site:
	@$(MAKE) --no-print-directory apt PACKAGES="$(SITE_PACKAGES)"

debian-test:
	@$(MAKE) --no-print-directory apt PACKAGES="$(TEST_PACKAGES)"

# Install the Debian packages in PACKAGES that are missing (needs root, as CI is).
apt:
	@missing=$$(for p in $(PACKAGES); do dpkg -s $$p >/dev/null 2>&1 || echo $$p; done); \
	if [ -n "$$missing" ]; then \
		echo "Installing Debian packages: $$missing"; \
		apt-get update -q && DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends $$missing; \
	fi

clean:
	rm -rf build site
