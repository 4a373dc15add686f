# Shared settings for nephele's scripts. Source it; it defines paths and `use_wasm_toolchain`.
# Everything installed lives outside the checkout, so a fresh clone on the same machine
# reuses it (trunk alone takes ~16 min to build).
NEPHELE_ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
NEPHELE_TOOLS=${NEPHELE_TOOLS:-$HOME/.local/share/nephele/tools}
TRUNK_VERSION=0.22.1
BINARYEN_VERSION=132.0.0
TERSER_VERSION=5.51.2
# The tool that splits the release wasm (scripts/split-wasm); wasm_split_helpers, its runtime
# half, comes with leptos.
WASM_SPLIT_CLI_VERSION=0.2.4
# wasm-bindgen-cli must equal the wasm-bindgen the app links against.
WASM_BINDGEN_VERSION=$(awk '/^name = "wasm-bindgen"$/ {getline; gsub(/[^0-9.]/, ""); print; exit}' "$NEPHELE_ROOT/Cargo.lock")
export NEPHELE_ROOT NEPHELE_TOOLS TRUNK_VERSION BINARYEN_VERSION TERSER_VERSION WASM_BINDGEN_VERSION WASM_SPLIT_CLI_VERSION

# True when rustup already has the wasm32 target (a machine with internet); otherwise the
# wasm build uses Debian's rustc-web and builds std from source.
has_rustup_wasm_target() {
  command -v rustup >/dev/null 2>&1 &&
    rustup target list --installed 2>/dev/null | grep -qx wasm32-unknown-unknown
}

# Environment for wasm builds only: never apply it to native `cargo test`.
use_wasm_toolchain() {
  export PATH="$NEPHELE_TOOLS/npm/node_modules/.bin:$NEPHELE_TOOLS/bin:$PATH"
  if ! has_rustup_wasm_target; then
    # trunk runs the first `cargo` on PATH, so Debian's must come first.
    export PATH="/usr/bin:$PATH"
    export CARGO=/usr/bin/cargo RUSTC=/usr/bin/rustc RUSTDOC=/usr/bin/rustdoc
    export RUSTC_BOOTSTRAP=1 CARGO_UNSTABLE_BUILD_STD=std,panic_abort
    # std is built here anyway, so the release wasm can drop panic messages and formatting
    # (a panic traps at once); debug builds and component tests keep them.
    export CARGO_UNSTABLE_PANIC_IMMEDIATE_ABORT=true CARGO_PROFILE_RELEASE_PANIC=immediate-abort
    # and std's smaller algorithms (sorting, integer formatting): same results, main wasm
    # 3.4 KB and the lazy modules 11 KB gzip lighter (docs/size.md).
    export CARGO_UNSTABLE_BUILD_STD_FEATURES=optimize_for_size
  fi
  export CHROMEDRIVER=/usr/bin/chromedriver
  export WASM_BINDGEN_TEST_WEBDRIVER_JSON="$NEPHELE_ROOT/webdriver.json"
  export TRUNK_OFFLINE=true TRUNK_SKIP_VERSION_CHECK=true
}
