# Shared by scripts/run and scripts/test (sourced, not executed): a ready virtual
# environment and compiled translations, done quickly when nothing changed.

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
VENV="$ROOT/.venv"
PY="$VENV/bin/python"
LOCK="$ROOT/requirements.lock"
STAMP="$VENV/.paddock-installed"

say() { printf '==> %s\n' "$*" >&2; }

# Runs apt-get only as root; elsewhere says what to install and stops.
apt_install() {
    if [ "$(id -u)" != "0" ]; then
        say "please install the Debian packages: $* (sudo apt-get install -y $*)"
        return 1
    fi
    if [ -z "${PADDOCK_APT_UPDATED:-}" ]; then
        say "apt-get update"
        DEBIAN_FRONTEND=noninteractive apt-get update -qq >&2
        export PADDOCK_APT_UPDATED=1
    fi
    say "apt-get install $*"
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "$@" >&2
}

find_python() {
    local candidate
    for candidate in python3.11 python3.12 python3.13 python3; do
        if command -v "$candidate" >/dev/null 2>&1 &&
            "$candidate" -c 'import sys; sys.exit(sys.version_info < (3, 11))' 2>/dev/null; then
            command -v "$candidate"
            return 0
        fi
    done
    say "Python 3.11 or later is needed (apt-get install python3 python3-venv)"
    return 1
}

# uv installs the lock in seconds where pip needs minutes (it downloads in parallel and
# caches); pip remains the fallback when uv cannot be had. uv lives beside the venv's
# packages, not among them, so `pip freeze` (and so the lock) never lists it.
UV_VERSION="0.13.9"
UV="$VENV/tools/bin/uv"
install_requirements() {
    if [ -x "$UV" ] || "$PY" -m pip install -qq --disable-pip-version-check \
        --target "$VENV/tools" "uv==$UV_VERSION" 2>/dev/null; then
        "$UV" pip install -q --python "$PY" -r "$LOCK" &&
            "$UV" pip install -q --python "$PY" --no-deps -e "$ROOT" &&
            return 0
        say "uv failed: falling back to pip"
    fi
    "$PY" -m pip install -qq --disable-pip-version-check -r "$LOCK"
    "$PY" -m pip install -qq --disable-pip-version-check --no-deps -e "$ROOT"
}

# The lock and pyproject decide what is installed; the stamp keeps their hash so a rerun
# with nothing changed skips the installer entirely.
ensure_venv() {
    if [ ! -x "$PY" ]; then
        say "creating the virtual environment in .venv"
        local python
        python="$(find_python)"
        # Debian's own Python keeps venv's pip in a separate package.
        if ! "$python" -m venv "$VENV"; then
            rm -rf "$VENV"
            apt_install python3-venv
            "$python" -m venv "$VENV"
        fi
    fi
    local wanted
    wanted="$(cat "$LOCK" "$ROOT/pyproject.toml" | sha256sum | cut -d' ' -f1)"
    if [ "$(cat "$STAMP" 2>/dev/null)" != "$wanted" ]; then
        say "installing dependencies from requirements.lock"
        install_requirements
        echo "$wanted" >"$STAMP"
    fi
}

# French is compiled from src/paddock/locale when it exists; msgfmt comes from gettext.
ensure_translations() {
    [ -d "$ROOT/src/paddock/locale" ] || return 0
    # Skip the Django start when every catalogue is older than its compiled file.
    local po stale=""
    while IFS= read -r po; do
        if [ "$po" -nt "${po%.po}.mo" ]; then stale=1; fi
    done < <(find "$ROOT/src/paddock/locale" -name '*.po')
    [ -n "$stale" ] || return 0
    command -v msgfmt >/dev/null 2>&1 || apt_install gettext
    (cd "$ROOT/src/paddock" && "$PY" -m paddock compilemessages --verbosity 0)
}
