# Tokens over every HTTP/2 path httpd offers, with curl as the client:
# h2c by "Upgrade: h2c" (an HTTP/1.1 request that becomes the first
# HTTP/2 request), h2c by prior knowledge, and h2 over TLS (ALPN).  On
# each: a valid token is accepted over HTTP/2 and hidden from the CGI and
# from a proxied backend; a wrong or missing token is 401, never 200,
# where an ErrorDocument 401 answers (/api/v1.0/currentuser) and where
# none does (/api/env.cgi).  mod_http2 does not run under prefork.
use strict;
use warnings FATAL => 'all';
use FindBin;
use lib "$FindBin::Bin/lib";
use Apache::Test qw(-withtestmore);
use Apache::TestRequest ();
use File::Temp qw(tempfile);
use PATTest;

my $mpm = $ENV{PAT_TEST_MPM} || '';
plan tests => 3 * 16 + 2,
    need { 'mod_http2 does not run under the prefork MPM' => $mpm ne 'prefork' };

my %base = (
    upgrade => Apache::TestRequest::module2url('pat_h2c', { path => '/' }),
    prior   => Apache::TestRequest::module2url('pat_h2c', { path => '/' }),
    tls     => Apache::TestRequest::module2url('pat_h2tls',
        { scheme => 'https', path => '/' }),
);
s{/$}{} for values %base;
Apache::TestRequest::module('default');
my %how = (
    upgrade => ['--http2'],
    prior   => ['--http2-prior-knowledge'],
    tls     => ['--http2', '--insecure'],
);

# (status, HTTP version as curl reports it, body) of a GET of path
sub get {
    my ($path, $way, @headers) = @_;
    my ($fh, $file) = tempfile(UNLINK => 1);
    open my $curl, '-|', 'curl', '-s', '-o', $file, '-w',
        '%{http_code} %{http_version}', @{ $how{$way} },
        (map { ('--header', $_) } @headers), "$base{$way}$path"
        or die "curl: $!";
    my ($status, $version) = split ' ', (<$curl> // '');
    close $curl;
    local $/;
    my $body = <$fh>;
    return ($status // '', $version // '', $body // '');
}

my ($token) = new_token(owner => 'alice');
my ($other, $other_id) = new_token(owner => 'alice');
sql("DELETE FROM pat_tokens WHERE id = $other_id");

for my $way (qw(upgrade prior tls)) {
    my ($status, $version, $body) = get('/api/env.cgi', $way, "x-pat: $token");
    is $status, 200, "$way: a valid token is accepted";
    is $version, 2, "$way: the answer came over HTTP/2";
    like $body, qr/^REMOTE_USER=alice$/m, "$way: the CGI runs as the owner";
    like $body, qr/^HTTP_HOST=/m, "$way: the CGI lists the request headers";
    unlike $body, qr/HTTP_X_PAT|\Q$token\E/, "$way: the CGI never sees the token";

    ($status, $version, $body) = get('/proxied/env.cgi', $way, "x-pat: $token");
    is $status, 200, "$way: a valid token passes to the proxied backend";
    like $body, qr/^HTTP_X_FORWARDED_FOR=/m,
        "$way: the answer is the backend's (through mod_proxy)";
    unlike $body, qr/HTTP_X_PAT|\Q$token\E/,
        "$way: the proxied backend never sees the token";

    ($status) = get('/api/env.cgi', $way, "x-pat: $other");
    is $status, 401, "$way: a deleted token is 401";
    ($status) = get('/api/env.cgi', $way);
    is $status, 401, "$way: no token is 401";
    ($status, $version, $body) =
        get('/api/v1.0/currentuser', $way, "x-pat: $other");
    is $status, 401, "$way: a deleted token is 401 where an ErrorDocument answers";
    like $body, qr/"error": "unauthorized"/, "$way: ... with the ErrorDocument's JSON body";
    ($status, $version, $body) = get('/api/v1.0/currentuser', $way);
    is $status, 401, "$way: no token is 401 where an ErrorDocument answers";
    like $body, qr/"error": "unauthorized"/, "$way: ... with the ErrorDocument's JSON body";

    ($status, $version, $body) =
        get('/api/v1.0/currentuser', $way, "x-pat: $token");
    is $status, 200, "$way: the API answers a valid token";
    like $body, qr/"alice"/, "$way: ... for its owner";
}

# the HTTP/1.1 request that switched to h2c is logged (101) with its token
# header hidden again (the log format names %{x-pat}i)
my $log = access_log();
like $log, qr{^\S+ alice \[-\] \[-\] "GET /api/env\.cgi HTTP/1\.1" 101$}m,
    'the upgrade request is logged, without its token header';
unlike $log, qr/\Q$token\E/, 'the access log never holds the token';
