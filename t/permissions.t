# Token permissions (README "Role Permissions"): Require pat-permission
# grants a request that a token carrying one of the names authenticated,
# by x-pat, Bearer or the Basic provider; never a password login.
# PAT_PERMISSIONS and currentuser show what the token carries; a server
# without permissions (pat_noperm) sees no change.
use strict;
use warnings FATAL => 'all';
use FindBin;
use lib "$FindBin::Bin/lib";
use Apache::Test qw(-withtestmore);
use Apache::TestRequest qw(GET POST);
use PATTest;

plan tests => 62, need_lwp;

my ($read) = new_token(owner => 'alice', permissions => 'read');
my ($write, $write_id) = new_token(owner => 'alice', permissions => 'write');
my ($full) = new_token(owner => 'alice');    # NULL: not narrowed
my ($both) = new_token(owner => 'alice', permissions => 'write read');
my ($gone) = new_token(owner => 'alice', permissions => 'delete');
my ($bob_read) = new_token(owner => 'bob', permissions => 'read');
my ($bob_write) = new_token(owner => 'bob', permissions => 'write');

my $since = length error_log_since();

# x-pat
is pat_get('/perm-write/env.cgi', $read)->code, 403,
    'x-pat: a read token on Require pat-permission write: 403';
is pat_get('/perm-write/env.cgi', $write)->code, 200,
    'x-pat: a write token there: 200';
is pat_get('/perm-read/env.cgi', $read)->code, 200,
    'x-pat: the read token on Require pat-permission read: 200';
is pat_get('/perm-read/env.cgi', $write)->code, 403,
    'x-pat: the write token there: 403';
is pat_get('/perm-write/env.cgi', $full)->code, 200,
    'a token that is not narrowed (NULL) has its owner\'s full rights: 200';
is pat_get('/perm-read/env.cgi', $full)->code, 200, '... on read as well';
is pat_get('/perm-write/env.cgi', $gone)->code, 403,
    'a token carrying only a permission the site no longer defines: 403';
is pat_get('/perm-either/env.cgi', $read)->code, 200,
    'Require pat-permission write read: read is enough';
is pat_get('/perm-either/env.cgi', $gone)->code, 403, '... nothing is not';
is pat_get('/perm-write/env.cgi', 'pat_nonsense')->code, 401,
    'no valid token at all is still 401';
is GET('/perm-write/env.cgi')->code, 401, 'no token: 401';

# Bearer
is GET('/perm-write/env.cgi', Authorization => "Bearer $read")->code, 403,
    'Bearer: a read token on write: 403';
is GET('/perm-write/env.cgi', Authorization => "Bearer $write")->code, 200,
    'Bearer: a write token: 200';

# the Basic provider, and a password login
is basic_get('/perm-basic-write/env.cgi', 'alice', $read)->code, 403,
    'Basic provider: a read token on write: 403';
is basic_get('/perm-basic-write/env.cgi', 'alice', $write)->code, 200,
    'Basic provider: a write token: 200';
is basic_get('/perm-basic-write/env.cgi', 'alice', 'alice-password')->code, 403,
    'a password login on a location with only Require pat-permission: 403';
like error_log_since($since),
    qr/Require pat-permission write: does not grant user alice, who was not authenticated by a token/,
    '... and the log says why';
like error_log_since($since),
    qr/Require pat-permission write: does not grant token id \d+ \(hint \w{4}\) of user alice, which carries 'read'/,
    'a refused token: the log names its id and what it carries';
is basic_get('/perm-basic-write/env.cgi', 'alice', 'wrong')->code, 401,
    'a wrong password is still 401';

# combined with other providers
is pat_get('/perm-any/env.cgi', $read)->code, 200,
    'RequireAny(RequireAll(user alice, read), write): alice with read: 200';
is pat_get('/perm-any/env.cgi', $bob_read)->code, 403, '... bob with read: 403';
is pat_get('/perm-any/env.cgi', $bob_write)->code, 200, '... bob with write: 200';

# one indexed query per request, permissions included: the lookup's
# statement is the only one executed (the token was used just before, so
# its last-used time is not written again)
sub executions {
    my ($row) = sql("SHOW GLOBAL STATUS LIKE 'Com_stmt_execute'");
    return (split /\t/, $row)[1];
}
my $before = executions();
is pat_get('/perm-write/env.cgi', $read)->code, 403,
    'a read token on write, once more: 403';
is executions() - $before, 1,
    '... decided on one prepared statement execution (the lookup)';

# the decision follows the row: narrowed and widened on the next request
sql("UPDATE pat_tokens SET permissions = 'read' WHERE id = $write_id");
is pat_get('/perm-write/env.cgi', $write)->code, 403,
    'permissions narrowed to read in the database: 403 on the next request';
sql("UPDATE pat_tokens SET permissions = NULL WHERE id = $write_id");
is pat_get('/perm-write/env.cgi', $write)->code, 200,
    '... and widened to full rights: 200';

# AuthPATCacheTTL: the cached row keeps its permissions
is pat_get('/perm-cached/env.cgi', $read)->code, 403,
    'AuthPATCacheTTL: a read token on write: 403 (from the database)';
