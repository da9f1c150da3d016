# The token header is removed from the request once read, so CGIs, log
# formats and TRACE echoes never see it; AuthPATHideHeader Off keeps it
# and AuthPATHeader names another header.
use strict;
use warnings FATAL => 'all';
use FindBin;
use lib "$FindBin::Bin/lib";
use Apache::Test qw(-withtestmore);
use Apache::TestRequest qw(GET);
use HTTP::Request ();
use PATTest;

plan tests => 35, need_lwp;

my ($token) = new_token();

my $env = cgi_env('/api/', GET('/api/env.cgi', 'x-pat' => $token, PROBE),
                  'alice');
ok !exists $env->{HTTP_X_PAT}, 'HTTP_X_PAT is not in the CGI environment';

# The access log (LogFormat pat_test logs %{x-pat}i): this test's own two
# requests, told apart from every other line by a query string.
my $mark = "hide-header-$$-" . time;
my $from = length access_log();
is GET("/api/env.cgi?$mark-accepted", 'x-pat' => $token)->code, 200,
    'access log: a request with a valid token: 200';
is GET("/api/env.cgi?$mark-refused", 'x-pat' => substr($token, 0, 39))->code,
    401, 'access log: a request with a malformed token: 401';
my $log = log_wait('access', $from,
                   qr/\A(?=.*\Q$mark\E-accepted)(?=.*\Q$mark\E-refused)/s);
like $log,
    qr{^\S+ alice \[-\] \[-\] "GET /api/env\.cgi\?\Q$mark\E-accepted HTTP/1\.1" 200$}m,
    'the accepted request is logged, as alice, with %{x-pat}i empty';
like $log,
    qr{^\S+ - \[-\] \[-\] "GET /api/env\.cgi\?\Q$mark\E-refused HTTP/1\.1" 401$}m,
    'the refused request is logged, with %{x-pat}i empty';
unlike access_log(), qr/pat_\w{10}/,
    '%{x-pat}i logs nothing, for accepted and refused tokens';

$env = cgi_env('AuthPATHideHeader Off',
               GET('/keep-header/env.cgi', 'x-pat' => $token, PROBE), 'alice');
is $env->{HTTP_X_PAT}, $token, 'AuthPATHideHeader Off: the CGI sees it';

$env = cgi_env('AuthPATHeader X-Api-Token',
               GET('/custom-header/env.cgi', 'X-Api-Token' => $token, PROBE),
               'alice');
ok !exists $env->{HTTP_X_API_TOKEN},
    'AuthPATHeader X-Api-Token: that header is hidden';
is GET('/custom-header/env.cgi', 'x-pat' => $token)->code, 401,
    'AuthPATHeader X-Api-Token: x-pat is not read there';

# regression: where authorization passed without authentication, the
# header stayed in the request
$env = cgi_env('RequireAny with Require ip (no authentication)',
               GET('/anyip/env.cgi', 'x-pat' => $token, PROBE), '');
ok !exists $env->{HTTP_X_PAT},
    'RequireAny with Require ip: the CGI still does not see the token';
$env = cgi_env('a location without AuthType PAT',
               GET('/open/env.cgi', 'x-pat' => $token, PROBE), '');
ok !exists $env->{HTTP_X_PAT},
    'a location without AuthType PAT does not see the token either';

# regressions: TRACE echoed the token back.  httpd answers TRACE before
# the location is known, so also a header named by AuthPATHeader in a
# location, and a Bearer token where AuthPATBearer is On.
for my $case (['/open/env.cgi', 'x-pat' => $token],
              ['/custom-header/env.cgi', 'X-Api-Token' => $token],
              ['/bearer/env.cgi', 'Authorization' => "Bearer $token"]) {
    my ($path, $name, $value) = @$case;
    my $req = HTTP::Request->new(
        TRACE => Apache::TestRequest::resolve_url($path), [$name => $value,
                                                           PROBE]);
    my $res = Apache::TestRequest::user_agent(reset => 1)->request($req);
    is $res->code, 200, "TRACE $path with $name: answered";
    like $res->content,
        qr{\ATRACE \Q$path\E HTTP/1\.1\r?\n(?s:.*)^X-Probe: probe\r?$}m,
        "TRACE $path with $name: the echo has the request and X-Probe";
    unlike $res->content, qr/pat_\w{10}/,
        "TRACE $path with $name: the echo does not have the token";
}
