# Shared by every script: find a JDK 25+, build the jars when they are missing or stale, run a JVM
# with the project's flags (scripts/jvm.options, the same file the Maven tests use).
# Sourced, not run.

MMIPC_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
MMIPC_MIN_JAVA=25

# Prints the feature version (e.g. 25) of the JDK at $1, or nothing.
mmipc_java_version() {
    local home="$1" v
    [ -x "$home/bin/java" ] || return 0
    if [ -f "$home/release" ]; then
        v=$(sed -n 's/^JAVA_VERSION="\([0-9]*\).*/\1/p' "$home/release")
    fi
    if [ -z "${v:-}" ]; then
        v=$("$home/bin/java" -version 2>&1 | sed -n 's/.*version "\([0-9]*\).*/\1/p' | head -n 1)
    fi
    echo "${v:-}"
}

# Sets JAVA_HOME to a JDK 25+: JAVA_HOME if it is one, else Temurin 25, else any under /usr/lib/jvm.
mmipc_find_java() {
    local candidate v
    for candidate in "${JAVA_HOME:-}" /usr/lib/jvm/temurin-25-jdk-amd64 $(ls -d /usr/lib/jvm/*/ 2>/dev/null | sort -rV); do
        [ -n "$candidate" ] || continue
        candidate="${candidate%/}"
        v=$(mmipc_java_version "$candidate")
        if [ -n "$v" ] && [ "$v" -ge "$MMIPC_MIN_JAVA" ]; then
            export JAVA_HOME="$candidate"
            # Maven's own guava calls sun.misc.Unsafe, which JDK 24+ warns about on every build; and
            # Maven 3.8's jansi prints a colour reset (ESC[0m) on exit even with -B -q unless told not to.
            export MAVEN_OPTS="${MAVEN_OPTS:-} --sun-misc-unsafe-memory-access=allow -Djansi.noreset=true"
            return 0
        fi
    done
    echo "mmipc: no JDK $MMIPC_MIN_JAVA or newer found (JAVA_HOME=${JAVA_HOME:-unset}, /usr/lib/jvm)." >&2
    echo "mmipc: install one, e.g. 'apt-get install temurin-25-jdk' or from adoptium.net, then set JAVA_HOME." >&2
    exit 2
}

# The jar a command runs from: producer, consumer, ipc or bridge.
mmipc_jar() {
    case "$1" in
        ipc) echo "$MMIPC_ROOT/ipc-tool/target/mmipc-ipc.jar" ;;
        *) echo "$MMIPC_ROOT/$1/target/mmipc-$1.jar" ;;
    esac
}

# Runs Maven (in the current folder) quietly, in batch mode, without colour codes: mmipc_mvn ARGS...
mmipc_mvn() {
    mvn -B -q -Dstyle.color=never "$@"
}

# True if every jar named exists and is newer than every source and pom under the folders named
# (relative to the root): mmipc_fresh "JAR..." FOLDER...
mmipc_fresh() {
    local jars="$1" jar stale folders=()
    shift
    for folder in "$@"; do folders+=("$MMIPC_ROOT/$folder"); done
    for jar in $jars; do
        [ -f "$jar" ] || return 1
        stale=$(find "$MMIPC_ROOT/pom.xml" "${folders[@]}" \( -name target -prune \) -o \
                     \( -path '*/src/main/*' -o -name pom.xml \) -type f -newer "$jar" -print -quit)
        [ -z "$stale" ] || return 1
    done
}

# Builds MODULES (a comma list, with what they need) unless the jars are fresh:
# mmipc_build "JAR..." MODULES FOLDER...   (FOLDERs: the sources the jars are built from)
# With MMIPC_NO_BUILD=1 (set by the integration tests, which run inside a Maven build that has just
# packaged the jars) it never builds: it uses the jars as they are, and only fails if they are missing.
mmipc_build() {
    local jars="$1" modules="$2" jar
    shift 2
    if [ "${MMIPC_NO_BUILD:-0}" = "1" ]; then
        for jar in $jars; do
            [ -f "$jar" ] && continue
            echo "mmipc: $jar is missing and MMIPC_NO_BUILD=1;" \
                 "build it with: scripts/test -DskipTests (or mvn -B package -DskipTests)" >&2
            exit 2
        done
        return 0
    fi
    mmipc_fresh "$jars" "$@" && return 0
    command -v mvn >/dev/null || { echo "mmipc: Maven (mvn) is needed to build the jars: apt-get install maven" >&2; exit 2; }
    (
        # One build at a time when several scripts start together.
        exec 9>"$MMIPC_ROOT/.mmipc-build.lock"
        flock 9
        mmipc_fresh "$jars" "$@" && exit 0
        echo "mmipc: building $modules (mvn package -DskipTests) ..." >&2
        cd "$MMIPC_ROOT" && mmipc_mvn -DskipTests package -pl "$modules" -am >&2
    ) || { echo "mmipc: the build failed; see the Maven output above" >&2; exit 2; }
}

# Builds the daemon jars with Maven if they are missing or older than the sources.
mmipc_ensure_built() {
    mmipc_build "$(mmipc_jar producer) $(mmipc_jar consumer) $(mmipc_jar ipc) $(mmipc_jar bridge)" \
        producer,consumer,ipc-tool,bridge ipc-core cli-common producer consumer ipc-tool bridge
}

# Runs a command in place of this shell: mmipc_exec producer|consumer|ipc|bridge ARGS...
# $MMIPC_JAVA_OPTS goes to the JVM after the project's flags (e.g. Aeron's -Daeron.* settings).
mmipc_exec() {
    local name="$1"; shift
    mmipc_find_java
    mmipc_ensure_built
    exec "$JAVA_HOME/bin/java" "@$MMIPC_ROOT/scripts/jvm.options" ${MMIPC_JAVA_OPTS:-} -jar "$(mmipc_jar "$name")" "$@"
}

# The model checks (ipc-core's SpinModelTest) need spin and gcc. Installs what is missing from
# Debian when running as root (as CI does); a no-op when both are present. Not root and missing:
# says so, and the test skips with the same reason.
mmipc_ensure_model_checker() {
    local missing=() tool log
    for tool in spin gcc; do
        command -v "$tool" >/dev/null 2>&1 || missing+=("$tool")
    done
    [ ${#missing[@]} -eq 0 ] && return 0
    if [ "$(id -u)" != 0 ]; then
        echo "mmipc: ${missing[*]} missing and not root: the SPIN model check will be skipped (apt-get install -y ${missing[*]})" >&2
        return 0
    fi
    log="${TMPDIR:-/tmp}/mmipc-apt-model-checker.log"
    echo "mmipc: installing ${missing[*]} for the SPIN model check (log: $log)" >&2
    if ! { DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}" ||
           { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}"; }; } >"$log" 2>&1; then
        echo "mmipc: apt-get could not install ${missing[*]}; the end of its log:" >&2
        tail -20 "$log" >&2
        return 1
    fi
}