is pat_get('/perm-cached/env.cgi', $read)->code, 403, '... 403 from the cache';
is pat_get('/perm-cached/env.cgi', $full)->code, 200,
    '... a token that is not narrowed: 200 (from the database)';
is pat_get('/perm-cached/env.cgi', $full)->code, 200, '... 200 from the cache';

# what the application sees
my $env = cgi_env('read token on /perm-read/',
                  GET('/perm-read/env.cgi', 'x-pat' => $read, PROBE),
                  'alice');
is $env->{PAT_PERMISSIONS}, 'read', 'PAT_PERMISSIONS: read';
$env = api_env(pat_get('/perm-read/env.cgi', $full));
is $env->{PAT_PERMISSIONS}, 'read write',
    'PAT_PERMISSIONS of a token that is not narrowed: every permission';
$env = api_env(pat_get('/perm-read/env.cgi', $both));
is $env->{PAT_PERMISSIONS}, 'read write',
    'PAT_PERMISSIONS in the permissions file\'s order';
$env = api_env(basic_get('/perm-basic-write/env.cgi', 'alice', $write));
is $env->{PAT_PERMISSIONS}, 'read write',
    'PAT_PERMISSIONS under the Basic provider (full rights again)';
$env = api_env(basic_get('/file-then-pat/env.cgi', 'alice', 'alice-password'));
ok !exists $env->{PAT_PERMISSIONS}, 'no PAT_PERMISSIONS for a password login';
my $r = pat_get('/api/v1.0/currentuser', $read);
is $r->code, 200, 'currentuser with the read token: 200';
like $r->content, qr/"permissions": \[\s*"read"\s*\]/,
    '... "permissions": ["read"]';
$r = pat_get('/api/v1.0/currentuser', $full);
like $r->content, qr/"permissions": \[\s*"read",\s*"write"\s*\]/,
    '... a token that is not narrowed: ["read", "write"]';

# a proxied backend, through RequestHeader set ... %{PAT_PERMISSIONS}e
$env = api_env(basic_get('/perm-proxied/env.cgi', 'alice', $read,
                          'X-PAT-Permissions' => 'write'));
is $env->{HTTP_X_PAT_PERMISSIONS}, 'read',
    'proxied backend: X-PAT-Permissions: read (the client\'s "write" replaced)';
is $env->{REMOTE_USER}, '', '... (the backend is unprotected: no user)';
$env = api_env(basic_get('/perm-proxied/env.cgi', 'alice', $full));
is $env->{HTTP_X_PAT_PERMISSIONS}, 'read write',
    '... a token that is not narrowed: read write';
my $r0 = basic_get('/perm-proxied/env.cgi', 'alice', 'alice-password',
                    'X-PAT-Permissions' => 'write');
is $r0->code, 200, '... a password login: 200';
ok !defined api_env($r0)->{HTTP_X_PAT_PERMISSIONS},
    '... and no X-PAT-Permissions at all (not the client\'s, not "(null)")';

# the README's example: GET needs read, POST needs write
is GET('/perm-method/env.cgi', 'x-pat' => $read)->code, 200,
    'README example: GET with a read token: 200';
is POST('/perm-method/env.cgi', 'x-pat' => $read, content => 'a=1')->code,
    403, '... POST with it: 403';
is POST('/perm-method/env.cgi', 'x-pat' => $write, content => 'a=1')->code,
    200, '... POST with a write token: 200';
is GET('/perm-method/env.cgi', 'x-pat' => $write)->code, 200,
    '... GET with the write token: 200 (write does not imply read: '
    . 'the RequireAny does)';
is POST('/perm-method/env.cgi', 'x-pat' => $full, content => 'a=1')->code,
    200, '... POST with a token that is not narrowed: 200';

# a server that configures no permissions: no change
Apache::TestRequest::module('pat_noperm');
$r = pat_get('/api/env.cgi', $read);
is $r->code, 200, 'pat_noperm (AuthPATPermissionsFile None): a token: 200';
$env = api_env($r);
is $env->{REMOTE_USER}, 'alice', '... as its owner';
ok $env->{PAT_TOKEN_ID}, '... with PAT_TOKEN_ID';
ok !exists $env->{PAT_PERMISSIONS}, '... and no PAT_PERMISSIONS';
$r = pat_get('/api/v1.0/currentuser', $full);
is $r->code, 200, 'pat_noperm: currentuser: 200';
unlike $r->content, qr/permissions/, '... without "permissions"';
like $r->content, qr/"user": "alice"/, '... as alice';
Apache::TestRequest::module('default');

# the challenge and body of a 403 are httpd's own
$r = pat_get('/perm-write/env.cgi', $read);
is $r->code, 403, 'again: read on write is 403';
ok !defined $r->header('WWW-Authenticate'),
    '... without a challenge (the token is valid; it lacks the permission)';
unlike $r->content, qr/REMOTE_USER/, '... and the CGI did not run';

# the token never reaches the log (t/zz_no_token_in_logs.t checks all)
unlike error_log_since($since), qr/\Q$read\E|\Q$write\E/,
    'no token in the error log';
