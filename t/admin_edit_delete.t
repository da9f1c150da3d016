# Edit any of your tokens (expired ones too) with the same rules; Delete
# asks first and revokes at once.
use strict;
use warnings FATAL => 'all';
use FindBin;
use lib "$FindBin::Bin/lib";
use Apache::Test qw(-withtestmore);
use Apache::TestRequest qw(GET);
use PATTest;

plan tests => 28, need_lwp;

my $v = form_values(admin_get('alice', '/profile/tokens'));
my $r = admin_post('alice', '/profile/tokens', [
    csrf => $v->{csrf}, nonce => $v->{nonce}, name => 'to edit',
    description => 'first', expires => $v->{expires}]);
my ($token) = $r->content =~ /id="token" value="(pat_\w+)"/;
my ($id) = sql("SELECT MAX(id) FROM pat_tokens WHERE owner = 'alice'");

$r = admin_get('alice', "/profile/tokens/$id/edit");
is $r->code, 200, 'the edit page opens';
like $r->content, qr{name="name" required value="to edit"},
    'with the current name';
$r = admin_post('alice', "/profile/tokens/$id/edit", [
    csrf => $v->{csrf}, name => 'edited', description => 'second',
    expires => $v->{max}]);
is $r->code, 303, 'saving redirects to the list';
my ($row) = sql("SELECT name, description, expires_on FROM pat_tokens"
                . " WHERE id = $id");
is $row, "edited\tsecond\t$v->{max}", 'name, description and date changed';
like admin_get('alice', '/profile/tokens?done=updated')->content,
    qr{Token updated\..*<td class="name">edited</td>}s,
    'the list shows the change';

# saving the values the token already has is a save like any other.
# Within the second of the last save updated_at does not move either, and
# MySQL then reports the UPDATE as changing no row: save until that
# happens.
my ($before) = sql("SELECT updated_at FROM pat_tokens WHERE id = $id");
my ($unchanged, @codes) = (0);
for (1 .. 20) {
    $r = admin_post('alice', "/profile/tokens/$id/edit", [
        csrf => $v->{csrf}, name => 'edited', description => 'second',
        expires => $v->{max}]);
    push @codes, $r->code;
    my ($after) = sql("SELECT updated_at FROM pat_tokens WHERE id = $id");
    if ($after eq $before) {
        $unchanged = 1;
        last;
    }
    $before = $after;
}
is "@codes", join(' ', (303) x @codes),
    'saving unchanged values redirects to the list';
ok $unchanged, '... also when the row is left exactly as it was';
($row) = sql("SELECT name, description, expires_on FROM pat_tokens"
             . " WHERE id = $id");
is $row, "edited\tsecond\t$v->{max}", '... and the values stay';

$r = admin_post('alice', "/profile/tokens/$id/edit", [
    csrf => $v->{csrf}, name => ' ', description => 'third',
    expires => $v->{max}]);
is $r->code, 400, 'edit with a blank name: 400';
like $r->content, qr/Name is required/, '... naming the rule';
($row) = sql("SELECT description FROM pat_tokens WHERE id = $id");
is $row, 'second', '... and nothing written';

# an expired token can be edited, and becomes Active again
sql("UPDATE pat_tokens SET expires_on = '2020-01-01' WHERE id = $id");
like admin_get('alice', '/profile/tokens')->content,
    qr{<td class="name">edited</td>.*?<td class="status expired">Expired</td>}s,
    'an expired token shows as Expired';
is GET('/api/env.cgi', 'x-pat' => $token)->code, 401, 'and is refused';
$r = admin_post('alice', "/profile/tokens/$id/edit", [
    csrf => $v->{csrf}, name => 'edited', description => 'renewed',
    expires => $v->{expires}]);
is $r->code, 303, 'an expired token can be edited';
is GET('/api/env.cgi', 'x-pat' => $token)->code, 200,
    'with a new expiration date it works again';

# delete: confirmation first, then gone at once
$r = admin_get('alice', "/profile/tokens/$id/delete");
like $r->content,
    qr{This personal access token will be permanently deleted and cannot be restored\.},
    'delete asks for confirmation with the seed text';
like $r->content, qr{>Proceed</button>.*>Cancel</a>}s, 'Proceed or Cancel';
is((sql("SELECT COUNT(*) FROM pat_tokens WHERE id = $id"))[0], 1,
   'asking deletes nothing');
$r = admin_post('alice', "/profile/tokens/$id/delete", [csrf => $v->{csrf}]);
is $r->code, 303, 'Proceed deletes and returns to the list';
is GET('/api/env.cgi', 'x-pat' => $token)->code, 401,
    'the deleted token is refused on the next request';

# the list's Delete dialog: its form posts the token's id to /delete
my ($second, $sid) = new_token(owner => 'alice', name => 'dialog delete');
my ($bobs, $bid) = new_token(owner => 'bob', name => 'not alice');
like admin_get('alice', '/profile/tokens')->content,
    qr{<form method="post" action="/profile/tokens/delete" id="delete-form">\n<input type="hidden" name="csrf" value="[0-9a-f]+">\n<input type="hidden" name="id" value="">},
    "the Delete dialog's form has an action and an id field";
for my $case (['no id', []], ['an id that is no number', [id => '1 OR 1']],
              ["bob's token", [id => $bid]]) {
    $r = admin_post('alice', '/profile/tokens/delete',
                    [csrf => $v->{csrf}, @{ $case->[1] }]);
    is $r->code, 404, "POST /delete with $case->[0]: 404";
}
is((sql("SELECT COUNT(*) FROM pat_tokens WHERE id IN ($sid, $bid)"))[0],
   2, '... and nothing deleted');
$r = admin_post('alice', '/profile/tokens/delete',
                [csrf => $v->{csrf}, id => $sid]);
is $r->code, 303, 'POST /delete with the id of her token deletes it';
is GET('/api/env.cgi', 'x-pat' => $second)->code, 401, '... at once';
is GET('/api/env.cgi', 'x-pat' => $bobs)->code, 200,
    "and bob's token still works";
