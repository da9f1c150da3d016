# httpd -k graceful (what apachectl graceful runs) while requests flow:
# no request fails or gets a wrong answer, and the old generation's
# pooled DBD connections are closed, not leaked.
use strict;
use warnings FATAL => 'all';
use FindBin;
use lib "$FindBin::Bin/lib";
use Apache::Test qw(-withtestmore);
use Apache::TestRequest qw(GET);
use Time::HiRes qw(time sleep);
use PATTest;

plan tests => 5, need_lwp;

my $vars = Apache::Test::vars();
my $t_dir = $vars->{t_dir};
my $gracefuls = 4;

my ($token) = new_token();
my $unknown = (split ' ', `$ENV{PAT_TOOL} new`)[0];

sub graceful {
    system($vars->{httpd}, '-d', $vars->{serverroot}, '-f',
           $vars->{t_conf_file}, '-D', 'APACHE2', '-D', 'APACHE2_4',
           '-k', 'graceful') == 0
        or die "httpd -k graceful failed\n";
}

# mod_dbd's connections: every connection to the pat database but ours
sub dbd_connections {
    my ($n) = sql("SELECT COUNT(*) FROM information_schema.processlist"
                  . " WHERE db = 'pat' AND id <> CONNECTION_ID()");
    return $n;
}

# Wait until the connection count stops changing (old children exit
# when their last request is done).
sub settled_connections {
    my ($last, $same) = (-1, 0);
    for (1 .. 100) {
        my $n = dbd_connections();
        $same = $n == $last ? $same + 1 : 0;
        return $n if $same >= 5;
        $last = $n;
        sleep 0.2;
    }
    return $last;
}

# Baseline: a graceful with no traffic; the new, idle generation holds
# DBDMin connections per process and server, and the old one closes its.
graceful();
sleep 1;
my $before = settled_connections();

# Clients: two processes, one sending the valid token and one an unknown
# token, each on a new connection per request (no keep-alive race), until
# told to stop; every answer is written down.  They fetch a static file:
# a CGI would add mod_cgid, whose daemon restarts at each graceful and
# answered 503 a few times in a thousand while it did (not the module).
my @kids;
for my $case ([valid => $token, 200], [unknown => $unknown, 401]) {
    my ($name, $tok, $want) = @$case;
    my $pid = fork // die "fork: $!";
    if ($pid == 0) {
        open my $out, '>', "$t_dir/logs/graceful-$name.txt" or die $!;
        my $stop = "$t_dir/logs/graceful-stop";
        # also stop if the test died (no stop file would ever come): when
        # the parent is gone, and after 120 s in any case
        my ($parent, $deadline) = (getppid(), time + 120);
        until (-e $stop || getppid() != $parent || time > $deadline) {
            my $code = GET('/pat-static/ok.txt', 'x-pat' => $tok)->code;
            print $out "$code\n";
        }
        close $out;
        POSIX::_exit(0);
    }
    push @kids, [$pid, $name, $want];
}

for (1 .. $gracefuls) {
    graceful();
    sleep 1.5;
}
sleep 1;
open my $stop, '>', "$t_dir/logs/graceful-stop" or die $!;
close $stop;
waitpid $_->[0], 0 for @kids;
unlink "$t_dir/logs/graceful-stop";

for my $kid (@kids) {
    my (undef, $name, $want) = @$kid;
    open my $in, '<', "$t_dir/logs/graceful-$name.txt" or die $!;
    my %codes;
    $codes{$_}++ for map { chomp; $_ } <$in>;
    my $total = 0;
    $total += $_ for values %codes;
    my $seen = join ', ', map { "$_ x$codes{$_}" } sort keys %codes;
    is_deeply [keys %codes], [$want],
        "$name token during $gracefuls gracefuls: every one of $total "
        . "answers is $want ($seen)";
}

# The same with no traffic after the gracefuls under load: a leak would
# keep each old generation's connections open.
graceful();
sleep 1;
my $after = settled_connections();
diag("pooled DBD connections of an idle generation: $before before, "
     . "$after after");
my $generations = () = error_log_since(0)
    =~ /\[mpm_\w+:notice\].*(?:Graceful restart requested|SIGUSR1 received\.\s+Doing graceful restart)/g;
is $generations, $gracefuls + 2,
    "httpd logged $gracefuls graceful restarts under load, and two idle";

ok $before >= 1,
    "pooled DBD connections of an idle generation before: $before";
ok $after <= $before + 1,
    "pooled DBD connections of an idle generation after $gracefuls "
    . "gracefuls under load: $after (before: $before; a leak would add a "
    . "generation's worth a graceful)";
