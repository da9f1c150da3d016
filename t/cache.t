# AuthPATCache + AuthPATCacheTTL: a deleted token keeps working from the
# cache for at most the TTL (3 s here), and only where the TTL is set.
use strict;
use warnings FATAL => 'all';
use FindBin;
use lib "$FindBin::Bin/lib";
use Apache::Test qw(-withtestmore);
use Apache::TestRequest qw(GET);
use Time::HiRes qw(time sleep);
use PATTest;

plan tests => 9, need_lwp;

my ($token, $id) = new_token(owner => 'alice');
is GET('/cached/env.cgi', 'x-pat' => $token)->code, 200,
    'a valid token: 200 (now cached)';
my $deleted_at = time;
sql("DELETE FROM pat_tokens WHERE id = $id");
is GET('/api/env.cgi', 'x-pat' => $token)->code, 401,
    'deleted: a location without AuthPATCacheTTL refuses it at once';
my $r = GET('/cached/env.cgi', 'x-pat' => $token);
ok time - $deleted_at < 3 && $r->code == 200,
    'deleted: within the TTL the cached row still answers 200';
is api_env($r)->{REMOTE_USER}, 'alice', '... as its owner';

# poll until the entry expires; it must by TTL (3 s) + a margin
my $code = 200;
while ($code == 200 && time - $deleted_at < 6) {
    sleep 0.25;
    $code = GET('/cached/env.cgi', 'x-pat' => $token)->code;
}
my $took = time - $deleted_at;
is $code, 401, sprintf('deleted: refused after %.1f s', $took);
cmp_ok $took, '<=', 3 + 1, 'which is within the TTL of 3 s (+1 s margin)';

is GET('/cached/env.cgi', 'x-pat' => substr($token, 0, 39))->code, 401,
    'a malformed token is refused as before';

# regression (break-it run): the cache was keyed by the token hash only, so
# a virtual host with another token database accepted a token cached by
# the main server
my ($t2) = new_token(owner => 'alice');
is GET('/cached/env.cgi', 'x-pat' => $t2)->code, 200,
    'main server: 200, now cached';
Apache::TestRequest::module('pat_other_db');
is GET('/cached/env.cgi', 'x-pat' => $t2)->code, 401,
    'a virtual host whose database does not have the token: 401, '
    . 'not the main server\'s cached row';
Apache::TestRequest::module('default');
