# SPDX-FileCopyrightText: 2026 The PgOps authors
# SPDX-License-Identifier: MIT
# The two commands a newcomer needs: `make run` and `make test`. Both install what is missing.
.PHONY: run test bench build package format clean buildroot

PLATFORM := $(shell installer/platform.sh)
BUILD := build/$(PLATFORM)

run:
	@installer/make-run.sh

test:
	@installer/make-test.sh

bench:
	@installer/deps.sh
	@cmake -S . -B $(BUILD) -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo >/dev/null
	@cmake --build $(BUILD) --target benchmarks
	@tests/bench/run.sh $(BUILD)

build:
	@installer/deps.sh
	@cmake -S . -B $(BUILD) -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo >/dev/null
	@cmake --build $(BUILD)

# The .deb of each platform (Debian 12 natively, Debian 13 in the build root) into build/packages/.
package:
	@installer/make-package.sh

buildroot:
	@installer/buildroot.sh ensure

format:
	@git ls-files '*.cpp' '*.h' | xargs clang-format -i

clean:
	rm -rf build
