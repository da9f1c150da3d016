#!/bin/sh
# Internal redirect to the local path in the query string (test only).
printf 'Location: /%s\r\n\r\n' "$QUERY_STRING"
