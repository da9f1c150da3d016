#!/bin/sh
# Prints what a CGI behind AuthType PAT sees, one NAME=value a line.
printf 'Content-Type: text/plain\r\n\r\n'
# The whole environment, kept for t/zz_no_token_in_logs.t; not where the
# configuration lets the token through on purpose (AuthPATHideHeader Off,
# or a custom header name), as for the access log.
case "$REQUEST_URI" in
/keep-header/* | /custom-header/*) ;;
*) { env; echo; } >>"$(dirname "$0")/../logs/cgi-env.log" 2>/dev/null || true ;;
esac
for v in REMOTE_USER AUTH_TYPE PAT_TOKEN_ID PAT_TOKEN_NAME PAT_TOKEN_EXPIRES; do
    eval "printf '%s=%s\n' $v \"\${$v-}\""
done
# only where the server defines permissions (README "Role Permissions")
if [ -n "${PAT_PERMISSIONS+set}" ]; then
    printf 'PAT_PERMISSIONS=%s\n' "$PAT_PERMISSIONS"
fi
# every request header variable (also after an internal redirect)
env | grep -E '^(REDIRECT_)?HTTP_' | sort
