# The token header is removed from the request once read, so CGIs and
# log formats never see it; AuthPATHideHeader Off keeps it and
# AuthPATHeader names another header.
use strict;
use warnings FATAL => 'all';
use FindBin;
use lib "$FindBin::Bin/lib";
use Apache::Test qw(-withtestmore);
use Apache::TestRequest qw(GET);
use HTTP::Request ();
use PATTest;

plan tests => 13, need_lwp;

my ($token) = new_token();

my $env = api_env(GET '/api/env.cgi', 'x-pat' => $token);
ok !exists $env->{HTTP_X_PAT}, 'HTTP_X_PAT is not in the CGI environment';
GET '/api/env.cgi', 'x-pat' => substr($token, 0, 39);
like access_log(), qr{"GET /api/env.cgi HTTP/1.1" 200}, 'request is logged';
unlike access_log(), qr/pat_\w{10}/,
    '%{x-pat}i logs nothing, for accepted and refused tokens';

$env = api_env(GET '/keep-header/env.cgi', 'x-pat' => $token);
is $env->{REMOTE_USER}, 'alice', 'AuthPATHideHeader Off: accepted';
is $env->{HTTP_X_PAT}, $token, 'AuthPATHideHeader Off: the CGI sees it';

my $r = GET '/custom-header/env.cgi', 'X-Api-Token' => $token;
is $r->code, 200, 'AuthPATHeader X-Api-Token: token in that header works';
ok !exists api_env($r)->{HTTP_X_API_TOKEN},
    'AuthPATHeader X-Api-Token: that header is hidden';
is GET('/custom-header/env.cgi', 'x-pat' => $token)->code, 401,
    'AuthPATHeader X-Api-Token: x-pat is not read there';

# regression: where authorization passed without authentication, the
# header stayed in the request
$env = api_env(GET '/anyip/env.cgi', 'x-pat' => $token);
is $env->{REMOTE_USER}, '', 'RequireAny with Require ip: no authentication';
ok !exists $env->{HTTP_X_PAT},
    'RequireAny with Require ip: the CGI still does not see the token';
$env = api_env(GET '/open/env.cgi', 'x-pat' => $token);
ok !exists $env->{HTTP_X_PAT},
    'a location without AuthType PAT does not see the token either';

# regression: TRACE echoed the token back
my $trace = HTTP::Request->new(
    TRACE => Apache::TestRequest::resolve_url('/open/env.cgi'),
    ['x-pat' => $token]);
my $r2 = Apache::TestRequest::user_agent()->request($trace);
is $r2->code, 200, 'TRACE is answered';
unlike $r2->content, qr/pat_\w{10}/, 'TRACE does not echo the token';
