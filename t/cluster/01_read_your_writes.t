# Read your writes across nodes (README "Running on several servers"): a
# token written on one Galera node is accepted, and one deleted is
# refused, by the httpd of another node on the very next request.
#
# Galera commits on every node at once but applies the write on the other
# nodes a moment later; a read there may not see it yet.  DBDInitSQL "SET
# SESSION wsrep_sync_wait = 1" makes every read wait until the node has
# applied all that was committed before it.  The same loop against httpd
# N (node 2, without the setting) shows what a site without it gets.
use strict;
use warnings FATAL => 'all';
use FindBin;
use lib $FindBin::Bin;
use Test::More;
use Cluster;

my $rounds = $ENV{CLUSTER_RACE_ROUNDS} || 500;

# insert a token on node 1, then at once ask httpd $node (on node 2) with
# it; delete it on node 1, then at once ask again; $rounds times, or
# until the first wrong answer if $until_wrong.  Returns (401s for the
# new token, 200s for the deleted one, other answers, rounds run).
sub race {
    my ($node, $rounds, $until_wrong) = @_;
    my $dbh = db(1, 'nosync');
    my $ins = $dbh->prepare(
        "INSERT INTO pat_tokens (owner, name, token_hash, hint, expires_on)"
        . " VALUES ('racer', 'race', ?, ?, CURDATE() + INTERVAL 30 DAY)");
    my $del = $dbh->prepare("DELETE FROM pat_tokens WHERE token_hash = ?");
    my ($missed, $stale, $other, $n) = (0, 0, 0, 0);
    while ($n++ < $rounds) {
        my ($token, $hash, $hint) = new_token();
        $ins->execute($hash, $hint);
        my $c = status($node, $token, '/quiet/x.txt');
        $missed++ if $c == 401;
        $other++ if $c != 200 && $c != 401;
        $del->execute($hash);
        $c = status($node, $token, '/quiet/x.txt');
        $stale++ if $c == 200;
        $other++ if $c != 200 && $c != 401;
        last if $until_wrong && $missed + $stale > 0;
    }
    return ($missed, $stale, $other, $n > $rounds ? $rounds : $n);
}

# 1. the pages: created on A, used on B and through haproxy at once;
# deleted on B, refused on A at once
for my $i (1 .. 5) {
    my $token = create_by_page('A', 'alice', "made on A $i");
    is status('B', $token), 200, "round $i: created by A's pages, B accepts it on the next request";
    is status('H', $token), 200, "round $i: and H (haproxy) too";
    my ($id) = sql(2, "SELECT id FROM pat_tokens WHERE owner = 'alice'"
                      . " AND name = ?", "made on A $i");
    my $v = form_values(page_get('B', 'alice', '/profile/tokens'));
    my $r = page_post('B', 'alice', "/profile/tokens/$id/delete",
                      [csrf => $v->{csrf}]);
    is $r->code, 303, "round $i: deleted by B's pages";
    is status('A', $token), 401, "round $i: A refuses it on the next request";
}

# 2. the race itself, as fast as a client can go: with wsrep_sync_wait,
# never a wrong answer
my ($missed, $stale, $other) = race('B', $rounds);
is "$missed $stale $other", '0 0 0',
    "$rounds tokens inserted on node 1: httpd B (wsrep_sync_wait = 1) accepted every one at once and refused every one at once after the delete";
# without it the race shows within a few hundred rounds (0.2 to 2 % of
# the answers were wrong in the runs measured): ask until the first wrong
# answer, at most 10 times as many rounds
my ($n_missed, $n_stale, $n_other, $n_rounds) = race('N', 10 * $rounds, 1);
diag sprintf 'without wsrep_sync_wait (httpd N, node 2): first wrong answer'
    . ' after %d rounds (%d new tokens refused, %d deleted tokens accepted)',
    $n_rounds, $n_missed, $n_stale;
is $n_other, 0, 'httpd N answered only 200 or 401';
ok $n_missed + $n_stale > 0,
    "and without wsrep_sync_wait the same loop got a wrong answer within $n_rounds rounds (the race is real; the setting is what removes it)";
# and how often, over as many rounds as httpd B had
($n_missed, $n_stale) = race('N', $rounds);
diag sprintf 'without wsrep_sync_wait (httpd N, node 2): %d of %d new tokens'
    . ' refused, %d of %d deleted tokens accepted', $n_missed, $rounds,
    $n_stale, $rounds;
done_testing;
