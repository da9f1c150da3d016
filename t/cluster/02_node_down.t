# A database node dies (kill -9 of node 2's mariadbd) and comes back
# (README "Running on several servers").  While it is down httpd B, on
# node 2's socket, answers 500: never 200 for a deleted token, never 401
# for a good one.  httpd A (node 1) keeps answering right.  httpd H,
# behind haproxy (node 2 first, nodes 1 and 3 as backups), fails over
# without a single 500.
# Node 2 rejoins (IST) and B answers again without a restart.
#
# One client process per httpd node asks with a good and a deleted token
# in turn, as fast as it can, and records (time, token, status) of every
# answer; the test then checks each phase and prints the failover figures.
use strict;
use warnings FATAL => 'all';
use FindBin;
use lib $FindBin::Bin;
use Test::More;
use Time::HiRes qw(time sleep);
use LWP::UserAgent ();
use Cluster;

my $work = $ENV{CLUSTER_WORK};
my ($good) = new_token_row('alive');
my ($deleted, $dhash) = new_token_row('gone');
sql(1, 'DELETE FROM pat_tokens WHERE token_hash = ?', $dhash);
for my $n (qw(A B H)) {
    is status($n, $good), 200, "before: $n accepts the good token";
    is status($n, $deleted), 401, "before: $n refuses the deleted token";
}

# a token row inserted on node 1: (token, hash)
sub new_token_row {
    my ($name) = @_;
    my ($token, $hash, $hint) = new_token();
    sql(1, "INSERT INTO pat_tokens (owner, name, token_hash, hint, expires_on)"
           . " VALUES ('carol', ?, ?, ?, CURDATE() + INTERVAL 30 DAY)",
        $name, $hash, $hint);
    return ($token, $hash);
}

# the clients: one process per node, until the stop file exists
my $stop = "$work/02.stop";
my %pid;
for my $n (qw(A B H)) {
    my $pid = fork // die "fork: $!\n";
    if ($pid == 0) {
        my $ua = LWP::UserAgent->new(keep_alive => 1, timeout => 30);
        open my $out, '>', "$work/02.$n" or die "$work/02.$n: $!\n";
        my $i = 0;
        until (-e $stop) {
            my ($class, $token) = $i++ % 2 ? ('deleted', $deleted)
                                           : ('good', $good);
            my $code = $ua->get(url($n, '/protected/x.txt'), 'x-pat' => $token)
                ->code;
            printf $out "%.3f %s %d\n", time, $class, $code;
        }
        close $out;
        exit 0;
    }
    $pid{$n} = $pid;
}

my $b_pid = `cat $work/B/httpd.pid`;
sleep 1.5;
my $t_kill = time;
galera('kill', 2);
sleep 8;
my $t_rejoin = time;
galera('rejoin', 2);    # returns once node 2 is Synced
my $t_synced = time;
sleep 6;
my $t_end = time;
open my $s, '>', $stop or die;
close $s;
waitpid $pid{$_}, 0 for keys %pid;

# (time, class, code) of one node's answers
sub answers {
    my ($n) = @_;
    open my $f, '<', "$work/02.$n" or die "$work/02.$n: $!\n";
    return map { [split ' '] } <$f>;
}
sub wrong { my ($a) = @_; ($a->[1] eq 'good' && $a->[2] == 401)
                          || ($a->[1] eq 'deleted' && $a->[2] == 200) }
sub right { my ($a) = @_; ($a->[1] eq 'good' && $a->[2] == 200)
                          || ($a->[1] eq 'deleted' && $a->[2] == 401) }
sub count { my ($pred, @a) = @_; return scalar grep { $pred->($_) } @a }

