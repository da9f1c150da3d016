#!/bin/sh
# Prints what a CGI behind AuthType PAT sees, one NAME=value a line.
printf 'Content-Type: text/plain\r\n\r\n'
for v in REMOTE_USER AUTH_TYPE PAT_TOKEN_ID PAT_TOKEN_NAME PAT_TOKEN_EXPIRES; do
    eval "printf '%s=%s\n' $v \"\${$v-}\""
done
# every request header variable (also after an internal redirect)
env | grep -E '^(REDIRECT_)?HTTP_' | sort
