# Database faults beyond a stopped server (t/database_errors.t): pooled
# connections killed server-side, with and without the driver's silent
# reconnect; locks held by another session (the DBDInitSQL timeouts of
# t/conf/extra.conf.in); and the admin pages while the database is down.
use strict;
use warnings FATAL => 'all';
use FindBin;
use lib "$FindBin::Bin/lib";
use Apache::Test qw(-withtestmore);
use Apache::TestRequest qw(GET);
use Time::HiRes qw(time sleep);
use POSIX qw(WNOHANG);
use PATTest;

plan tests => 28, need_lwp;

my $t_dir = Apache::Test::vars('t_dir');

sub codes {
    my ($token, $n) = @_;
    return join ',', map { GET('/api/env.cgi', 'x-pat' => $token)->code } 1 .. $n;
}

# KILL every connection to the pat database but our own (the admin
# program holds none between requests: they are all mod_dbd's).
sub kill_pooled {
    my @ids = sql("SELECT id FROM information_schema.processlist"
                  . " WHERE db = 'pat' AND id <> CONNECTION_ID()");
    sql("KILL $_") for @ids;
    return scalar @ids;
}

# Run SQL in another session that holds what it takes for $secs seconds.
# Returns that session's pid once MariaDB shows it sleeping.
sub hold {
    my ($stmt, $secs) = @_;
    my $pid = fork // die "fork: $!";
    if ($pid == 0) {
        open STDOUT, '>', '/dev/null';
        open STDERR, '>', '/dev/null';
        open my $fh, '|-', "$t_dir/mariadb", 'sql', $ENV{PAT_TEST_DB}
            or POSIX::_exit(1);
        print $fh "$stmt; SELECT SLEEP($secs);";
        close $fh;
        POSIX::_exit(0);
    }
    for (1 .. 100) {
        my ($n) = sql("SELECT COUNT(*) FROM information_schema.processlist"
                      . " WHERE state = 'User sleep'");
        return $pid if $n > 0;
        sleep 0.1;
    }
    die "the session holding \"$stmt\" did not start\n";
}

sub timed_get {
    my ($token) = @_;
    my $t0 = time;
    my $code = GET('/api/env.cgi', 'x-pat' => $token)->code;
    return ($code, time - $t0);
}

my ($token) = new_token();

# 1. Connections killed server-side (DBDParams reconnect=0, the README's
# setting): mod_dbd's ping finds each dead one, drops it, and the module
# asks again (up to 3 times) for a new one, prepared afresh by mod_dbd.
my $warm = codes($token, 20);
my $log_start = length error_log_since(0);
my $killed = kill_pooled();
ok $killed >= 1, "pooled connections found and killed ($killed)";
is codes($token, 20), join(',', (200) x 20),
    'after KILL of every pooled connection: the next 20 requests are 200';
like error_log_since($log_start), qr/DBD connection acquired at try [23]/,
    'the log says dead pooled connections were dropped';

# 2. The same with apr-util's default reconnect=1 (the pat_reconnect
# server): the driver reconnects inside mod_dbd's ping, so mod_dbd keeps
# the connection, but its prepared statements are gone from the server
# (error 2030).  The module prepares the statement again for the request.
Apache::TestRequest::module('pat_reconnect');
$warm = codes($token, 20);
is $warm, join(',', (200) x 20), 'reconnect=1 server: 200 before the KILL';
$log_start = length error_log_since(0);
kill_pooled();
is codes($token, 20), join(',', (200) x 20),
    'reconnect=1: after KILL the next 20 requests are all 200';
