# t/lib/check.sh: the checks of the shell tests (t/demo-smoke,
# t/package-test, t/install-test, t/version-check), sourced by them.
#   check NAME GOT WANT   prints "ok - NAME", or "not ok - NAME: got 'GOT',
#                         want 'WANT'" and counts a failure
#   summary               prints "N passed, N failed"; returns 1 on a failure
passed=0 fail=0

check() {
    if [ "$2" = "$3" ]; then
        passed=$((passed + 1)); echo "ok - $1"
    else
        fail=$((fail + 1)); echo "not ok - $1: got '$2', want '$3'"
    fi
}

summary() {
    echo "$passed passed, $fail failed"
    [ "$fail" -eq 0 ]
}
