/* address.h: the mail addresses pat-notify writes to: NotifyAddressPattern
 * filled in for a user, and the check that an address is a plain
 * addr-spec before it goes on a command line and into a header. */
#ifndef PAT_NOTIFY_ADDRESS_H
#define PAT_NOTIFY_ADDRESS_H

#include "apr_pools.h"

/* Whether addr is a plain addr-spec as pat-notify accepts one: printable
 * ASCII only, none of space, controls, < > ( ) [ ] , ; : \ or ", exactly
 * one @ with a non-empty local part before it and a non-empty domain
 * after it, 254 characters at most, and not starting with '-' (it is
 * an argument of the sendmail program).  Returns 1 or 0. */
int pat_address_ok(const char *addr);

/* Whether pattern is a NotifyAddressPattern: every % is followed by u
 * (the user name) or % (a %).  Returns 1 or 0. */
int pat_address_pattern_ok(const char *pattern);

/* pattern with %u replaced by user and %% by %, in a string from p.
 * pattern must pass pat_address_pattern_ok.  The result is not checked:
 * pass it to pat_address_ok. */
const char *pat_address_from_pattern(apr_pool_t *p, const char *pattern,
                                     const char *user);

#endif /* PAT_NOTIFY_ADDRESS_H */
