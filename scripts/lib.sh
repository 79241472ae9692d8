# Shared by scripts/quickstart, scripts/test and scripts/bench: package installation and builds.
# Sourced, not run.

TELUSUR_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"

# Debian packages telusur needs to build, test and run.
TELUSUR_PACKAGES=(g++ cmake ninja-build pkg-config libxapian-dev xapian-tools libicu-dev
    libboost-program-options-dev doctest-dev nlohmann-json3-dev libsimdjson-dev libzstd-dev libjemalloc-dev libgumbo-dev hunspell-id python3 python3-jsonschema jq)
# Fuzzing and static analysis (scripts/fuzz, scripts/tidy): libFuzzer and the sanitizer runtimes
# are in libclang-rt-14-dev, only recommended by clang.
TELUSUR_PACKAGES+=(clang libclang-rt-14-dev clang-tidy)

log() { printf '[%s] %s\n' "$(date +%H:%M:%S)" "$*" >&2; }

# Installs missing packages with apt-get (as root, or through sudo); quick when all are present.
install_packages() {
    local missing=()
    for p in "${TELUSUR_PACKAGES[@]}"; do
        dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
    done
    [ ${#missing[@]} -eq 0 ] && return 0
    log "installing: ${missing[*]}"
    local sudo=""
    [ "$(id -u)" -eq 0 ] || sudo="sudo"
    $sudo apt-get update -qq
    DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
}

# build DIR [cmake args...]: configures once, then builds incrementally.
build() {
    local dir="$1"; shift
    local gen=()
    command -v ninja >/dev/null && gen=(-G Ninja)
    if [ ! -f "$dir/CMakeCache.txt" ]; then
        cmake -S "$TELUSUR_ROOT" -B "$dir" "${gen[@]}" "$@" >/dev/null
    else
        cmake -S "$TELUSUR_ROOT" -B "$dir" "$@" >/dev/null
    fi
    cmake --build "$dir" --parallel "$(nproc)"
}
