# AuthBasicProvider pat: the password is a token, the user its owner;
# alone, after and before the file provider.  AuthPATBearer On.
use strict;
use warnings FATAL => 'all';
use FindBin;
use lib "$FindBin::Bin/lib";
use Apache::Test qw(-withtestmore);
use Apache::TestRequest qw(GET);
use MIME::Base64 qw(encode_base64);
use PATTest;

plan tests => 34, need_lwp;

my ($alice) = new_token(owner => 'alice');
my ($carol) = new_token(owner => 'carol');
my ($expired) = new_token(owner => 'alice',
                          expires => date_add(today_local(), -1));
my ($gone, $gone_id) = new_token(owner => 'alice');
sql("DELETE FROM pat_tokens WHERE id = $gone_id");

my $r = basic_get('/basic/env.cgi', 'alice', $alice);
is $r->code, 200, 'Basic alice:<alice token>: 200';
my $env = api_env($r);
is $env->{REMOTE_USER}, 'alice', '... as alice';
is $env->{AUTH_TYPE}, 'Basic', '... AUTH_TYPE Basic';
ok $env->{PAT_TOKEN_ID}, '... with PAT_TOKEN_ID';
is basic_get('/basic/env.cgi', 'bob', $alice)->code, 401,
    "Basic bob:<alice's token>: 401 (the user must be the owner)";
is basic_get('/basic/env.cgi', 'alice', $expired)->code, 401,
    'Basic with an expired token: 401';
is basic_get('/basic/env.cgi', 'alice', $gone)->code, 401,
    'Basic with a deleted token: 401';
is basic_get('/basic/env.cgi', 'alice', 'alice-password')->code, 401,
    'Basic with a password that is not a token: 401';
$r = basic_get('/basic/env.cgi', 'alice', $alice . 'x');
is $r->header('WWW-Authenticate'), 'Basic realm="PAT basic"',
    'refusals carry the Basic challenge';

is basic_get('/file-then-pat/env.cgi', 'alice', 'alice-password')->code, 200,
    'file pat: a file user with the file password: 200';
is basic_get('/file-then-pat/env.cgi', 'carol', $carol)->code, 200,
    'file pat: a user not in the file with a token: 200';
is basic_get('/pat-then-file/env.cgi', 'alice', $alice)->code, 200,
    'pat file: a token: 200';
is basic_get('/pat-then-file/env.cgi', 'alice', 'alice-password')->code, 200,
    'pat file: not a token, so the file provider decides: 200';
is basic_get('/pat-then-file/env.cgi', 'alice', $expired)->code, 401,
    'pat file: an expired token stops the chain: 401';

is GET('/bearer/env.cgi', Authorization => "Bearer $alice")->code, 200,
    'AuthPATBearer On: Authorization: Bearer <token>: 200';
is GET('/bearer/env.cgi', Authorization => "Bearer $expired")->code, 401,
    'AuthPATBearer On: an expired Bearer token: 401';
is GET('/api/env.cgi', Authorization => "Bearer $alice")->code, 401,
    'AuthPATBearer Off (default): a Bearer token is not read';
is GET('/bearer/env.cgi', 'x-pat' => $alice,
       Authorization => 'Bearer pat_bad')->code, 200,
    'x-pat takes precedence over Authorization';

# regressions: the Bearer header was dropped before a subrequest into
# another PAT location could read it, and stayed visible where
# authentication did not run
my $r2 = GET('/bearer-idx/', Authorization => "Bearer $alice");
is $r2->code, 200, 'Bearer through a DirectoryIndex subrequest: 200';
is api_env($r2)->{REMOTE_USER}, 'alice', '... as alice';
my $env2 = cgi_env('RequireAny ip, CGIPassAuth On, a Bearer token',
                   GET('/bearer-anyip/env.cgi',
                       Authorization => "Bearer $alice", PROBE), '');
ok !exists $env2->{HTTP_AUTHORIZATION},
    'RequireAny ip, CGIPassAuth On: the CGI does not see the Bearer token';
$env2 = cgi_env('RequireAny ip, CGIPassAuth On, Basic credentials',
                GET('/bearer-anyip/env.cgi',
                    Authorization => 'Basic ' . encode_base64('a:b', ''),
                    PROBE), '');
like $env2->{HTTP_AUTHORIZATION} // '', qr/^Basic /,
    '... Basic credentials are left alone';
$env2 = cgi_env('x-pat and a second token as Bearer',
                GET('/bearer/env.cgi', 'x-pat' => $alice,
                    Authorization => "Bearer $carol", PROBE), 'alice');
ok !exists $env2->{HTTP_AUTHORIZATION} && !grep({ /pat_/ } values %$env2),
    'x-pat and a second token as Bearer: neither reaches the CGI';

db_stop();
my $code = basic_get('/basic/env.cgi', 'alice', $alice)->code;
db_start();
is $code, 500, 'Basic with the database down: 500, never 401';
is basic_get('/basic/env.cgi', 'alice', $alice)->code, 200,
    'and 200 again once it is back';
