# A valid, unexpired token lets the request through as its owner.
use strict;
use warnings FATAL => 'all';
use FindBin;
use lib "$FindBin::Bin/lib";
use Apache::Test qw(-withtestmore);
use Apache::TestRequest qw(GET);
use PATTest;

plan tests => 15, need_lwp;

my $expires = date_add(today_local(), 40);
my ($token, $id) = new_token(owner => 'alice', name => 'deploy key',
                             expires => $expires);

my $r = GET '/api/env.cgi', 'x-pat' => $token, PROBE;
is $r->code, 200, 'valid token is accepted';
my $env = api_env($r);
is $env->{HTTP_X_PROBE}, 'probe',
    'a header sent along (X-Probe) reaches the CGI';
is $env->{REMOTE_USER}, 'alice', 'REMOTE_USER is the token owner';
is $env->{AUTH_TYPE}, 'PAT', 'AUTH_TYPE is PAT';
is $env->{PAT_TOKEN_ID}, $id, 'PAT_TOKEN_ID is the token id';
is $env->{PAT_TOKEN_NAME}, 'deploy key', 'PAT_TOKEN_NAME is the token name';
is $env->{PAT_TOKEN_EXPIRES}, $expires,
    'PAT_TOKEN_EXPIRES is the expiration date as YYYY-MM-DD';
ok !exists $env->{HTTP_X_PAT}, 'the CGI does not see the token header';

for my $name ('X-PAT', 'X-Pat', 'x-PaT') {
    is GET('/api/env.cgi', $name => $token)->code, 200,
        "header name $name is matched case-insensitively";
}

is GET('/api/env.cgi', 'x-pat' => "  $token \t")->code, 200,
    'surrounding whitespace is ignored';

is GET('/lower/env.cgi', 'x-pat' => $token)->code, 200,
    'AuthType pat in lower case works';

is GET('/open/env.cgi')->code, 200,
    'a location without AuthType PAT is left alone';

my ($utf8_token) = new_token(owner => "bj\x{c3}\x{b8}rn", name => 'n');
is api_env(GET '/api/env.cgi', 'x-pat' => $utf8_token)->{REMOTE_USER},
    "bj\x{c3}\x{b8}rn", 'a UTF-8 owner name is passed through unchanged';
