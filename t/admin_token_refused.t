# A Personal Access Token cannot manage tokens: the admin pages refuse a
# request authenticated by a token (403), however it got through, while
# the interactive login works.
use strict;
use warnings FATAL => 'all';
use FindBin;
use lib "$FindBin::Bin/lib";
use Apache::Test qw(-withtestmore);
use Apache::TestRequest qw(GET);
use HTTP::Request ();
use PATTest;

plan tests => 6, need_lwp;

my ($atoken) = new_token(owner => 'alice');
my $why = qr/cannot be managed with a\s+Personal Access Token/;

my $r = GET '/pat-profile/tokens', 'x-pat' => $atoken;
is $r->code, 403, 'the admin pages reached with a PAT: 403';
like $r->content, $why, '... and the page says why';
is admin_get(undef, '/profile/tokens')->code, 401,
    'the admin pages without login: 401';

# regression (break-it run): a token as the Basic password, where the
# login is AuthBasicProvider pat file, reached the list and created tokens
my $req = HTTP::Request->new(GET => Apache::TestRequest::resolve_url(
                                 '/basic-profile/tokens'));
$req->authorization_basic('alice', $atoken);
$r = Apache::TestRequest::user_agent(reset => 1)->request($req);
is $r->code, 403,
    'a token as the Basic password (AuthBasicProvider pat file): 403';
like $r->content, $why, '... and the page says why';
is admin_get('alice', '/basic-profile/tokens')->code, 200,
    'the same location with the password: 200';
