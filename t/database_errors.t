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
    qr/PAT lookup failed: select: database error \d+ .*refusing with 500/,
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
my ($code, $tries) = (0, 0);
while ($code != 200 && $tries < 10) {
    $code = GET('/api/env.cgi', 'x-pat' => $token)->code;
    $tries++;
}
is $code, 200, "database started again: 200 after $tries request(s)";
cmp_ok $tries, '<=', 5, 'recovery takes no more than a few requests';
