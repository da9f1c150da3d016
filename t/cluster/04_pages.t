# The token pages, the administrators' view, the JSON API and pat-tokens
# on a Galera cluster (README "Running on several servers"), with httpd A
# (node 1) and B (node 2) taking turns: each step is done on one node and
# checked on the other at once.  Their admin.conf carries DBDInitSQL SET
# SESSION wsrep_sync_wait = 1, so a list right after a change made
# through another node is never stale.
#
# The cluster runs with wsrep_mode REQUIRED_PRIMARY_KEY,STRICT_REPLICATION:
# a statement Galera would not replicate safely fails, and the step's
# page would be a 500.
use strict;
use warnings FATAL => 'all';
use FindBin;
use lib $FindBin::Bin;
use Test::More;
use JSON::PP ();
use HTTP::Request ();
use LWP::UserAgent ();
use Cluster;

my $work = $ENV{CLUSTER_WORK};

is_deeply [sql(1, "SELECT t.table_name FROM information_schema.tables t"
                  . " WHERE t.table_schema = 'pat' AND NOT EXISTS ("
                  . " SELECT 1 FROM information_schema.table_constraints c"
                  . " WHERE c.table_schema = t.table_schema"
                  . " AND c.table_name = t.table_name"
                  . " AND c.constraint_type = 'PRIMARY KEY')")], [],
    'every table of the schema has a primary key';
is_deeply [sql(1, "SELECT table_name FROM information_schema.tables"
                  . " WHERE table_schema = 'pat' AND engine <> 'InnoDB'")], [],
    'every table is InnoDB (Galera replicates only InnoDB)';
my ($mode) = sql(2, 'SELECT @@wsrep_mode');
ok $mode =~ /REQUIRED_PRIMARY_KEY/ && $mode =~ /STRICT_REPLICATION/,
    "the cluster refuses what it cannot replicate safely ($mode)";

sub list { page_get($_[0], 'erin', '/profile/tokens')->content }

# create on A, listed on B
my $token = create_by_page('A', 'erin', 'made on A');
like list('B'), qr{<td class="name">made on A</td>},
    "created through A's pages: B's list shows it at once";
is status('B', $token), 200, 'and B accepts it';
my ($id) = sql(2, "SELECT id FROM pat_tokens WHERE owner = 'erin'"
                  . " AND name = 'made on A'");

# edit on B with the form of A's page (one CSRFSecret for every node),
# listed on A
my $v = form_values(page_get('A', 'erin', "/profile/tokens/$id/edit"));
my ($expires) = sql(1, "SELECT expires_on FROM pat_tokens WHERE id = $id");
my $r = page_post('B', 'erin', "/profile/tokens/$id/edit", [
    csrf => $v->{csrf}, name => 'edited on B', description => 'by B',
    expires => $expires]);
is $r->code, 303, "edited through B's pages, with the form A served";
like list('A'), qr{<td class="name">edited on B</td>},
    "A's list shows the new name at once";

# regenerate on A: B refuses the old token and accepts the new one
$r = page_get('A', 'erin', "/profile/tokens/$id/regenerate");
$v = form_values($r);
$r = page_post('A', 'erin', "/profile/tokens/$id/regenerate",
               [csrf => $v->{csrf}, nonce => $v->{nonce}]);
my ($new) = $r->content =~ /id="token" value="(pat_\w+)"/;
ok $r->code == 200 && $new, "regenerated through A's pages";
is status('B', $token), 401, 'B refuses the old token at once';
is status('B', $new), 200, 'and accepts the new one';

# the history, written on A and B, read on B
like page_get('B', 'erin', "/profile/tokens/$id/activity")->content,
    qr{Regenerated.*Edited.*Created}s,
    "B's Activity page has the three events, newest first";

# delete on B, gone from A's list and refused by A
$v = form_values(page_get('B', 'erin', '/profile/tokens'));
$r = page_post('B', 'erin', "/profile/tokens/$id/delete", [csrf => $v->{csrf}]);
is $r->code, 303, "deleted through B's pages";
unlike list('A'), qr{edited on B}, "A's list no longer has it";
is status('A', $new), 401, 'A refuses it at once';

# the administrators' view: a token of erin's revoked on B, refused on A
my $victim = create_by_page('A', 'erin', 'to revoke');
my ($vid) = sql(1, "SELECT id FROM pat_tokens WHERE owner = 'erin'"
                   . " AND name = 'to revoke'");
like page_get('B', 'admin', '/admin/tokens?owner=erin')->content,
    qr{to revoke}, "the administrators' list on B shows the token made on A";
$v = form_values(page_get('B', 'admin', "/admin/tokens/$vid/revoke"));
$r = page_post('B', 'admin', "/admin/tokens/$vid/revoke", [csrf => $v->{csrf}]);
is $r->code, 303, 'revoked by the administrator on B';
is status('A', $victim), 401, 'A refuses it at once';
is_deeply [sql(1, "SELECT event, actor FROM pat_token_events WHERE token_id = $vid"
                  . " ORDER BY id")],
    ["created\terin", "revoked\tadmin"],
    'its history: created by erin (A), revoked by admin (B)';

# the JSON API: create on B, use on A, delete on A, refused on B
my $ua = LWP::UserAgent->new(max_redirect => 0);
sub api {
    my ($node, $method, $path, $body) = @_;
    my $req = HTTP::Request->new($method => url($node, $path));
    $req->authorization_basic('erin', 'erin-password');
    $req->header('Content-Type' => 'application/json');
    $req->content(JSON::PP::encode_json($body)) if $body;
    return $ua->request($req);
}
$r = api('B', POST => '/api/v1.0/tokens', {name => 'by the API on B'});
is $r->code, 201, 'the API on B creates a token';
my $made = JSON::PP::decode_json($r->content);
is status('A', $made->{token}), 200, 'A accepts it at once';
is api('A', GET => "/api/v1.0/tokens/$made->{id}")->code, 200,
    "A's API reads it at once";
is api('A', DELETE => "/api/v1.0/tokens/$made->{id}")->code, 204,
    "A's API deletes it";
is status('B', $made->{token}), 401, 'B refuses it at once';

# pat-tokens with node 2's admin.conf sees what A just made
my $listed = create_by_page('A', 'erin', 'for pat-tokens');
my $out = `$work/bin/pat-tokens -c $work/B/admin.conf list --owner erin 2>&1`;
is $?, 0, 'pat-tokens list on node 2 runs';
like $out, qr/for pat-tokens/, "and lists the token made through A's pages";

done_testing;
