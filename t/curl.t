# The seed's own example, with curl: 200 for a valid token, 401 for the
# others.
use strict;
use warnings FATAL => 'all';
use FindBin;
use lib "$FindBin::Bin/lib";
use Apache::Test qw(-withtestmore);
use Apache::TestRequest ();
use PATTest;

plan tests => 4, need(need_lwp(), need_installed('curl' => have_program('curl')));

my $url = Apache::TestRequest::resolve_url('/api/env.cgi');

sub curl {
    my (@args) = @_;
    open my $fh, '-|', 'curl', '-s', '-o', '/dev/null', '-w', '%{http_code}',
        '--request', 'GET', '--url', $url, @args or die "curl: $!";
    my $code = <$fh>;
    close $fh;
    return $code;
}

my ($token) = new_token();
my ($expired) = new_token(expires => date_add(today_local(), -1));
is curl('--header', "x-pat: $token"), 200, 'curl with a valid token: 200';
is curl('--header', "x-pat: $expired"), 401, 'curl with an expired token: 401';
is curl('--header', 'x-pat: YOUR_PAT_HERE'), 401,
    'curl with the placeholder: 401';
is curl(), 401, 'curl without the header: 401';
