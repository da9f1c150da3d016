# The activity history (README "Activity"): every change the pages make
# to a token is written with it, in one transaction, to pat_token_events
# (who, when, from where, old -> new; regenerated too); the owner sees it newest first on
# the token's Activity page; a deleted token's history stays in the
# table but not on the pages; never the token or its hash; the module's
# refusals write nothing.
use strict;
use warnings FATAL => 'all';
use FindBin;
use lib "$FindBin::Bin/lib";
use Apache::Test qw(-withtestmore);
use Apache::TestRequest qw(GET);
use PATTest;

plan tests => 57, need_lwp;

my $base = '/profile/tokens';
sub events {
    my ($id) = @_;
    return sql("SELECT event, actor, client, fields,"
               . " COALESCE(old_name, '-'), COALESCE(new_name, '-'),"
               . " COALESCE(old_description, '-'),"
               . " COALESCE(new_description, '-'),"
               . " COALESCE(old_expires_on, '-'), COALESCE(new_expires_on, '-')"
               . " FROM pat_token_events WHERE token_id = $id ORDER BY id");
}
sub event_count {
    return (sql('SELECT COUNT(*) FROM pat_token_events'))[0];
}

# created
my ($token, $id, $v) = admin_create_token('alice', 'history <b>one</b>');
my ($hash) = sql("SELECT token_hash FROM pat_tokens WHERE id = $id");
my @ev = events($id);
is scalar(@ev), 1, 'a create writes one event';
is $ev[0], join("\t", 'created', 'alice', '127.0.0.1', '', '-',
                'history <b>one</b>', '-', '', '-', $v->{expires}),
    '... created, by alice from 127.0.0.1, with the new name, description'
    . ' and expiration date';

my $r = admin_get('alice', "$base/$id/activity");
is $r->code, 200, 'the Activity page opens';
like $r->content, qr{<h1>Activity</h1>\n<p class="token-name">history &lt;b&gt;one&lt;/b&gt;</p>},
    '... titled Activity, with the token name escaped';
like $r->content,
    qr{<tr class="event created"><td><time datetime="\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ">\d{4}-\d\d-\d\d \d\d:\d\d:\d\d \S+</time></td><td>Created</td><td class="actor">alice</td><td class="client">127\.0\.0\.1</td>},
    '... a Created row: local time with its zone, who, from where';
like $r->content, qr{<li>Name: history &lt;b&gt;one&lt;/b&gt;</li>\n<li>Expiration Date: \Q$v->{expires}\E</li>},
    '... with the name and the expiration date it was created with';
unlike $r->content, qr{<b>one</b>}, 'no unescaped name on the page';

# edited: old -> new of every changed field
$r = admin_post('alice', "$base/$id/edit", [
    csrf => $v->{csrf}, name => 'history two', description => "line 1\nline 2",
    expires => $v->{max}]);
is $r->code, 303, 'an edit of all three fields is saved';
@ev = events($id);
is scalar(@ev), 2, '... and writes one more event';
is $ev[1], join("\t", 'edited', 'alice', '127.0.0.1',
                'name,description,expires_on', 'history <b>one</b>',
                'history two', '', "line 1\\nline 2", $v->{expires},
                $v->{max}),
    '... edited: the changed fields with old and new values';

# a Save that changes nothing records nothing
$r = admin_post('alice', "$base/$id/edit", [
    csrf => $v->{csrf}, name => 'history two', description => "line 1\nline 2",
    expires => $v->{max}]);
is $r->code, 303, 'a Save without a change is saved';
is scalar(events($id)), 2, '... and writes no event';

# one field: only it
$r = admin_post('alice', "$base/$id/edit", [
    csrf => $v->{csrf}, name => 'history two', description => 'short',
    expires => $v->{max}]);
@ev = events($id);
is $ev[2], join("\t", 'edited', 'alice', '127.0.0.1', 'description', '-',
                '-', "line 1\\nline 2", 'short', '-', '-'),
    'an edit of the description records only the description';

# refused edit: nothing
$r = admin_post('alice', "$base/$id/edit", [
    csrf => $v->{csrf}, name => '   ', description => 'x',
    expires => $v->{max}]);
is $r->code, 400, 'a refused edit is 400';
is scalar(events($id)), 3, '... and writes no event';

