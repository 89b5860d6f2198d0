# Shared set-up for scripts/run-app.sh and scripts/run-tests.sh (sourced, not run).
#
# Everything here is idempotent and cheap on a re-run: system packages are
# checked with dpkg before apt is touched (no root needed when all are there),
# and a virtualenv is reinstalled only when pyproject.toml (or the requested
# packages) changed since the last install, recorded in a stamp file inside it.

FD_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
FD_PACKAGES_FILE="$FD_ROOT/scripts/system-packages.txt"
FD_MIN_PYTHON="3.11"
export PIP_DISABLE_PIP_VERSION_CHECK=1

fd_say() { printf '==> %s\n' "$*" >&2; }
fd_warn() { printf 'WARNING: %s\n' "$*" >&2; }
fd_die() {
    printf 'ERROR: %s\n' "$*" >&2
    exit 1
}

# The packages of the given groups in system-packages.txt, one per line.
fd_packages_of() {
    local groups=" $* "
    local group package _
    while read -r group package _; do
        [[ -z "$group" || "$group" == \#* ]] && continue
        [[ "$groups" == *" $group "* ]] && printf '%s\n' "$package"
    done <"$FD_PACKAGES_FILE"
}

# "<tool> <package> <why>" for each command listed after a package of the
# given groups in system-packages.txt, one per line.
fd_tools_of() {
    local groups=" $* "
    local line group package rest words why word
    while IFS= read -r line; do
        read -r group package rest <<<"$line"
        [[ -z "$group" || "$group" == \#* || "$groups" != *" $group "* ]] && continue
        why=""
        [[ "$rest" == *"#"* ]] && why="${rest#*#}" && why="${why#"${why%%[![:space:]]*}"}"
        read -r -a words <<<"${rest%%#*}"
        for word in "${words[@]}"; do
            printf '%s %s %s\n' "$word" "$package" "$why"
        done
    done <"$FD_PACKAGES_FILE"
}

# Check up front that every command the given groups promise is on PATH:
# one line per missing tool, naming its package. Returns 1 when any is missing.
fd_check_tools() {
    local tool package why status=0
    while read -r tool package why; do
        command -v "$tool" >/dev/null 2>&1 && continue
        printf 'MISSING TOOL: %s (Debian package %s)%s\n' "$tool" "$package" "${why:+: $why}" >&2
        status=1
    done < <(fd_tools_of "$@")
    return "$status"
}

# Which of the named packages are not installed. A package counts as installed
# when an installed package has that name or provides it (noble renamed e.g.
# libglib2.0-0 to libglib2.0-0t64, which provides the old name).
fd_missing_packages() {
    local installed
    installed="$(dpkg-query -W -f='${db:Status-Abbrev}|${Package}|${Provides}\n' 2>/dev/null |
        awk -F'|' '$1 ~ /^ii/ { print $2; n = split($3, p, /, */); for (i = 1; i <= n; i++) { split(p[i], w, " "); print w[1] } }' |
        sed 's/:.*//' | sort -u)"
    local package
    for package in "$@"; do
        grep -qxF "$package" <<<"$installed" || printf '%s\n' "$package"
    done
}

# Run a command as root: directly when we are root, else through sudo.
fd_as_root() {
    if [[ "$(id -u)" == 0 ]]; then
        "$@"
    else
        sudo "$@"
    fi
}

fd_can_be_root() {
    [[ "$(id -u)" == 0 ]] || command -v sudo >/dev/null 2>&1
}

fd_apt_install() {
    fd_say "apt-get install $*"
    fd_as_root env DEBIAN_FRONTEND=noninteractive apt-get update -qq -o DPkg::Lock::Timeout=600
    fd_as_root env DEBIAN_FRONTEND=noninteractive \
        apt-get install -y -qq -o DPkg::Lock::Timeout=600 --no-install-recommends "$@" >/dev/null
}

# Install the system packages of the given groups that are missing.
# Without dpkg (not Debian/Ubuntu) or without root/sudo it only warns: the
# app then says what it lacks, and the e2e tests skip (or fail under CI=true).
bootstrap_system_packages() {
    local wanted missing
    mapfile -t wanted < <(fd_packages_of "$@")
    if ! command -v dpkg-query >/dev/null 2>&1; then
        fd_warn "not a Debian/Ubuntu system: install the equivalents of: ${wanted[*]}"
        return 0
    fi
    mapfile -t missing < <(fd_missing_packages "${wanted[@]}")
    ((${#missing[@]} == 0)) && return 0
    if ! fd_can_be_root; then
        fd_warn "missing system packages and no root or sudo to install them: ${missing[*]}"
        fd_warn "ask an administrator to run: apt-get install ${missing[*]}"
        return 0
    fi
    fd_apt_install "${missing[@]}"
}

# Print the path of a Python >= 3.11 on PATH, or nothing.
fd_find_python() {
    local candidate
    for candidate in ${FOCUSDESK_PYTHON:-} python3 python3.13 python3.12 python3.11; do
        command -v "$candidate" >/dev/null 2>&1 || continue
        if "$candidate" -c 'import sys; sys.exit(sys.version_info < (3, 11))' 2>/dev/null; then
            command -v "$candidate"
            return 0
        fi
    done
}

# Set FD_PYTHON to a Python >= 3.11 that can create virtualenvs, installing
# python3.11 (jammy's python3 is 3.10) and the -venv package (Debian splits
# ensurepip out) when needed.
bootstrap_python() {
    FD_PYTHON="$(fd_find_python)"
    if [[ -z "$FD_PYTHON" ]]; then
        command -v apt-get >/dev/null 2>&1 && fd_can_be_root ||
            fd_die "FocusDesk needs Python >= $FD_MIN_PYTHON; none found on PATH (set FOCUSDESK_PYTHON)"
        fd_apt_install python3.11 python3.11-venv
        FD_PYTHON="$(fd_find_python)"
        [[ -n "$FD_PYTHON" ]] || fd_die "installed python3.11 but cannot find it on PATH"
    fi
    if ! "$FD_PYTHON" -c 'import venv, ensurepip' 2>/dev/null; then
        local version
        version="$("$FD_PYTHON" -c 'import sys; print("%d.%d" % sys.version_info[:2])')"
        command -v apt-get >/dev/null 2>&1 && fd_can_be_root ||
            fd_die "$FD_PYTHON cannot create virtualenvs; install python$version-venv"
        fd_apt_install "python$version-venv"
    fi
}

# PyInstaller (the packaging tests) bundles the Python shared library, which
# a Debian/Ubuntu system Python ships apart, in libpythonX.Y. A Python that no
# package owns (pyenv, a source build) brings its own: nothing to do then.
bootstrap_python_shared_library() {
    bootstrap_python
    command -v dpkg-query >/dev/null 2>&1 || return 0
    dpkg-query -S "$(readlink -f "$FD_PYTHON")" >/dev/null 2>&1 || return 0
    local version package
    version="$("$FD_PYTHON" -c 'import sys; print("%d.%d" % sys.version_info[:2])')"
    package="libpython$version"
    [[ -z "$(fd_missing_packages "$package")" ]] && return 0
    if ! fd_can_be_root; then
        fd_warn "missing system package and no root or sudo to install it: $package (PyInstaller needs it)"
        return 0
    fi
    fd_apt_install "$package"
}

# fd_venv DIR KEY INSTALL-COMMAND...: make DIR a working virtualenv and run
# INSTALL-COMMAND (with DIR/bin first on PATH) unless the last successful
# install had the same KEY.
fd_venv() {
    local dir="$1" key="$2"
    shift 2
    local stamp="$dir/.focusdesk-install-stamp"
    if ! "$dir/bin/python" -c 'import sys; sys.exit(sys.version_info < (3, 11))' 2>/dev/null; then
        fd_say "creating $dir"
        "$FD_PYTHON" -m venv --clear "$dir"
        rm -f "$stamp"
    fi
    if [[ -f "$stamp" && "$(cat "$stamp")" == "$key" ]]; then
        return 0
    fi
    fd_say "installing into $dir"
    (PATH="$dir/bin:$PATH" && cd "$FD_ROOT" && "$@")
    printf '%s' "$key" >"$stamp"
}

fd_pyproject_hash() {
    sha256sum "$FD_ROOT/pyproject.toml" | cut -d' ' -f1
}

# .venv: the app with its test extras, installed editable.
bootstrap_app_venv() {
    bootstrap_python
    fd_venv "$FD_ROOT/.venv" "$(fd_pyproject_hash) [test]" \
        python -m pip install -q -e ".[test]"
    # The gettext catalogues: po/*.po -> resources/locale (cheap; a .po may have changed
    # since the editable install compiled them).
    "$FD_ROOT/.venv/bin/python" "$FD_ROOT/tools/i18n.py" compile >/dev/null
}

# The core's only third-party needs in tests: no PySide6, no sqlite-utils, no
# plyer. pytest-timeout is here because pyproject's strict pytest config sets
# its `timeout` option.
FD_CORE_TEST_PACKAGES=(pytest pytest-timeout hypothesis platformdirs tomli-w)

# .venv-core: FocusDesk without its dependencies, to prove the core runs with
# Qt uninstalled (STYLE.md).
bootstrap_core_venv() {
    bootstrap_python
    fd_venv "$FD_ROOT/.venv-core" "$(fd_pyproject_hash) ${FD_CORE_TEST_PACKAGES[*]}" \
        bash -c 'python -m pip install -q "$@" && python -m pip install -q --no-deps -e .' \
        _ "${FD_CORE_TEST_PACKAGES[@]}"
}
