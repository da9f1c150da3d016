# Database errors fail closed: 500, never 200 and never 401.
use strict;
use warnings FATAL => 'all';
use FindBin;
use lib "$FindBin::Bin/lib";
use Apache::Test qw(-withtestmore);
use Apache::TestRequest qw(GET);
use PATTest;

plan tests => 9, need_lwp;

my ($token) = new_token();
my $unknown = (split ' ', `$ENV{PAT_TOOL} new`)[0];
is GET('/api/env.cgi', 'x-pat' => $token)->code, 200, 'database up: 200';

# a query error: the table is gone under a prepared statement
sql('RENAME TABLE pat_tokens TO pat_tokens_away');
my $log_start = length error_log_since(0);
my $r = GET('/api/env.cgi', 'x-pat' => $token);
sql('RENAME TABLE pat_tokens_away TO pat_tokens');
is $r->code, 500, 'query error: 500';
like error_log_since($log_start),
    qr/PAT lookup failed: (select: database error \d+|no database connection).*refusing with 500/,
    'query error: the log says why';
is GET('/api/env.cgi', 'x-pat' => $token)->code, 200,
    'table back: 200 again';

db_stop();
my %codes;
for (1 .. 5) {
    $codes{GET('/api/env.cgi', 'x-pat' => $token)->code}++;
    $codes{GET('/api/env.cgi', 'x-pat' => $unknown)->code}++;
}
is_deeply [sort keys %codes], [500],
    'database stopped: valid and unknown tokens all get 500 '
    . '(got ' . join(',', map { "$_ x$codes{$_}" } sort keys %codes) . ')';
like error_log_since($log_start), qr/PAT lookup failed: no database connection/,
    'database stopped: the log says why';
is GET('/api/env.cgi', 'x-pat' => substr($token, 0, 39))->code, 401,
    'database stopped: a malformed token is still 401 (no lookup)';

db_start();
my @after = map { GET('/api/env.cgi', 'x-pat' => $token)->code } 1 .. 20;
is_deeply \@after, [(200) x 20],
    'database restarted: every request after the restart is 200, although '
    . 'pooled connections died (got ' . join(',', @after) . ')';

# the same after a restart between two requests while every worker holds
# pooled connections (regression: processes with a dead pooled connection
# answered 500 once after the restart)
GET('/api/env.cgi', 'x-pat' => $token) for 1 .. 20;
db_stop();
db_start();
@after = map { GET('/api/env.cgi', 'x-pat' => $token)->code } 1 .. 20;
is_deeply \@after, [(200) x 20],
    'restart between two requests: the next requests are all 200 (got '
    . join(',', @after) . ')';