$r = admin_get('alice', "$base/$id/activity");
my $html = $r->content;
my @order = $html =~ /<tr class="event (\w+)">/g;
is "@order", 'edited edited created', 'the page lists the events newest first';
like $html, qr{<li>Description: <span class="old">line 1\nline 2</span> \x{e2}\x{86}\x{92} <span class="new">short</span></li>},
    '... with old and new values (old -> new)';
like $html, qr{<li>Name: <span class="old">history &lt;b&gt;one&lt;/b&gt;</span> \x{e2}\x{86}\x{92} <span class="new">history two</span></li>},
    '... escaped';
like $html, qr{<li>Expiration Date: <span class="old">\Q$v->{expires}\E</span> \x{e2}\x{86}\x{92} <span class="new">\Q$v->{max}\E</span></li>},
    '... the expiration date too';

# never the token or its hash
my ($leaks) = sql("SELECT COUNT(*) FROM pat_token_events WHERE CONCAT_WS(' ',"
                  . " actor, client, old_name, new_name, old_description,"
                  . " new_description) LIKE '%" . substr($token, 4, 20)
                  . "%' OR CONCAT_WS(' ', old_name, new_name, old_description,"
                  . " new_description) LIKE '%$hash%'");
is $leaks, 0, 'no event holds the token or its hash';
unlike $html, qr/\Q$token\E|\Q$hash\E/, 'nor does the page';

# another user's id: 404, nothing written
my $count = event_count();
$r = admin_get('bob', "$base/$id/activity");
is $r->code, 404, "another user's token: Activity is 404";
unlike $r->content, qr/history two/, '... and shows nothing of it';
my $bv = form_values(admin_get('bob', $base));
$r = admin_post('bob', "$base/$id/edit", [
    csrf => $bv->{csrf}, name => 'stolen', description => '',
    expires => $bv->{max}]);
is $r->code, 404, "bob's edit of alice's token is 404";
$r = admin_post('bob', "$base/$id/delete", [csrf => $bv->{csrf}]);
is $r->code, 404, "bob's delete of alice's token is 404";
is event_count(), $count, '... and neither writes an event';
$r = admin_get('alice', "$base/999999999/activity");
is $r->code, 404, 'an id that does not exist is 404';
$r = admin_post('alice', "$base/$id/activity", [csrf => $v->{csrf}]);
is $r->code, 404, 'Activity is a page, not a POST target (404)';

# a token cannot read the pages
$r = GET("/pat-profile/tokens/$id/activity", 'x-pat' => $token);
is $r->code, 403, 'a request authenticated by a token is refused (403)';
unlike $r->content, qr/history two/, '... and shows nothing';

# the module's refusals write nothing
$count = event_count();
for my $bad ('pat_' . ('A' x 36), $token . 'x', '') {
    GET('/api/v1.0/currentuser', 'x-pat' => $bad);
}
GET('/api/v1.0/currentuser', 'x-pat' => $token);
is event_count(), $count,
    'refused and accepted token requests write no event (error log only)';

# a change whose history cannot be written is not made (one transaction)
# (a trigger makes the server refuse the event's INSERT, after the
# change's own statement ran)
sql("CREATE TRIGGER pat_test_no_events BEFORE INSERT ON pat_token_events"
    . " FOR EACH ROW SIGNAL SQLSTATE '45000' SET MESSAGE_TEXT = 'no events'");
$r = admin_post('alice', "$base/$id/edit", [
    csrf => $v->{csrf}, name => 'not saved', description => '',
    expires => $v->{max}]);
is $r->code, 500, 'an edit whose event cannot be written is a 500';
my ($name) = sql("SELECT name FROM pat_tokens WHERE id = $id");
is $name, 'history two', '... and the token is unchanged';
$r = admin_post('alice', "$base/$id/delete", [csrf => $v->{csrf}]);
is $r->code, 500, 'a delete whose event cannot be written is a 500';
is scalar(sql("SELECT id FROM pat_tokens WHERE id = $id")), 1,
    '... and the token still exists';
my $fv = form_values(admin_get('alice', $base));
$r = admin_post('alice', $base, [
    csrf => $fv->{csrf}, nonce => $fv->{nonce}, name => 'not created',
    description => '', expires => $fv->{expires}]);
