# Breaking the list, Regenerate, Activity and pat-notify (issue 14): the
# hostile inputs and races found while testing what was built, each with
# the input that failed.
use strict;
use warnings FATAL => 'all';
use FindBin;
use lib "$FindBin::Bin/lib";
use Apache::Test qw(-withtestmore);
use Apache::TestRequest qw(GET);
use Digest::SHA qw(sha256_hex);
use PATTest;

plan tests => 25, need_lwp;

my $base = '/profile/tokens';
my $tag = "break $$";
sub one { (sql($_[0]))[0] }
sub nonce { join '', map { sprintf '%02x', int rand 256 } 1 .. 16 }
sub hash_of { one("SELECT token_hash FROM pat_tokens WHERE id = $_[0]") // '(no row)' }

my ($tok, $id) = admin_create_token('alice', "$tag a");
my $f = form_values(admin_get('alice', "$base/$id/regenerate"));

# --- routes: only the id as the list writes it, only the owner's ---------------
my ($btok, $bid) = new_token(owner => 'bob', name => "$tag bob");
for my $p ("/0$id/activity", "/0$id/regenerate", "/-$id/activity",
           "/1234567890123456789/activity", "/99999999999999999999999/activity",
           "/$id/activity/", "/$id/regenerate/", "/${id}x/activity",
           "/$bid/activity", "/$bid/regenerate", "/$id/../$bid/activity") {
    is admin_get('alice', "$base$p")->code, 404, "GET $p: 404";
}
is admin_post('alice', "$base/0$id/regenerate",
              [csrf => $f->{csrf}, nonce => nonce()])->code, 404,
    'POST /0ID/regenerate (leading zero): 404';
is admin_post('alice', "$base/regenerate",
              [csrf => $f->{csrf}, nonce => nonce(), id => "0$bid"])->code, 404,
    'POST /regenerate with bob\'s id with a leading zero: 404';
is admin_post('alice', "$base/$id/activity", [csrf => $f->{csrf}])->code, 404,
    'POST /ID/activity: 404 (no such page)';
is hash_of($bid), sha256_hex($btok), "... bob's token unchanged";

# --- a Regenerate form sent again after a second Regenerate ---------------------
# (regression: the nonce was kept only in the token's regenerate_nonce, which
# the second Regenerate overwrote: the first form, sent again from the back
# button, regenerated the token a third time and killed the token just shown)
my $n1 = nonce();
is admin_post('alice', "$base/$id/regenerate",
              [csrf => $f->{csrf}, nonce => $n1])->code, 200, 'regenerated once';
my $r = admin_post('alice', "$base/$id/regenerate",
                   [csrf => $f->{csrf}, nonce => nonce()]);
is $r->code, 200, '... and again with a new form';
my ($shown) = $r->content =~ /id="token" value="(pat_\w+)"/;
my $h = hash_of($id);
$r = admin_post('alice', "$base/$id/regenerate", [csrf => $f->{csrf}, nonce => $n1]);
is $r->code, 409, 'the first form sent again: 409';
is hash_of($id), $h, '... the token is not regenerated a third time';
is GET('/api/env.cgi', 'x-pat' => $shown)->code, 200,
    '... and the token last shown still works';
is one("SELECT COUNT(*) FROM pat_token_events WHERE token_id = $id"
       . " AND event = 'regenerated'"), 2, '... and no third event';
my ($tok2, $id2) = admin_create_token('alice', "$tag second");
is admin_post('alice', "$base/$id2/regenerate",
              [csrf => $f->{csrf}, nonce => $n1])->code, 409,
    '... nor does it regenerate another of her tokens';
admin_post('alice', "$base/$id/delete", [csrf => $f->{csrf}]);
is admin_post('alice', "$base/$id2/regenerate",
              [csrf => $f->{csrf}, nonce => $n1])->code, 409,
    '... also after the token it regenerated was deleted';
my $bf = form_values(admin_get('bob', "$base/$bid/regenerate"));
$r = admin_post('bob', "$base/$bid/regenerate", [csrf => $bf->{csrf}, nonce => $n1]);
is $r->code, 200, "bob sending alice's nonce value for his own token: regenerated (nonces are per owner)";
isnt hash_of($bid), sha256_hex($btok), '... his token has a new hash';
