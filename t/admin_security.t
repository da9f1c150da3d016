# The admin pages' security: CSRF, another user's ids, PAT-authenticated
# requests, escaping, and the headers of every page.
use strict;
use warnings FATAL => 'all';
use FindBin;
use lib "$FindBin::Bin/lib";
use Apache::Test qw(-withtestmore);
use Apache::TestRequest qw(GET);
use PATTest;

plan tests => 41, need_lwp;

sub create_for {
    my ($user, $name) = @_;
    my $v = form_values(admin_get($user, '/profile/tokens'));
    my $r = admin_post($user, '/profile/tokens', [
        csrf => $v->{csrf}, nonce => $v->{nonce}, name => $name,
        description => '', expires => $v->{expires}]);
    my ($token) = $r->content =~ /id="token" value="(pat_\w+)"/;
    my ($id) = sql("SELECT MAX(id) FROM pat_tokens WHERE owner = '$user'");
    return ($token, $id, $v);
}

my ($atoken, $aid, $av) = create_for('alice', 'alice security token');
my $bv = form_values(admin_get('bob', '/profile/tokens'));
my $n = token_count('alice');

# CSRF
my $r = admin_post('alice', '/profile/tokens', [
    nonce => $av->{nonce} =~ tr/0-9a-f/1-9a-f0/r, name => 'no csrf',
    description => '', expires => $av->{expires}]);
is $r->code, 403, 'create without a CSRF token: 403';
like $r->content, qr/CSRF check failed/, '... the page says why';
$r = admin_post('alice', '/profile/tokens', [
    csrf => $bv->{csrf}, nonce => $bv->{nonce}, name => 'bob csrf',
    description => '', expires => $av->{expires}]);
is $r->code, 403, "create with another user's CSRF token: 403";
$r = admin_post('alice', "/profile/tokens/$aid/delete",
                [csrf => $av->{csrf}],
                headers => {Origin => 'http://evil.example'});
is $r->code, 403, 'delete with a foreign Origin (cross-site POST): 403';
$r = admin_post('alice', "/profile/tokens/$aid/delete", [csrf => 'x' x 64]);
is $r->code, 403, 'delete with a wrong CSRF token: 403';
is token_count('alice'), $n, 'no CSRF-refused request changed anything';
is GET('/api/env.cgi', 'x-pat' => $atoken)->code, 200,
    'the token still works';

# another user's token id: 404, never a change
for my $p ("/profile/tokens/$aid/edit", "/profile/tokens/$aid/delete") {
    is admin_get('bob', $p)->code, 404, "bob GET $p of alice's token: 404";
}
$r = admin_post('bob', "/profile/tokens/$aid/edit", [
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
unlike admin_get('bob', '/profile/tokens')->content, qr/alice security token/,
    "bob's list does not show alice's token";

# regression: a login "alice " (trailing space) saw and changed alice's
# tokens, because the owner column's collation ignored trailing spaces
my $spaced = admin_get('alice ', '/profile/tokens');
is $spaced->code, 200, 'the login "alice " opens its own list';
unlike $spaced->content, qr/alice security token/,
    '"alice " does not see alice\'s tokens';
my $sv = form_values($spaced);
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

# regression: form field names went raw into the error log, so a
# cross-site POST could forge log lines
my $start = length error_log_since(0);
admin_post('alice', '/profile/tokens',
           "a%0D%0A[Mon Nov 30 09:00:00 2026] [authz_core:error] FORGED=1"
           . "&a%0D%0A[Mon Nov 30 09:00:00 2026] [authz_core:error] FORGED=2",
           headers => {Origin => 'http://evil.example'});
unlike error_log_since($start), qr/^\[Mon Nov 30 09:00:00 2026\]/m,
    'a field name cannot start a forged error-log line';

# ids that are not ids
for my $p ('/profile/tokens/abc/edit', '/profile/tokens/0/edit',
           '/profile/tokens/1x/delete', '/profile/tokens/99999999/edit',
           '/profile/tokens/' . ('9' x 30) . '/edit', '/profile/tokens/nope') {
    is admin_get('alice', $p)->code, 404, "$p: 404";
}

# a token must not be able to manage tokens
$r = GET '/pat-profile/tokens', 'x-pat' => $atoken;
is $r->code, 403, 'the admin pages reached with a PAT: 403';
like $r->content, qr/cannot be managed with a\s+Personal Access Token/,
    '... and the page says why';
is admin_get(undef, '/profile/tokens')->code, 401,
    'the admin pages without login: 401';
# regression (break-it run): a token as the Basic password, where the
# login is AuthBasicProvider pat file, reached the list and created tokens
{
    require HTTP::Request;
    my $req = HTTP::Request->new(GET => Apache::TestRequest::resolve_url(
                                     '/basic-profile/tokens'));
    $req->authorization_basic('alice', $atoken);
    my $res = Apache::TestRequest::user_agent(reset => 1)->request($req);
    is $res->code, 403,
        'a token as the Basic password (AuthBasicProvider pat file): 403';
    is admin_get('alice', '/basic-profile/tokens')->code, 200,
        'the same location with the password: 200';
}

# escaping
my ($xtoken, $xid) = create_for('alice', '<script>alert(1)</script>"&\'');
my $list = admin_get('alice', '/profile/tokens')->content;
like $list, qr{<td class="name">&lt;script&gt;alert\(1\)&lt;/script&gt;&quot;&amp;'</td>},
    'a name with markup shows as text';
unlike $list, qr{<script>alert}, 'no markup from a name reaches the page';
like admin_get('alice', "/profile/tokens/$xid/edit")->content,
    qr{value="&lt;script&gt;alert\(1\)&lt;/script&gt;&quot;&amp;'"},
    'the edit form escapes it in an attribute';

# headers on every page
for my $p ('/profile/tokens', '/profile/tokens/new',
           "/profile/tokens/$aid/edit", "/profile/tokens/$aid/delete",
           '/profile/tokens/nope') {
    my $res = admin_get('alice', $p);
    my $csp = $res->header('Content-Security-Policy') // '';
    ok $csp =~ /script-src 'self'/ && $csp !~ /unsafe-inline/
        && $csp =~ /frame-ancestors 'none'/
        && ($res->header('Referrer-Policy') // '') eq 'no-referrer'
        && ($res->header('Cache-Control') // '') eq 'no-store',
        "$p: CSP without inline script, frame-ancestors 'none', "
        . 'no-referrer, no-store';
}
unlike admin_get('alice', '/profile/tokens')->content, qr{<script>|<script (?![^>]*src=)},
    'no inline script on the page';
