# The last-used time is written at most once per AuthPATLastUsedInterval
# (default 300 s), decided from the row already read.
use strict;
use warnings FATAL => 'all';
use FindBin;
use lib "$FindBin::Bin/lib";
use Apache::Test qw(-withtestmore);
use Apache::TestRequest qw(GET);
use PATTest;

plan tests => 9, need_lwp;

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
