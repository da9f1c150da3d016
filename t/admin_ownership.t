# The admin pages keep users apart: another user's token ids are 404 and
# never changed, a list shows only its user's tokens (also for a login
# that differs only by a trailing space), and one user's form nonce does
# not block another's.
use strict;
use warnings FATAL => 'all';
use FindBin;
use lib "$FindBin::Bin/lib";
use Apache::Test qw(-withtestmore);
use PATTest;

plan tests => 17, need_lwp;

my (undef, $aid, $av) = admin_create_token('alice', 'alice security token');
new_token(owner => 'bob', name => 'bob own token');
my $bv = form_values(admin_get('bob', '/profile/tokens'));

# another user's token id: 404, never a change
for my $p ("/profile/tokens/$aid/edit", "/profile/tokens/$aid/delete") {
    is admin_get('bob', $p)->code, 404, "bob GET $p of alice's token: 404";
}
my $r = admin_post('bob', "/profile/tokens/$aid/edit", [
    csrf => $bv->{csrf}, name => 'stolen', description => '',
    expires => $bv->{expires}]);
is $r->code, 404, "bob POST edit of alice's token: 404";
$r = admin_post('bob', "/profile/tokens/$aid/edit", [
    csrf => $bv->{csrf}, name => ' ', description => '',
    expires => $bv->{expires}]);
is $r->code, 404, "bob POST edit of alice's token with a refused name: 404";
$r = admin_post('bob', "/profile/tokens/$aid/delete", [csrf => $bv->{csrf}]);
is $r->code, 404, "bob POST delete of alice's token: 404";
my ($name) = sql("SELECT name FROM pat_tokens WHERE id = $aid");
is $name, 'alice security token', "alice's token is unchanged";

# $user's list opens, shows the token named $own and not alice's
# (three tests); returns the list page.
sub own_list_only {
    my ($user, $own) = @_;
    my $list = admin_get($user, '/profile/tokens');
    is $list->code, 200, "the login \"$user\" opens its own list";
    like $list->content, qr{<td class="name">\Q$own\E</td>},
        "\"$user\" sees its own token";
    unlike $list->content, qr/alice security token/,
        "\"$user\" does not see alice's token";
    return $list;
}

own_list_only('bob', 'bob own token');

# regression: a login "alice " (trailing space) saw and changed alice's
# tokens, because the owner column's collation ignored trailing spaces
new_token(owner => 'alice ', name => 'spaced own token');
my $sv = form_values(own_list_only('alice ', 'spaced own token'));
$r = admin_post('alice ', "/profile/tokens/$aid/delete", [csrf => $sv->{csrf}]);
is $r->code, 404, '"alice " cannot delete alice\'s token: 404';
is((sql("SELECT COUNT(*) FROM pat_tokens WHERE id = $aid"))[0], 1,
   "alice's token is still there");

# regression: the create nonce was unique across users, so bob got 409
# for a nonce alice had used
my $bn = token_count('bob');
$r = admin_post('bob', '/profile/tokens', [
    csrf => $bv->{csrf}, nonce => $av->{nonce}, name => 'bob, same nonce',
    description => '', expires => $bv->{expires}]);
is $r->code, 200, "a nonce alice used does not block bob's form";
is token_count('bob'), $bn + 1, '... and bob gets his token';
# and it still blocks alice's own resubmission
$r = admin_post('alice', '/profile/tokens', [
    csrf => $av->{csrf}, nonce => $av->{nonce}, name => 'alice again',
    description => '', expires => $av->{expires}]);
is $r->code, 409, "... while alice's own form sent again is still 409";
