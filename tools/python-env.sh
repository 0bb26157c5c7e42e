#!/bin/sh
# Find a Python the course supports and make the virtual environment with it, or refuse in
# one line that says what was found and the command that fixes it.
#
#   sh tools/python-env.sh find [PYTHON]        print the interpreter `venv` would use
#   sh tools/python-env.sh venv DIR [PYTHON]    make DIR with it (kept if it already works)
#
# Without PYTHON it tries python3, then python3.13, python3.12, python3.11, python: the first
# one that is 3.11–3.13 and has venv and ensurepip (Debian ships them separately) wins.
# Plain POSIX sh on purpose: it must run before any suitable Python exists.
# The range repeats envcheck.PYTHON_RANGE and pyproject's requires-python (a test checks).
MIN=11
MAX=13
CANDIDATES="python3 python3.13 python3.12 python3.11 python"

say() { printf '%s\n' "$*" >&2; }

# Prints "MAJOR.MINOR VENV_OK EXECUTABLE" for an interpreter, nothing when it does not run
# (a pyenv shim for a version that is not selected fails here too).
probe() {
    "$1" -c 'import sys
try:
    import venv, ensurepip
    ok = 1
except Exception:
    ok = 0
print("%d.%d %d %s" % (sys.version_info[0], sys.version_info[1], ok, sys.executable))' 2>/dev/null
}

supported() {  # $1 = MAJOR.MINOR
    major=${1%%.*}
    minor=${1#*.}
    [ "$major" = 3 ] && [ "$minor" -ge "$MIN" ] && [ "$minor" -le "$MAX" ]
}

sudo_prefix() { [ "$(id -u)" = 0 ] || printf 'sudo '; }

# Remembers the first usable interpreter in CHOSEN / CHOSEN_VERSION / CHOSEN_EXE, and what
# else it saw in FOUND (wrong versions) and NO_VENV (right version without venv/ensurepip).
consider() {
    line=$(probe "$1") || return 1
    [ -n "$line" ] || return 1
    version=${line%% *}
    exe=${line#* * }
    if ! supported "$version"; then
        FOUND="$FOUND${FOUND:+, }$1 $version"
    elif [ "${line#* }" = "1 $exe" ]; then
        CHOSEN=$1 CHOSEN_VERSION=$version CHOSEN_EXE=$exe
        return 0
    else
        NO_VENV=${NO_VENV:-$version $exe}
    fi
    return 1
}

# Sets CHOSEN (PYTHON if given, else the first good candidate) or prints the one-line refusal.
choose() {
    FOUND="" NO_VENV=""
    if [ -n "$1" ]; then
        consider "$1" && return 0
        [ -n "$FOUND$NO_VENV" ] || FOUND="$1 does not run"
    else
        for cmd in $CANDIDATES; do
            consider "$cmd" && return 0
        done
    fi
    want="3.$MIN–3.$MAX"
    if [ -n "$NO_VENV" ]; then
        set -- "${NO_VENV%% *}" "${NO_VENV#* }"
        say "saleslab: Python $1 ($2) cannot make a virtual environment (venv/ensurepip missing)." \
            "Fix: $(sudo_prefix)apt-get install -y python$1-venv (Debian/Ubuntu)" \
            "| brew reinstall python@$1 (macOS)" \
            "| conda env create -f environment.yml (conda); then run make again."
    else
        say "saleslab needs Python $want, but found: ${FOUND:-no Python on PATH}." \
            "Fix: $(sudo_prefix)apt-get install -y python3.$MIN python3.$MIN-venv (Debian/Ubuntu)" \
            "| brew install python@3.$MAX (macOS)" \
            "| conda env create -f environment.yml (conda);" \
            "then run make again (or make lab PYTHON=/path/to/python3.$MAX)."
    fi
    return 1
}

# An existing environment is kept when its Python is supported; else it is made anew.
venv_usable() {
    [ -x "$1/bin/python" ] || return 1
    line=$(probe "$1/bin/python") || return 1
    set -- $line
    supported "$1" && return 0
    say "saleslab: the environment was made with Python $1, which the course does not support; making it anew."
    return 1
}

case "$1" in
    find)
        choose "$2" || exit 1
        printf '%s\n' "$CHOSEN"
        ;;
    venv)
        [ -n "$2" ] || { say "usage: sh tools/python-env.sh venv DIR [PYTHON]"; exit 2; }
        venv_usable "$2" && exit 0
        choose "$3" || exit 1
        named=$CHOSEN
        [ "$CHOSEN" = "$CHOSEN_EXE" ] || named="$CHOSEN ($CHOSEN_EXE)"
        say "saleslab: making $2 with Python $CHOSEN_VERSION: $named"
        "$CHOSEN" -m venv --clear "$2" || {
            say "saleslab: could not make $2 with $CHOSEN (see above); remove it and run make again."
            exit 1
        }
        ;;
    *)
        say "usage: sh tools/python-env.sh find [PYTHON] | venv DIR [PYTHON]"
        exit 2
        ;;
esac
