# Sourced by scripts/test, scripts/recruit and the benchmarks: makes sure the system packages recruit needs are
# present, and builds the release binary the same way for all of them.
# As root (containers, CI) it installs what is missing; as a normal user it says exactly what to install.

# Installs Debian packages as root; as a normal user says the exact command and fails.
recruit_install() {
    if [ "$(id -u)" -eq 0 ]; then
        echo "installing $* ..." >&2
        export DEBIAN_FRONTEND=noninteractive
        apt-get update -qq >&2 && apt-get install -y -qq --no-install-recommends "$@" >&2 || {
            echo "could not install $*; install them with: apt-get install -y $*" >&2
            return 1
        }
    else
        echo "recruit needs these system packages: $*" >&2
        echo "install them with: sudo apt-get install -y $*" >&2
        return 1
    fi
}

recruit_prerequisites() {
    local missing=()
    if ! command -v pkg-config >/dev/null 2>&1; then missing+=(pkg-config); fi
    if ! { command -v pkg-config >/dev/null 2>&1 && pkg-config --exists libpq; }; then missing+=(libpq-dev); fi
    if ! command -v initdb >/dev/null 2>&1 && ! ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1 \
        && [ -z "${DATABASE_URL:-}" ] && [ -z "${TEST_DATABASE_URL:-}" ]; then
        missing+=(postgresql)
    fi
    [ ${#missing[@]} -eq 0 ] && return 0
    recruit_install "${missing[@]}"
}

# What the web workspace's browser tests need: Debian's chromium and its chromedriver, and Python's selenium,
# pytest and requests (from PyPI). As root it installs what is missing; as a normal user it says what to run.
recruit_browser_prerequisites() {
    local missing=()
    command -v chromium >/dev/null 2>&1 || missing+=(chromium)
    command -v chromedriver >/dev/null 2>&1 || missing+=(chromium-driver)
    if [ ${#missing[@]} -gt 0 ]; then recruit_install "${missing[@]}" || return 1; fi
    recruit_python_modules selenium pytest requests
}

# Installs the Python modules (from PyPI) that are missing: for root system-wide, else for the user.
recruit_python_modules() {
    local modules=()
    for module in "$@"; do python3 -c "import $module" 2>/dev/null || modules+=("$module"); done
    [ ${#modules[@]} -eq 0 ] && return 0
    local scope=()
    [ "$(id -u)" -eq 0 ] || scope=(--user)
    python3 -m pip install -q "${scope[@]}" "${modules[@]}" >&2 || {
        echo "could not install ${modules[*]}: python3 -m pip install ${modules[*]}" >&2
        return 1
    }
}

# Builds the release binary, .build/release/recruit, with Swift's runtime and Foundation linked in
# (--static-swift-stdlib): it starts about 15 ms sooner than one that loads them as shared libraries (measured on the
# one-recruiter queue, 12 interleaved runs each), and runs on a machine without Swift (it still needs libpq).
recruit_build_release() {
    swift build --package-path "$1" -c release --product recruit --static-swift-stdlib
}
