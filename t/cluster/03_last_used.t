# Concurrent last-used writes from two nodes on one token (README
# "Running on several servers").  Galera certifies a write against the
# writes other nodes committed meanwhile; the loser gets error 1213
# (reported as a deadlock).  For last_used_at that means another node
# has just written the time: the request stays 200 and the module logs
# the lost write at info, not as a warning.
#
# /busy/ has AuthPATLastUsedInterval 0: every request writes (the
# statement itself skips a row already written this second), so httpd A
# (node 1) and B (node 2) write the same row many times a second.
use strict;
use warnings FATAL => 'all';
use FindBin;
use lib $FindBin::Bin;
use Test::More;
use Time::HiRes qw(time);
use LWP::UserAgent ();
use Cluster;

my $work = $ENV{CLUSTER_WORK};
my $seconds = $ENV{CLUSTER_BUSY_SECONDS} || 20;
my ($token, $hash, $hint) = new_token();
sql(1, "INSERT INTO pat_tokens (owner, name, token_hash, hint, expires_on)"
       . " VALUES ('dave', 'busy', ?, ?, CURDATE() + INTERVAL 30 DAY)",
    $hash, $hint);
my ($id) = sql(1, 'SELECT id FROM pat_tokens WHERE token_hash = ?', $hash);
my %from = map { $_ => log_size($_) } qw(A B);
my $conflict = qr/\[auth_pat:info\].*token id $id: last-used update lost a write conflict \(database error 1213\)/;
my $warned = qr/\[auth_pat:(warn|error|crit)\].*token id $id:/;
sub conflicts {
    my $n = 0;
    $n += () = error_log($_, $from{$_}) =~ /$conflict/g for qw(A B);
    return $n;
}

# four clients per node, until $seconds have passed or 20 conflicts
# were logged; each writes its answers' status counts to a file
my $stop = "$work/03.stop";
my @pids;
for my $node (qw(A B)) {
    for my $c (1 .. 4) {
        my $pid = fork // die "fork: $!\n";
        if ($pid == 0) {
            my $ua = LWP::UserAgent->new(keep_alive => 1, timeout => 30);
            my %n;
            $n{ $ua->get(url($node, '/busy/x.txt'), 'x-pat' => $token)->code }++
                until -e $stop;
            open my $out, '>', "$work/03.$node.$c" or die;
            print $out join(' ', map { "$_=$n{$_}" } sort keys %n), "\n";
            exit 0;
        }
        push @pids, $pid;
    }
}
my $t0 = time;
sleep 1 while time - $t0 < $seconds && conflicts() < 20;
my $took = time - $t0;
open my $s, '>', $stop or die;
close $s;
waitpid $_, 0 for @pids;

my %codes;
for my $f (glob "$work/03.[AB].*") {
    open my $in, '<', $f or die;
    for (split ' ', scalar <$in>) {
        my ($code, $n) = split /=/;
        $codes{$code} += $n;
    }
}
my $total = 0;
$total += $_ for values %codes;
my $n = conflicts();
is join(' ', map { "$_=$codes{$_}" } sort keys %codes), "200=$total",
    "$total requests on one token from both nodes in ${\ sprintf '%.0f', $took} s: all 200";
cmp_ok $n, '>', 0,
    "the nodes' last-used writes did conflict ($n logged at info): the case is exercised";
my $w = 0;
$w += () = error_log($_, $from{$_}) =~ /$warned/g for qw(A B);
is $w, 0, 'no warning or error about the token in either error log';
my ($age) = sql(2, 'SELECT UNIX_TIMESTAMP() - UNIX_TIMESTAMP(last_used_at)'
                   . ' FROM pat_tokens WHERE id = ?', $id);
cmp_ok $age, '<=', 5, "last_used_at was written (${age} s ago)";
diag sprintf '%d requests, %d write conflicts logged at info (%.2f per 1000'
    . ' requests)', $total, $n, $total ? 1000 * $n / $total : 0;

done_testing;
