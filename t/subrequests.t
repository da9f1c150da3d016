# Subrequests and internal redirects into PAT locations authenticate with
# the token the client sent, and nothing on the way sees the token.
use strict;
use warnings FATAL => 'all';
use FindBin;
use lib "$FindBin::Bin/lib";
use Apache::Test qw(-withtestmore);
use Apache::TestRequest qw(GET);
use PATTest;

plan tests => 15, need_lwp;

my ($token) = new_token(owner => 'alice');
my ($bob) = new_token(owner => 'bob');

# mod_include puts HTTP_* variables into the page's environment before
# the included CGI authenticates (regression: HTTP_X_PAT reached it)
my $r = GET '/ssi/inc_api.shtml', 'x-pat' => $token, PROBE;
is $r->code, 200, 'SSI include of a PAT-protected CGI: 200';
like $r->content, qr/^REMOTE_USER=alice$/m,
    'SSI include: the included CGI runs as the token owner';
like $r->content, qr/^HTTP_X_PROBE=probe$/m,
    'SSI include: a header sent along (X-Probe) reaches the included CGI';
unlike $r->content, qr/pat_\w{10}/, 'SSI include: the token is not shown';

# regression: REDIRECT_HTTP_X_PAT reached the protected CGI
$r = GET '/open/redir.cgi?api/env.cgi', 'x-pat' => $token, PROBE;
is $r->code, 200, 'internal redirect from an open CGI into /api/: 200';
is api_env($r)->{REMOTE_USER}, 'alice', 'internal redirect: as alice';
like $r->content, qr/^HTTP_X_PROBE=probe$/m,
    'internal redirect: a header sent along (X-Probe) reaches the CGI';
like $r->content, qr/^REDIRECT_HTTP_X_PROBE=probe$/m,
    '... also as REDIRECT_HTTP_X_PROBE';
unlike $r->content, qr/pat_\w{10}/,
    'internal redirect: no HTTP_X_PAT nor REDIRECT_HTTP_X_PAT';

# regression: 401 after the token had been accepted, because the header
# was gone when the second request authenticated
$r = GET '/api/redir.cgi?alice-only/env.cgi', 'x-pat' => $token;
is $r->code, 200,
    'internal redirect between two differently configured PAT places: 200';
is api_env($r)->{REMOTE_USER}, 'alice', '... as alice';
is GET('/api/redir.cgi?alice-only/env.cgi', 'x-pat' => $bob)->code, 401,
    '... and bob is still refused by Require user alice';

$r = GET '/idx/', 'x-pat' => $token;
is $r->code, 200, 'DirectoryIndex subrequest into another PAT place: 200';
is api_env($r)->{REMOTE_USER}, 'alice', '... as alice';
is GET('/idx/', 'x-pat' => 'pat_bad')->code, 401,
    '... and a bad token is refused';