is $r->code, 500, 'a create whose event cannot be written is a 500';
unlike $r->content, qr/id="token"/, '... that shows no token';
is scalar(sql("SELECT id FROM pat_tokens WHERE name = 'not created'")), 0,
    '... and stores none';
sql('DROP TRIGGER pat_test_no_events');
my $log = error_log_since(0);
like $log, qr/pat-admin: database error \d+ in update: no events/,
    'the error log names the failed change and the reason';
like $log, qr/pat-admin: database error \d+ in delete: no events/,
    '... for the delete';
like $log, qr/pat-admin: database error \d+ in insert: no events/,
    '... and the create';

# regenerated: the old and new expiration date; a second post of the
# same form writes nothing
my $g = form_values(admin_get('alice', "$base/$id/regenerate"));
$r = admin_post('alice', "$base/$id/regenerate", [
    csrf => $g->{csrf}, nonce => $g->{nonce}]);
is $r->code, 200, 'the token is regenerated';
@ev = events($id);
is $ev[-1], join("\t", 'regenerated', 'alice', '127.0.0.1', '', '-', '-',
                 '-', '-', $v->{max}, $v->{expires}),
    '... regenerated: the old and the new (default) expiration date';
$r = admin_post('alice', "$base/$id/regenerate", [
    csrf => $g->{csrf}, nonce => $g->{nonce}]);
is $r->code, 409, 'the same Regenerate form again is 409';
is scalar(events($id)), 4, '... and writes no event';
like admin_get('alice', "$base/$id/activity")->content,
    qr{<td>Regenerated</td>.*<li>New token; the previous one stopped working</li>\n<li>Expiration Date: <span class="old">\Q$v->{max}\E</span> \x{e2}\x{86}\x{92} <span class="new">\Q$v->{expires}\E</span></li>}s,
    '... the page shows it';
like admin_get('alice', $base)->content,
    qr{<a href="\Q$base/$id\E/activity">Activity</a></td></tr>},
    "the token's row on the list links to its Activity page";
sql("UPDATE pat_tokens SET expires_on = '$v->{max}' WHERE id = $id");

# deleted: kept in the table, gone from the pages
$r = admin_post('alice', "$base/$id/delete", [csrf => $v->{csrf}]);
is $r->code, 303, 'the token is deleted';
@ev = events($id);
is scalar(@ev), 5, '... and its history has one more event';
is $ev[4], join("\t", 'deleted', 'alice', '127.0.0.1', '', 'history two',
                '-', 'short', '-', $v->{max}, '-'),
    '... deleted, with its last name, description and expiration date';
$r = admin_get('alice', "$base/$id/activity");
is $r->code, 404, "a deleted token's Activity page is 404 for its owner";
unlike $r->content, qr/history two/, '... and shows none of its history';

# the Edit page links to Activity
my ($id2) = (admin_create_token('alice', 'linked'))[1];
like admin_get('alice', "$base/$id2/edit")->content,
    qr{<a href="\Q$base/$id2\E/activity">Activity</a>},
    'the Edit page links to the Activity page';

# the permissions: a change is recorded as such
my $pbase = '/perm/profile/tokens';
my $pv = form_values(admin_get('alice', $pbase));
$r = admin_post('alice', $pbase, [
    csrf => $pv->{csrf}, nonce => $pv->{nonce}, name => 'perm history',
    description => '', expires => $pv->{expires}, permissions_shown => 1,
    permissions => 'read', permissions => 'write']);
is $r->code, 200, 'a token with every permission is created';
my ($pid) = sql("SELECT MAX(id) FROM pat_tokens WHERE owner = 'alice'");
$r = admin_post('alice', "$pbase/$pid/edit", [
    csrf => $pv->{csrf}, name => 'perm history', description => '',
    expires => $pv->{expires}, permissions_shown => 1,
    permissions => 'read']);
is $r->code, 303, '... narrowed to read';
@ev = events($pid);
is((split /\t/, $ev[-1])[3], 'permissions',
   '... recorded as an edit of the permissions only');
like admin_get('alice', "$pbase/$pid/activity")->content,
    qr{<li>Permissions changed</li>}, '... shown as "Permissions changed"';
