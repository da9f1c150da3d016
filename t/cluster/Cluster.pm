package Cluster;
# Helpers for the cluster tests (t/cluster/*.t), run by t/cluster/run,
# which exports CLUSTER_WORK (its temp folder) and CLUSTER_REPO.
#
# httpd nodes: A (Galera node 1), B (node 2), H (haproxy: node 2 first),
# N (node 2 without wsrep_sync_wait).  Database nodes: 1, 2, 3.
use strict;
use warnings FATAL => 'all';

use Exporter 'import';
use DBI ();
use HTTP::Request ();
use HTTP::Request::Common ();
use LWP::UserAgent ();
use Time::HiRes ();

our @EXPORT = qw(url db sql new_token status page_get page_post form_values
                 create_by_page galera error_log log_size);

# The Apache::Test suite (make test) finds these files too: there they
# are skipped, since only t/cluster/run starts the cluster they need.
BEGIN {
    unless ($ENV{CLUSTER_WORK} && $ENV{CLUSTER_REPO}) {
        print "1..0 # SKIP needs the cluster of t/cluster/run (make cluster-test)\n";
        exit 0;
    }
}
my $work = $ENV{CLUSTER_WORK};
my $repo = $ENV{CLUSTER_REPO};

my %port;
for my $n (qw(A B H N)) {
    open my $f, '<', "$work/$n/port" or die "$work/$n/port: $!\n";
    chomp($port{$n} = <$f>);
}

# url(NODE, PATH): the URL of PATH on httpd node NODE
sub url { my ($node, $path) = @_; return "http://127.0.0.1:$port{$node}$path" }

# db(N): a new DBI connection to Galera node N as root (its socket), with
# wsrep_sync_wait = 1 unless $nosync
sub db {
    my ($n, $nosync) = @_;
    my $dbh = DBI->connect(
        "DBI:MariaDB:database=pat;mariadb_socket=$work/galera/node$n/mysql.sock",
        'root', '', {RaiseError => 1, PrintError => 0, AutoCommit => 1});
    $dbh->do('SET SESSION wsrep_sync_wait = 1') unless $nosync;
    return $dbh;
}

my %dbh;
# sql(N, SQL, BINDS...): run SQL on node N (one cached connection with
# wsrep_sync_wait); returns the rows of a SELECT as tab-joined strings
sub sql {
    my ($n, $q, @bind) = @_;
    my $dbh = $dbh{$n} ||= db($n);
    if ($q =~ /^\s*(SELECT|SHOW)/i) {
        return map { join "\t", map { $_ // 'NULL' } @$_ }
            @{ $dbh->selectall_arrayref($q, undef, @bind) };
    }
    $dbh->do($q, undef, @bind);
    return;
}

# new_token(): a fresh token from pat_tool: (token, hash, hint)
sub new_token {
    my $line = `$work/bin/pat_tool new`;
    die "pat_tool new failed\n" if $?;
    return split ' ', $line;
}

my $ua = LWP::UserAgent->new(keep_alive => 8, timeout => 30,
                             max_redirect => 0);

# status(NODE, TOKEN, PATH): the status of GET PATH (default
# /protected/x.txt) with the token in x-pat
sub status {
    my ($node, $token, $path) = @_;
    return $ua->get(url($node, $path // '/protected/x.txt'), 'x-pat' => $token)
        ->code;
}

# page_get(NODE, USER, PATH) and page_post(NODE, USER, PATH, FIELDS):
# the token pages and API, logged in as USER (password USER-password)
sub page_get {
    my ($node, $user, $path) = @_;
    my $req = HTTP::Request->new(GET => url($node, $path));
    $req->authorization_basic($user, "$user-password");
    return $ua->request($req);
}

sub page_post {
    my ($node, $user, $path, $fields) = @_;
    my $req = HTTP::Request::Common::POST(url($node, $path), $fields);
    $req->authorization_basic($user, "$user-password");
    return $ua->request($req);
}

# form_values(RESPONSE): csrf, nonce and the default expiration date of
# the first form of a page
sub form_values {
    my ($res) = @_;
    my $html = $res->content;
    my %v;
    ($v{csrf}) = $html =~ /name="csrf" value="([0-9a-f]+)"/;
    ($v{nonce}) = $html =~ /name="nonce" value="([0-9a-f]+)"/;
    ($v{expires}) = $html =~ /name="expires" required value="([^"]*)"/;
    return \%v;
}

# create_by_page(NODE, USER, NAME): create a token through the Create form
# of NODE's pages; returns the token shown once
sub create_by_page {
    my ($node, $user, $name) = @_;
    my $v = form_values(page_get($node, $user, '/profile/tokens'));
    my $r = page_post($node, $user, '/profile/tokens', [
        csrf => $v->{csrf}, nonce => $v->{nonce}, name => $name,
        description => '', expires => $v->{expires}]);
    my ($token) = $r->content =~ /id="token" value="(pat_\w+)"/;
    die "creating a token on $node failed: " . $r->status_line . "\n"
        unless $r->code == 200 && $token;
    return $token;
}

# galera(CMD, N): t/cluster/galera CMD on the run's cluster (kill,
# rejoin, status); dies if it fails
sub galera {
    my ($cmd, $n) = @_;
    my $out = `$repo/t/cluster/galera $cmd $work/galera $n`;
    die "t/cluster/galera $cmd $n failed\n" if $?;
    chomp $out;
    return $out;
}

# error_log(NODE, FROM): NODE's error log from byte offset FROM;
# log_size(NODE): its length now
sub error_log {
    my ($node, $from) = @_;
    open my $f, '<', "$work/$node/error.log" or return '';
    local $/;
    my $s = <$f> // '';
    return substr($s, $from // 0);
}
sub log_size { return -s "$work/$_[0]/error.log" // 0 }

1;
