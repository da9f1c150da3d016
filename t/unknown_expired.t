# Unknown, deleted and expired tokens are refused; a token is valid
# through the whole of its expiration date in the httpd host's TZ.
use strict;
use warnings FATAL => 'all';
use FindBin;
use lib "$FindBin::Bin/lib";
use Apache::Test qw(-withtestmore);
use Apache::TestRequest qw(GET);
use POSIX qw(strftime);
use PATTest;

plan tests => 12, need_lwp;

my $unknown = (split ' ', `$ENV{PAT_TOOL} new`)[0];
my $log_start = length error_log_since(0);
my $r = GET '/api/env.cgi', 'x-pat' => $unknown;
is $r->code, 401, 'unknown well-formed token is refused';
is $r->header('WWW-Authenticate'), 'PAT realm="PAT test"',
    'with the PAT challenge';
like error_log_since($log_start),
    qr/PAT refused: unknown or deleted token \(hint \Q@{[substr $unknown, 36]}\E\)/,
    'log names the reason and the hint';

my ($token, $id) = new_token();
is GET('/api/env.cgi', 'x-pat' => $token)->code, 200,
    'token works before deletion';
sql("DELETE FROM pat_tokens WHERE id = $id");
is GET('/api/env.cgi', 'x-pat' => $token)->code, 401,
    'deleted token is refused on the next request';

# A user deleted from the login's user store: PAT does not consult it
# (README, "Deleting a user"), so the token works until the user's tokens
# are revoked, which the README's one statement does at once.
my ($carol) = new_token(owner => 'carol');
is GET('/api/env.cgi', 'x-pat' => $carol)->code, 200,
    "carol's token works while her tokens exist";
sql("DELETE FROM pat_tokens WHERE owner = 'carol'");
is GET('/api/env.cgi', 'x-pat' => $carol)->code, 401,
    'after DELETE FROM pat_tokens WHERE owner = carol: 401 at once';

my $today = today_local();
my ($today_token) = new_token(expires => $today);
is GET('/api/env.cgi', 'x-pat' => $today_token)->code, 200,
    "token expiring today ($today, TZ=" . ($ENV{TZ} // '') . ") is valid";

my ($yesterday_token, $yid) = new_token(expires => date_add($today, -1));
$log_start = length error_log_since(0);
is GET('/api/env.cgi', 'x-pat' => $yesterday_token)->code, 401,
    'token that expired yesterday is refused';
like error_log_since($log_start),
    qr/PAT refused: token id $yid \(hint \w{4}\) expired after/,
    'log names the expiry and the token id';

my ($old_token) = new_token(expires => '2020-01-01');
is GET('/api/env.cgi', 'x-pat' => $old_token)->code, 401,
    'long-expired token is refused';

# Under a zone other than UTC, t/run-httpd-tests picks one whose date
# differs from UTC's now, so the two tests above tell local from UTC.
my $utc_today = strftime('%Y-%m-%d', gmtime);
if (($ENV{TZ} // 'UTC') eq 'UTC') {
    is $today, $utc_today, 'TZ=UTC run: local date is the UTC date';
}
else {
    isnt $today, $utc_today,
        "TZ=$ENV{TZ} run: local date differs from UTC's, so the expiry "
        . 'tests above distinguish them';
}
