# The last-used time is written at most once per AuthPATLastUsedInterval
# (default 300 s), decided from the row already read.
use strict;
use warnings FATAL => 'all';
use FindBin;
use lib "$FindBin::Bin/lib";
use Apache::Test qw(-withtestmore);
use Apache::TestRequest qw(GET);
use PATTest;

plan tests => 13, need_lwp;

sub last_used {
    my ($id) = @_;
    my ($v) = sql("SELECT COALESCE(UNIX_TIMESTAMP(last_used_at), 'NULL')"
                  . " FROM pat_tokens WHERE id = $id");
    return $v;
}

my ($token, $id) = new_token();
is last_used($id), 'NULL', 'a new token has never been used';
is GET('/api/env.cgi', 'x-pat' => $token)->code, 200, 'first use';
my $first = last_used($id);
ok $first ne 'NULL' && abs($first - time) < 60,
    'first use records the last-used time';

sql("UPDATE pat_tokens SET last_used_at = NOW() - INTERVAL 60 SECOND"
    . " WHERE id = $id");
my $recent = last_used($id);
is GET('/api/env.cgi', 'x-pat' => $token)->code, 200,
    'a use 60 s after the last one: accepted';
is last_used($id), $recent,
    'a use 60 s after the last one writes nothing';

sql("UPDATE pat_tokens SET last_used_at = NOW() - INTERVAL 400 SECOND"
    . " WHERE id = $id");
my $old = last_used($id);
is GET('/api/env.cgi', 'x-pat' => $token)->code, 200,
    'a use 400 s after the last one: accepted';
cmp_ok last_used($id), '>', $old + 300,
    'a use 400 s after the last one records the new time';

my ($quiet, $qid) = new_token();
is GET('/no-last-used/env.cgi', 'x-pat' => $quiet)->code, 200,
    'AuthPATLastUsedInterval Off: accepted';
is last_used($qid), 'NULL', 'AuthPATLastUsedInterval Off: nothing written';

# A last-used write that loses a write conflict (error 1213, what a
# Galera cluster answers when two nodes write the same row at once; here
# raised by a trigger) is logged at info, not as a warning, and the
# request stands (README "Running on several servers").
my ($busy, $bid) = new_token();
sql("CREATE TRIGGER pat_test_conflict BEFORE UPDATE ON pat_tokens FOR EACH ROW"
    . " SIGNAL SQLSTATE '40001' SET MYSQL_ERRNO = 1213,"
    . " MESSAGE_TEXT = 'Deadlock found when trying to get lock'");
my $from = length error_log_since(0);
my $code = GET('/api/env.cgi', 'x-pat' => $busy)->code;
log_wait('error', $from, qr/token id $bid: last-used/);
sql("DROP TRIGGER pat_test_conflict");
is $code, 200, 'a last-used write conflict: the request is still accepted';
is last_used($bid), 'NULL', 'and the write was really refused';
like error_log_since($from),
    qr/\[auth_pat:info\].*token id $bid: last-used update lost a write conflict \(database error 1213\)/,
    'the conflict is logged at info, naming the token id and the error';
unlike error_log_since($from), qr/\[auth_pat:warn\].*token id $bid:/,
    'and not as a warning';
