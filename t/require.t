# AuthType PAT works with Require user, Require not and RequireAny as the
# rest of httpd does.
use strict;
use warnings FATAL => 'all';
use FindBin;
use lib "$FindBin::Bin/lib";
use Apache::Test qw(-withtestmore);
use Apache::TestRequest qw(GET);
use PATTest;

plan tests => 8, need_lwp;

my ($alice) = new_token(owner => 'alice');
my ($bob) = new_token(owner => 'bob');

is GET('/alice-only/env.cgi', 'x-pat' => $alice)->code, 200,
    'Require user alice: alice\'s token is accepted';
my $r = GET('/alice-only/env.cgi', 'x-pat' => $bob);
is $r->code, 401, 'Require user alice: bob\'s token gets 401';
is $r->header('WWW-Authenticate'), 'PAT realm="PAT test"',
    'Require user mismatch: the PAT challenge comes back';

is GET('/not-bob/env.cgi', 'x-pat' => $alice)->code, 200,
    'Require not user bob: alice is accepted';
is GET('/not-bob/env.cgi', 'x-pat' => $bob)->code, 401,
    'Require not user bob: bob is refused';

is GET('/any/env.cgi', 'x-pat' => $alice)->code, 200,
    'RequireAny (ip or user alice): alice is accepted';
is GET('/any/env.cgi', 'x-pat' => $bob)->code, 401,
    'RequireAny (ip or user alice): bob is refused';
is GET('/any/env.cgi')->code, 401,
    'RequireAny: no token from another ip is refused';