my %all = map { $_ => [answers($_)] } qw(A B H);
for my $n (qw(A B H)) {
    my @a = @{ $all{$n} };
    my @odd = grep { !right($_) && $_->[2] != 500 } @a;
    is count(\&wrong, @a), 0,
        "$n: no wrong decision in " . scalar(@a) . ' answers (never 200 for'
        . ' the deleted token, never 401 for the good one)';
    is scalar(@odd), 0, "$n: every answer was right or a 500"
        or diag join ', ', map { "$_->[1] $_->[2]" } @odd[0 .. ($#odd > 4 ? 4 : $#odd)];
    is count(sub { $_[0][0] < $t_kill && !right($_[0]) }, @a), 0,
        "$n: before the kill, every answer right";
}

# B while node 2 is down: 500 only (after the answers already under way)
my @b_down = grep { $_->[0] > $t_kill + 0.5 && $_->[0] < $t_rejoin } @{ $all{B} };
ok @b_down > 0 && count(sub { $_[0][2] == 500 }, @b_down) == @b_down,
    sprintf 'B (node 2 down): all %d answers were 500', scalar @b_down;

# A keeps answering right (its node stays; reads wait while the cluster
# drops the dead node, within max_statement_time)
my @a_down = grep { $_->[0] > $t_kill && $_->[0] < $t_synced } @{ $all{A} };
my $a_fail = count(sub { $_[0][2] == 500 }, @a_down);
is $a_fail, 0, sprintf 'A (node 1) while node 2 was down and rejoining:'
    . ' %d answers, none a 500', scalar @a_down;
my $a_gap = 0;
for my $i (1 .. $#a_down) {
    my $d = $a_down[$i][0] - $a_down[$i - 1][0];
    $a_gap = $d if $d > $a_gap;
}

# B recovers without a restart once node 2 is back
is `cat $work/B/httpd.pid`, $b_pid, 'B was not restarted';
my ($b_first) = grep { $_->[0] > $t_rejoin && right($_) && $_->[1] eq 'good' }
    @{ $all{B} };
ok $b_first, 'B accepted the good token again after node 2 rejoined';
my @b_end = grep { $_->[0] > $t_synced + 3 } @{ $all{B} };
ok @b_end > 0 && count(\&right, @b_end) == @b_end,
    sprintf 'B from 3 s after node 2 was Synced: all %d answers right',
    scalar @b_end;

# H behind haproxy: the failover
my @h = grep { $_->[0] > $t_kill } @{ $all{H} };
my @h_fail = grep { $_->[2] == 500 } @h;
is scalar(@h_fail), 0, sprintf 'H (haproxy) kept answering right through'
    . ' the kill and the rejoin: %d answers, none a 500 (a lookup whose'
    . ' connection died is asked again; haproxy marks the node down at the'
    . ' first refused connection)', scalar @h;

diag sprintf 'node 2 killed at +0.0 s, rejoin started at +%.1f s, Synced at'
    . ' +%.1f s (rejoin took %.1f s)', $t_rejoin - $t_kill,
    $t_synced - $t_kill, $t_synced - $t_rejoin;
diag sprintf 'A: %d answers while node 2 was away, %d failed; longest wait'
    . ' between two answers %.1f s', scalar @a_down, $a_fail, $a_gap;
diag sprintf 'B: %d answers while node 2 was down, all 500; first 200 again'
    . ' at +%.1f s, %.1f s after the rejoin started, %.1f s after node 2'
    . ' was Synced', scalar @b_down, $b_first ? $b_first->[0] - $t_kill : -1,
    $b_first ? $b_first->[0] - $t_rejoin : -1,
    $b_first ? $b_first->[0] - $t_synced : -1;
diag sprintf 'H (haproxy): %d answers after the kill, %d failed (500)%s',
    scalar @h, scalar @h_fail,
    @h_fail ? sprintf(', between +%.1f s and +%.1f s',
                      $h_fail[0][0] - $t_kill, $h_fail[-1][0] - $t_kill) : '';
open my $fig, '>', "$work/failover.txt" or die;
printf $fig "H failed %d of %d; B back %.1f s after Synced\n", scalar @h_fail,
    scalar @h, $b_first ? $b_first->[0] - $t_synced : -1;
close $fig;

done_testing;