like error_log_since($log_start),
    qr/statement auth_pat_lookup was gone from its DBD connection \(database error 2030/,
    'reconnect=1: the log says the statement was prepared again, and why';
Apache::TestRequest::module('default');

# 3. A table lock held by another session: the lookup waits for it at
# most lock_wait_timeout (2 s here) and then fails closed with 500.
$log_start = length error_log_since(0);
my $pid = hold('LOCK TABLES pat_tokens WRITE', 9);
my ($code, $secs) = timed_get($token);
is $code, 500, 'table locked by another session: 500, never 200 or 401';
ok $secs < 5, sprintf('and the request gave up after the 2 s lock '
                      . 'timeout, not the 9 s lock (%.1f s)', $secs);
like error_log_since($log_start), qr/select: database error (1205|1969)/,
    'the log says: lock wait timeout (1205) or statement timeout (1969)';
# the admin program sets lock_wait_timeout = 5 on its own connection
my $t0 = time;
my $page = admin_get('alice', '/profile/tokens');
my $admin_secs = time - $t0;
ok $page->code == 500 && $admin_secs < 8,
    sprintf('the token list gives up after its 5 s lock timeout with the '
            . 'error page (%d in %.1f s)', $page->code, $admin_secs);
waitpid $pid, 0;
is codes($token, 3), '200,200,200', 'lock released: 200 again';

# 4. The token's row locked (SELECT ... FOR UPDATE in an open
# transaction): the lookup is a consistent read and does not wait; the
# last-used write waits 2 s and gives up with a warning.  The decision
# stands.
my ($token2, $id2) = new_token();
$log_start = length error_log_since(0);
$pid = hold("BEGIN; SELECT id FROM pat_tokens WHERE id = $id2 FOR UPDATE", 6);
($code, $secs) = timed_get($token2);
is $code, 200, 'row locked by another transaction: the token still works';
ok $secs < 5, sprintf('and the request did not wait for the 6 s lock '
                      . '(%.1f s)', $secs);
like error_log_since($log_start),
    qr/token id $id2: last-used update failed: database error (1205|1969)/,
    'the skipped last-used write is a warning naming the token id';
waitpid $pid, 0;

# 5. The admin pages with the database down: a clear error page, and
# nothing written by a create or an edit submitted meanwhile.
my $v = form_values(admin_get('alice', '/profile/tokens'));
my $r = admin_post('alice', '/profile/tokens', [
    csrf => $v->{csrf}, nonce => $v->{nonce}, name => 'before the outage',
    description => '', expires => $v->{expires}]);
my ($id) = sql("SELECT MAX(id) FROM pat_tokens WHERE owner = 'alice'");
my $count = token_count('alice');
db_stop();
$r = admin_get('alice', '/profile/tokens');
is $r->code, 500, 'database down: the list page is a 500';
like $r->content, qr/Database unavailable.*cannot be reached.*Nothing was changed/s,
    'with a page that says the database cannot be reached';
$r = admin_post('alice', '/profile/tokens', [
    csrf => $v->{csrf}, nonce => $v->{nonce} . '0', name => 'during the outage',
    description => '', expires => $v->{expires}]);
is $r->code, 500, 'database down: Create gives the error page';
like $r->content, qr/Database unavailable/, '... the database error page';
unlike $r->content, qr/pat_[0-9A-Za-z]{36}/, 'and shows no token';
$r = admin_post('alice', "/profile/tokens/$id/edit", [
    csrf => $v->{csrf}, name => 'edited during the outage',
    description => '', expires => $v->{expires}]);
is $r->code, 500, 'database down: Edit gives the error page';
$r = admin_post('alice', "/profile/tokens/$id/delete", [csrf => $v->{csrf}]);
is $r->code, 500, 'database down: Delete gives the error page';
is GET('/api/env.cgi', 'x-pat' => $token)->code, 500,
    'database down: a valid token gets 500 (never 401)';
db_start();
is token_count('alice'), $count,
    'database back: no token was created during the outage';
is_deeply [sql("SELECT name FROM pat_tokens WHERE id = $id")],
    ['before the outage'],
    'database back: the token edited and deleted during the outage is unchanged';

# 6. The lookup's connection dies under the select (here KILLed while the
# select waits for a table lock; on a cluster, the node behind haproxy
# was killed): the lookup only reads, so the module asks again on
# another pooled connection and the decision is made (README "Running on
# several servers").  Before, that request was a 500.
{
    my ($tok) = new_token();
    is codes($tok, 1), '200', 'a token to look up while its connection dies';
    my $from = length error_log_since(0);
    my $holder = hold('LOCK TABLES pat_tokens WRITE', 8);
    my ($holder_id) = sql("SELECT id FROM information_schema.processlist"
                          . " WHERE state = 'User sleep'");
    my $killer = fork // die "fork: $!";
    if ($killer == 0) {
        for (1 .. 150) {
            my ($id) = sql("SELECT id FROM information_schema.processlist"
                           . " WHERE db = 'pat' AND info LIKE 'SELECT id, owner%'"
                           . " AND state LIKE 'Waiting for table%'");
            if ($id) {
                sql("KILL CONNECTION $id");
                sql("KILL CONNECTION $holder_id");
                POSIX::_exit(0);
            }
            sleep 0.01;
        }
        POSIX::_exit(1);
    }
    my $code = GET('/api/env.cgi', 'x-pat' => $tok)->code;
    waitpid $killer, 0;
    my $killed = $? == 0;
    waitpid $holder, 0;
    ok $killed, "the lookup's connection was killed while it waited";
    is $code, 200,
        'the lookup asked again on another connection: 200, not 500';
    like log_wait('error', $from, qr/died under the select/),
        qr/\[auth_pat:warn\].*the DBD connection died under the select \(database error (1927|2013|2006)\); asking again on another connection/,
        'the log says the connection died and the lookup was asked again';
}
