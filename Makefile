# meso - see README.md. `make` builds ./meso, `make test` runs every test,
# `make run` installs what is missing, builds, creates a demo school and serves it,
# `make run-school` serves a new school's database in setup mode.

CC      ?= cc
PKGS    := sqlite3 libmicrohttpd libsodium jansson gsl cairo pangocairo xlsxwriter \
           libxml-2.0 liboath libqrencode nlopt libpq zlib
PKG_CFLAGS := $(shell pkg-config --cflags $(PKGS) 2>/dev/null)
PKG_LIBS   := $(shell pkg-config --libs $(PKGS) 2>/dev/null) -lcsv -lm -lpthread

WARN    := -Wall -Wextra -Werror -Wshadow -Wformat=2 -Wvla -Wstrict-prototypes \
           -Wmissing-prototypes -Wpointer-arith -Wcast-qual -Wno-unused-parameter
BASE    := -std=c17 -D_GNU_SOURCE -Isrc -Ibuild/gen $(WARN) $(PKG_CFLAGS) -MMD -MP
REL     := -O2 -g -D_FORTIFY_SOURCE=2 -fstack-protector-strong
SAN     := -O1 -g -fsanitize=address,undefined -fno-omit-frame-pointer \
           -fno-sanitize-recover=undefined

SRC       := $(sort $(shell find src -name '*.c'))
LIB_SRC   := $(filter-out src/main.c,$(SRC))
MIGRATIONS := $(sort $(wildcard src/db/migrations/*.sql))
GEN_SRC   := build/gen/migrations.c build/gen/assets.c build/gen/po.c
UNIT_SRC  := $(sort $(wildcard tests/unit/test_*.c))
FUZZ_SRC  := $(sort $(wildcard tests/fuzz/fuzz_*.c))

REL_LIB_OBJ := $(LIB_SRC:%.c=build/rel/%.o) $(GEN_SRC:build/gen/%.c=build/rel/gen/%.o)
SAN_LIB_OBJ := $(LIB_SRC:%.c=build/san/%.o) $(GEN_SRC:build/gen/%.c=build/san/gen/%.o)
UNIT_BIN    := $(UNIT_SRC:tests/unit/%.c=build/san/tests/%)
# The unit tests that open a database (testutil.h: test_db), run on both.
UNIT_DB_BIN := $(patsubst tests/unit/%.c,build/san/tests/%,$(shell grep -l 'test_db' $(UNIT_SRC)))
FUZZ_BIN    := $(FUZZ_SRC:tests/fuzz/%.c=build/san/fuzz/%)

# Web assets (docs/frontend.md): compiled or copied into build/assets/, then
# embedded as web_assets[] (build/gen/assets.c); meso serves them at /assets/NAME.
WEB_SRC   := $(sort $(shell find web -type f 2>/dev/null))
ASSETS    := build/assets/app.js build/assets/favicon.svg \
             build/assets/govuk-frontend.min.js build/assets/meso.css
NPM_STAMP := node_modules/.package-lock.json
SASS_FLAGS := --load-path=node_modules --style=compressed --no-source-map --no-charset \
              --silence-deprecation=import --quiet-deps

# How many test jobs (and builds) `make test` runs at once (docs/testing.md).
TEST_JOBS ?= $(shell nproc 2>/dev/null || echo 2)

# Quiet by default; `make V=1` shows the commands.
Q := $(if $(V),,@)
.PHONY: pot po check-po all test test-pg unit-pg e2e-pg http-pg run run-school deps lint unit e2e http corpus browser bench clean docs check-docs format
.DEFAULT_GOAL := all

all: meso

meso: build/rel/src/main.o $(REL_LIB_OBJ)
	@$(if $(V),true,echo "  CC      $@")
	$(Q)$(CC) $(REL) -o $@ $^ $(PKG_LIBS)

build/san/meso: build/san/src/main.o $(SAN_LIB_OBJ)
	@$(if $(V),true,echo "  CC      $@")
	$(Q)$(CC) $(SAN) -o $@ $^ $(PKG_LIBS)

build/rel/%.o: %.c | $(GEN_SRC)
	@mkdir -p $(@D)
	@$(if $(V),true,echo "  CC      $@")
	$(Q)$(CC) $(BASE) $(REL) -c -o $@ $<

build/san/%.o: %.c | $(GEN_SRC)
	@mkdir -p $(@D)
	@$(if $(V),true,echo "  CC      $@")
	$(Q)$(CC) $(BASE) $(SAN) -c -o $@ $<

build/rel/gen/%.o: build/gen/%.c
	@mkdir -p $(@D)
	@$(if $(V),true,echo "  CC      $@")
	$(Q)$(CC) $(BASE) $(REL) -c -o $@ $<

build/san/gen/%.o: build/gen/%.c
	@mkdir -p $(@D)
	@$(if $(V),true,echo "  CC      $@")
	$(Q)$(CC) $(BASE) $(SAN) -c -o $@ $<

build/tools/embed: tools/embed.c
	@mkdir -p $(@D)
	@$(if $(V),true,echo "  CC      $@")
	$(Q)$(CC) -std=c17 -O2 -Wall -Wextra -Werror -o $@ $<

build/gen/migrations.c: build/tools/embed $(MIGRATIONS)
	@mkdir -p $(@D)
	$(Q)build/tools/embed $@ migrations_embedded src/db/migrations/ $(MIGRATIONS)

build/gen/assets.c: build/tools/embed $(ASSETS)
	@mkdir -p $(@D)
	$(Q)build/tools/embed $@ web_assets build/assets/ $(ASSETS)

# Translations (docs/i18n.md): po/<lang>.po --msgfmt--> build/po/<lang>.mo, and
# the entries marked "draft" (a translator comment) --msggrep, msgfmt-->
# build/po/<lang>.draft.mo; both embedded as po_catalogues[] (build/gen/po.c).
LANGS     := pl ro ur ar bn so pt es
PO_MO     := $(LANGS:%=build/po/%.mo) $(LANGS:%=build/po/%.draft.mo)
XGETTEXT_KEYWORDS := --keyword --keyword=_:2 --keyword=_f:3 --keyword=_n:2,3 \
                     --keyword=_nf:3,4 --keyword=N_ --flag=_f:3:c-format \
                     --flag=_nf:3:c-format --flag=_nf:4:c-format
XGETTEXT  := xgettext --language=C --from-code=UTF-8 --add-comments=TRANSLATORS: \
             --package-name=meso --msgid-bugs-address=none --sort-by-file \
             --no-wrap --add-location=file $(XGETTEXT_KEYWORDS)

build/po/%.mo: po/%.po
	@mkdir -p $(@D)
	@$(if $(V),true,echo "  MSGFMT  $@")
	$(Q)msgfmt --check -o $@ $<

build/po/%.draft.mo: po/%.po
	@mkdir -p $(@D)
	$(Q)msggrep -C -e '^draft:' -o $@.po $<
	$(Q)[ -s $@.po ] || printf 'msgid ""\nmsgstr "Content-Type: text/plain; charset=UTF-8\\n"\n' > $@.po
	$(Q)msgfmt -o $@ $@.po && rm -f $@.po

build/gen/po.c: build/tools/embed $(PO_MO)
	@mkdir -p $(@D)
	$(Q)build/tools/embed $@ po_catalogues build/po/ $(PO_MO)

# po/meso.pot from the sources (scripts/check-po.sh fails when it is stale);
# `make po` then merges it into every language (new messages come untranslated).
pot:
	$(Q)$(XGETTEXT) -o po/meso.pot $$(scripts/po-sources.sh)
	$(Q)sed -i '/^"POT-Creation-Date:/d' po/meso.pot

po: pot
	$(Q)for l in $(LANGS); do msgmerge --quiet --update --backup=none --no-wrap --no-fuzzy-matching po/$$l.po po/meso.pot; done

check-po:
	@XGETTEXT="$(XGETTEXT)" LANGS="$(LANGS)" scripts/check-po.sh

# npm packages pinned by package-lock.json; scripts/deps.sh does the same, and
# this rule lets a bare `make` work in a fresh clone.
$(NPM_STAMP): package-lock.json
	@command -v npm >/dev/null || { echo "make: npm is needed for the web assets; run scripts/deps.sh" >&2; exit 1; }
	@echo "  NPM     ci"
	$(Q)npm ci --no-audit --no-fund --loglevel=error >/dev/null
	$(Q)touch $@

build/assets/meso.css: $(filter web/scss/%,$(WEB_SRC)) $(NPM_STAMP)
	@mkdir -p $(@D)
	@$(if $(V),true,echo "  SASS    $@")
	$(Q)node_modules/.bin/sass $(SASS_FLAGS) web/scss/meso.scss $@.tmp && mv $@.tmp $@

# govuk-frontend's ES module bundle, without its source map comment (the map is
# not shipped).
build/assets/govuk-frontend.min.js: $(NPM_STAMP)
	@mkdir -p $(@D)
	$(Q)sed 's|//# sourceMappingURL=[^ ]*$$||' node_modules/govuk-frontend/dist/govuk/govuk-frontend.min.js > $@.tmp && mv $@.tmp $@

build/assets/app.js: web/js/app.js
	@mkdir -p $(@D)
	$(Q)cp $< $@

build/assets/favicon.svg: web/images/favicon.svg
	@mkdir -p $(@D)
	$(Q)cp $< $@

build/san/tests/%: tests/unit/%.c $(SAN_LIB_OBJ) tests/unit/testutil.h
	@mkdir -p $(@D)
	@$(if $(V),true,echo "  CC      $@")
	$(Q)$(CC) $(BASE) $(SAN) -Itests/unit -o $@ $< $(SAN_LIB_OBJ) $(PKG_LIBS) -lcmocka

build/san/fuzz/%: tests/fuzz/%.c tests/fuzz/replay_main.c $(SAN_LIB_OBJ)
	@mkdir -p $(@D)
	@$(if $(V),true,echo "  CC      $@")
	$(Q)$(CC) $(BASE) $(SAN) -o $@ $< tests/fuzz/replay_main.c $(SAN_LIB_OBJ) $(PKG_LIBS)

deps:
	@scripts/deps.sh

lint:
	@scripts/lint.sh

unit: $(UNIT_BIN)
	@scripts/run-unit.sh $(UNIT_BIN)

# The model unit tests on PostgreSQL, in a throwaway cluster (scripts/with-pg.sh).
unit-pg: $(UNIT_DB_BIN)
	@scripts/with-pg.sh scripts/run-unit.sh $(UNIT_DB_BIN)

# The end-to-end and HTTP suites on PostgreSQL (docs/scale.md says which pass).
e2e-pg: build/san/meso meso
	@MESO_BIN=$(CURDIR)/build/san/meso MESO_REL_BIN=$(CURDIR)/meso scripts/with-pg.sh tests/e2e/run.sh

# The HTTP suites that prove access, CSRF, the audit trail and escaping, on
# PostgreSQL (the others read SQLite files directly: docs/scale.md).
HTTP_PG := tests/http/test_access.mjs tests/http/test_csrf.mjs tests/http/test_audit.mjs \
           tests/http/test_xss.mjs tests/http/test_twoservers.mjs
http-pg: build/san/meso meso
	@MESO_BIN=$(CURDIR)/build/san/meso MESO_REL_BIN=$(CURDIR)/meso scripts/with-pg.sh tests/http/run.sh $(HTTP_PG)

# Everything that runs on PostgreSQL (docs/ARCHITECTURE.md, "Storage").
test-pg: deps
	@$(MAKE) --no-print-directory -j$(TEST_JOBS) -O $(UNIT_DB_BIN) build/san/meso meso
	@scripts/with-pg.sh $(MAKE) --no-print-directory unit-pg e2e-pg http-pg

corpus: $(FUZZ_BIN)
	@scripts/run-corpus.sh $(FUZZ_BIN)

e2e: build/san/meso meso
	@MESO_BIN=$(CURDIR)/build/san/meso MESO_REL_BIN=$(CURDIR)/meso tests/e2e/run.sh

http: build/san/meso meso
	@MESO_BIN=$(CURDIR)/build/san/meso MESO_REL_BIN=$(CURDIR)/meso tests/http/run.sh

browser: $(ASSETS) meso
	@MESO_BIN=$(CURDIR)/meso tests/browser/run.sh

check-docs: meso
	@scripts/check-docs.sh ./meso

# Lint and every build in parallel, then every suite as one pool of jobs,
# $(TEST_JOBS) at a time (scripts/test-all.sh; docs/testing.md).
test: deps
	@$(MAKE) --no-print-directory -j$(TEST_JOBS) -O lint meso build/san/meso $(UNIT_BIN) $(FUZZ_BIN)
	@MESO_TEST_JOBS=$(TEST_JOBS) UNIT_BIN="$(UNIT_BIN)" UNIT_DB_BIN="$(UNIT_DB_BIN)" \
		FUZZ_BIN="$(FUZZ_BIN)" HTTP_PG="$(HTTP_PG)" scripts/test-all.sh
	@echo "meso: all tests passed"

run: deps
	@$(MAKE) --no-print-directory meso
	@scripts/run-demo.sh ./meso

# A real school: a new database starts in setup mode and prints a one-time
# setup link (docs/setup.md).
run-school: deps
	@$(MAKE) --no-print-directory meso
	@./meso --db "$${MESO_DB:-school.db}" serve --listen "$${MESO_LISTEN:-127.0.0.1:8080}"

bench: deps meso
	@bench/import
	@bench/lmm

docs: meso
	./meso help --man > docs/meso.1
	scripts/update-readme.sh ./meso

format:
	clang-format -i $(SRC) $(UNIT_SRC) $(FUZZ_SRC) tools/embed.c $(shell find src tests/unit -name '*.h')

clean:
	rm -rf build meso

-include $(shell find build -name '*.d' 2>/dev/null)
