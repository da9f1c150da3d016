# The admin pages' CSRF protection: a POST without the user's own CSRF
# token, or sent from another site (Origin), is refused with 403 by the
# CSRF check and changes nothing; the same POST done right goes through.
use strict;
use warnings FATAL => 'all';
use FindBin;
use lib "$FindBin::Bin/lib";
use Apache::Test qw(-withtestmore);
use Apache::TestRequest qw(GET);
use PATTest;

plan tests => 12, need_lwp;

my ($atoken, $aid) = new_token(owner => 'alice', name => 'alice csrf token');
my $av = form_values(admin_get('alice', '/profile/tokens'));
my $bv = form_values(admin_get('bob', '/profile/tokens'));
my $n = token_count('alice');

# Each refusal is a 403 whose page names the CSRF check (not some other
# 403).
sub csrf_refused {
    my ($r, $what) = @_;
    is $r->code, 403, "$what: 403";
    like $r->content, qr/CSRF check failed/, "$what: the page says why";
}

csrf_refused(admin_post('alice', '/profile/tokens', [
    nonce => $av->{nonce} =~ tr/0-9a-f/1-9a-f0/r, name => 'no csrf',
    description => '', expires => $av->{expires}]),
    'create without a CSRF token');
csrf_refused(admin_post('alice', '/profile/tokens', [
    csrf => $bv->{csrf}, nonce => $bv->{nonce}, name => 'bob csrf',
    description => '', expires => $av->{expires}]),
    "create with another user's CSRF token");
csrf_refused(admin_post('alice', "/profile/tokens/$aid/delete",
                        [csrf => $av->{csrf}],
                        headers => {Origin => 'http://evil.example'}),
    'delete with a foreign Origin (cross-site POST)');
csrf_refused(admin_post('alice', "/profile/tokens/$aid/delete",
                        [csrf => 'x' x 64]),
    'delete with a wrong CSRF token');
is token_count('alice'), $n, 'no CSRF-refused request changed anything';
is GET('/api/env.cgi', 'x-pat' => $atoken)->code, 200,
    'the token still works';

# the control: alice's own CSRF token, no foreign Origin
is admin_post('alice', "/profile/tokens/$aid/delete",
              [csrf => $av->{csrf}])->code, 303,
    "the same delete with alice's CSRF token: 303";
is GET('/api/env.cgi', 'x-pat' => $atoken)->code, 401,
    '... and the token is gone';
