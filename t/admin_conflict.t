# A change that loses a write conflict is tried again (README "Running
# on several servers"): on a Galera cluster an edit, delete, regenerate
# or revoke can lose to a write of the same row made on another node at
# the same moment, and the server answers error 1213 ("Deadlock found"),
# at a statement or at COMMIT.  The pages, the API and pat-tokens try
# such a change again from the start, up to 3 times; a create up to 5.
#
# Here a trigger raises 1213 at the change's history INSERT as many times
# as a counter says (a MEMORY table: not rolled back with the statement).
# Before, one lost conflict was a 500 "Database unavailable".
use strict;
use warnings FATAL => 'all';
use FindBin;
use lib "$FindBin::Bin/lib";
use Apache::Test qw(-withtestmore);
use PATTest;

plan tests => 22, need_lwp;

my $base = '/profile/tokens';
my $bin = $ENV{PAT_TOKENS} or die "PAT_TOKENS is not set: run make test\n";
my $conf = $ENV{PAT_ADMIN_CONFIG};

sql("CREATE TABLE pat_test_fail (k INT NOT NULL PRIMARY KEY, n INT NOT NULL)"
    . " ENGINE=MEMORY");
sql("INSERT INTO pat_test_fail VALUES (1, 0)");
sql("DELIMITER //\nCREATE TRIGGER pat_test_conflict BEFORE INSERT ON"
    . " pat_token_events FOR EACH ROW BEGIN"
    . " IF (SELECT n FROM pat_test_fail WHERE k = 1) > 0 THEN"
    . " UPDATE pat_test_fail SET n = n - 1 WHERE k = 1;"
    . " SIGNAL SQLSTATE '40001' SET MYSQL_ERRNO = 1213, MESSAGE_TEXT ="
    . " 'Deadlock found when trying to get lock; try restarting transaction';"
    . " END IF; END//\nDELIMITER ;\n");
sub conflicts { sql("UPDATE pat_test_fail SET n = $_[0] WHERE k = 1") }
sub left { (sql("SELECT n FROM pat_test_fail WHERE k = 1"))[0] }
sub events { (sql("SELECT COUNT(*) FROM pat_token_events WHERE token_id = $_[0]"
                  . " AND event = '$_[1]'"))[0] }

my ($token, $id, $v) = admin_create_token('alice', 'conflicted');

# edit: one lost conflict, then saved; the history has one event
conflicts(1);
my $from = length error_log_since(0);
my $r = admin_post('alice', "$base/$id/edit", [
    csrf => $v->{csrf}, name => 'edited after a conflict', description => '',
    expires => $v->{max}]);
is $r->code, 303, 'an edit that lost one write conflict is saved (303)';
is left(), 0, '... after the conflict really happened';
is events($id, 'edited'), 1, '... with one edited event';
like log_wait('error', $from, qr/lost a write conflict/),
    qr/the update lost a write conflict with another change of the same token \(database error 1213\); trying again/,
    '... and the log says it was tried again';

# edit: three lost conflicts in a row, the last try too: a 500, nothing
# written
conflicts(3);
$r = admin_post('alice', "$base/$id/edit", [
    csrf => $v->{csrf}, name => 'never saved', description => '',
    expires => $v->{max}]);
is $r->code, 500, 'an edit that lost 3 write conflicts in a row: 500';
is left(), 0, '... after three tries';
is((sql("SELECT name FROM pat_tokens WHERE id = $id"))[0],
   'edited after a conflict', '... and the token is unchanged');
is events($id, 'edited'), 1, '... with no new event';

# regenerate: one lost conflict, then a new token
conflicts(1);
my $g = form_values(admin_get('alice', "$base/$id/regenerate"));
$r = admin_post('alice', "$base/$id/regenerate",
                [csrf => $g->{csrf}, nonce => $g->{nonce}]);
my ($new) = $r->content =~ /id="token" value="(pat_\w+)"/;
ok $r->code == 200 && $new, 'a regenerate that lost one conflict: a new token';
is pat_get('/api/env.cgi', $token)->code, 401, '... the old one is refused';
is pat_get('/api/env.cgi', $new)->code, 200, '... the new one works';
is events($id, 'regenerated'), 1, '... one regenerated event';

# delete: one lost conflict, then deleted
conflicts(1);
$r = admin_post('alice', "$base/$id/delete", [csrf => $v->{csrf}]);
is $r->code, 303, 'a delete that lost one conflict is done (303)';
is pat_get('/api/env.cgi', $new)->code, 401, '... the token is refused';
is events($id, 'deleted'), 1, '... one deleted event';

# create: one lost conflict at its history INSERT, then created once
conflicts(1);
my ($made, $mid) = admin_create_token('alice', 'created after a conflict');
is pat_get('/api/env.cgi', $made)->code, 200,
    'a create that lost one conflict: its token works';
is events($mid, 'created'), 1, '... one created event';

# the API's delete and pat-tokens revoke go the same way
conflicts(1);
$r = api_request(DELETE => "/api/v1.0/tokens/$mid");
is $r->code, 204, "the API's delete after one lost conflict: 204";
is events($mid, 'deleted'), 1, '... one deleted event';
my ($rt, $rid) = new_token(owner => 'alice', name => 'to revoke');
conflicts(1);
my $out = `$bin -c $conf revoke $rid 2>&1`;
is $? >> 8, 0, 'pat-tokens revoke after one lost conflict: exit 0'
    or diag $out;
is pat_get('/api/env.cgi', $rt)->code, 401, '... the token is refused';
is events($rid, 'revoked'), 1, '... one revoked event';

sql('DROP TRIGGER pat_test_conflict');
sql('DROP TABLE pat_test_fail');
