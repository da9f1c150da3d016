# The administrators' view of pat-admin (README "For administrators"):
# only where httpd sets PAT_ADMIN_VIEW=1, only for the group pat-admins,
# never for a token; every user's tokens with filters and keyset pages;
# Revoke one and Revoke all, each recorded in the history with the
# administrator as actor, each token refused (401) on its next request.
use strict;
use warnings FATAL => 'all';
use FindBin;
use lib "$FindBin::Bin/lib";
use Apache::Test qw(-withtestmore);
use Apache::TestRequest qw(GET);
use HTTP::Request ();
use PATTest;

plan tests => 87, need_lwp;

my $admin = 'root-admin';
my $list = '/admin/tokens';
sql("DELETE FROM pat_tokens WHERE owner LIKE 'ov-%' OR owner = '$admin'"
    . " OR owner LIKE '<%'");

sub api { pat_get('/api/env.cgi', $_[0])->code }
sub ids_of { my ($html) = @_; return $html =~ /<tr data-id="(\d+)">/g }
sub revoked_events {
    my ($id) = @_;
    return sql("SELECT CONCAT_WS('|', event, actor, owner, old_name)"
               . " FROM pat_token_events WHERE token_id = $id ORDER BY id");
}

# --- who reaches the view ---
my ($own) = new_token(owner => $admin, name => 'admin own token');
my ($bobt, $bobid) = new_token(owner => 'ov-bob', name => 'bob token');
my $r = admin_get($admin, '/unmarked-admin/tokens');
is $r->code, 200, 'without PAT_ADMIN_VIEW the same program answers 200';
like $r->content, qr/Manage Personal Access Tokens/, '... with the user pages';
like $r->content, qr/admin own token/, "... showing the administrator's own token";
unlike $r->content, qr/bob token/, "... and nobody else's";
unlike $r->content, qr/<th>Owner<\/th>/, '... and no Owner column';

$r = admin_get($admin, $list);
is $r->code, 200, 'the administrator gets the list';
like $r->content, qr/<h1>All Personal Access Tokens<\/h1>/, '... its heading';
like $r->content, qr/<th>Owner<\/th><th>Name<\/th><th>Token<\/th><th>Created<\/th><th>Last used<\/th><th>Expiration Date<\/th><th>Status<\/th>/,
    '... its columns (no Permissions on a site without them)';
like $r->content, qr/<td class="owner">ov-bob<\/td><td class="name">bob token<\/td>/,
    "... another user's token with its owner";
like $r->content, qr{href="/admin/tokens/$bobid/revoke"}, '... and its Revoke link';
like admin_get($admin, '/perm-admin/tokens')->content, qr/<th>Permissions<\/th>/,
    'a site with permissions shows them';
my $code = admin_get('alice', $list)->code;
ok $code == 401 || $code == 403, "a user outside pat-admins is refused ($code)";
is admin_get(undef, $list)->code, 401, 'no login: 401';
my ($admintoken) = new_token(owner => $admin, name => 'admin api token');
$r = pat_get('/pat-admin/tokens', $admintoken);
is $r->code, 403, "the administrator's token (AuthType PAT, the marker set): 403";
like $r->content, qr/cannot be managed with a\s+Personal Access Token/, '... saying why';
$r = basic_get('/basic-admin/tokens', $admin, $admintoken);
is $r->code, 403, 'the token as the Basic password (provider pat file): 403';
is admin_get($admin, '/basic-admin/tokens')->code, 200,
    '... while the password there gets the list';

# --- escaping ---
new_token(owner => '<b>ov-x&"', name => '<img src=x onerror=alert(1)>');
$r = admin_get($admin, "$list?owner=" . '%3Cb%3Eov-x%26%22');
like $r->content, qr/&lt;b&gt;ov-x&amp;&quot;/, 'the owner is escaped';
like $r->content, qr/&lt;img src=x onerror=alert\(1\)&gt;/, 'the name is escaped';
unlike $r->content, qr/<img src=x|<b>ov-x/, 'no markup of theirs reaches the page';

# --- filters ---
my $today = today_local();
my (undef, $far) = new_token(owner => 'ov-f', name => 'f-far', expires => date_add($today, 100));
my (undef, $soon) = new_token(owner => 'ov-f', name => 'f-soon', expires => date_add($today, 3));
my (undef, $exp) = new_token(owner => 'ov-f', name => 'f-expired', expires => date_add($today, -2));
my (undef, $recent) = new_token(owner => 'ov-f', name => 'f-recent', expires => date_add($today, 100));
my (undef, $old) = new_token(owner => 'ov-f', name => 'f-old', expires => date_add($today, 100));
sql("UPDATE pat_tokens SET last_used_at = NOW() - INTERVAL 1 HOUR WHERE id = $recent;"
    . " UPDATE pat_tokens SET last_used_at = NOW() - INTERVAL 40 DAY WHERE id = $old");
my %want = (
    ''       => [$far, $soon, $exp, $recent, $old],
    all      => [$far, $soon, $exp, $recent, $old],
    active   => [$far, $soon, $recent, $old],
    soon     => [$soon],
    expired  => [$exp],
);
for my $st (sort keys %want) {
    $r = admin_get($admin, "$list?owner=ov-f&status=$st");
    is_deeply [ids_of($r->content)], $want{$st}, "owner ov-f, status '$st'";
}
$r = admin_get($admin, "$list?owner=ov-f&unused_days=30");
is_deeply [ids_of($r->content)], [$far, $soon, $exp, $old],
    'not used for 30 days: never used, or used 40 days ago';
$r = admin_get($admin, "$list?owner=ov-f&status=active&unused_days=30");
is_deeply [ids_of($r->content)], [$far, $soon, $old], 'filters combine';
like admin_get($admin, "$list?owner=ov-f&status=soon")->content,
    qr/<span class="badge soon">Expires soon<\/span>/, 'the Expires soon badge';
like admin_get($admin, "$list?owner=ov-f&status=expired")->content,
    qr/<td class="status expired">Expired<\/td>/, 'the Expired status';
like admin_get($admin, "$list?owner=ov-f&status=active")->content,
    qr/<option value="active" selected>/, 'the form shows the filter in use';
is_deeply [ids_of(admin_get($admin, "$list?owner=ov-nobody")->content)], [],
    'an owner without tokens: none';
for my $bad ('status=bogus', 'unused_days=0', 'unused_days=3651',
             'unused_days=abc', 'unused_days=1.5', 'unused_days=-3') {
    my ($field) = $bad =~ /^(\w+)=/;
    $r = admin_get($admin, "$list?$bad");
    is $r->code, 400, "$bad: 400";
    like $r->content, qr/\Q$field\E/, "... naming $field";
}
is admin_get($admin, "$list?after=x1")->code, 400, 'after=x1: 400';

# --- paging: 120 tokens, 3 pages, filters kept ---
sql("INSERT INTO pat_tokens (owner, name, token_hash, hint, expires_on)"
    . " SELECT 'ov-page', CONCAT('page ', seq), SHA2(CONCAT('ov-page', seq, RAND()), 256),"
    . " 'abcd', CURDATE() + INTERVAL 100 DAY FROM seq_1_to_120");
my @all = sql("SELECT id FROM pat_tokens WHERE owner = 'ov-page' ORDER BY id");
my (@seen, @pages, $next);
$r = admin_get($admin, "$list?owner=ov-page&status=active");
for (1 .. 4) {
    my @ids = ids_of($r->content);
    push @pages, [@ids];
    push @seen, @ids;
    ($next) = $r->content =~ /<a href="([^"]*)" rel="next">Next<\/a>/;
    last unless $next;
    $next =~ s/&amp;/&/g;
    like $next, qr/owner=ov-page&status=active&after=\d+$/, "Next link $_ keeps the filters";
    $r = admin_get($admin, $next);
}
is_deeply [map { scalar @$_ } @pages], [50, 50, 20], '3 pages: 50, 50, 20';
is_deeply \@seen, \@all, 'every token once, none missing, in id order';
unlike admin_get($admin, "$list?owner=ov-page")->content, qr/rel="prev"/,
    'the first page has no Previous link';
my ($prev) = $r->content =~ /<a href="([^"]*)" rel="prev">Previous<\/a>/;
$prev =~ s/&amp;/&/g;
like $prev, qr/owner=ov-page&status=active&before=\d+$/, 'Previous keeps the filters';
$r = admin_get($admin, $prev);
is_deeply [ids_of($r->content)], $pages[1], 'Previous from page 3 is page 2';
like $r->content, qr/rel="next"/, '... which has a Next link';
($prev) = $r->content =~ /<a href="([^"]*)" rel="prev">Previous<\/a>/;
$prev =~ s/&amp;/&/g;
$r = admin_get($admin, $prev);
is_deeply [ids_of($r->content)], $pages[0], '... and its Previous is page 1';
unlike $r->content, qr/rel="prev"/, '... without a Previous link';

# --- revoke one ---
my ($rt, $rid) = new_token(owner => 'ov-rev', name => 'to revoke');
is api($rt), 200, 'the token works before';
$r = admin_get($admin, "$list/$rid/revoke");
is $r->code, 200, 'the Revoke confirmation';
like $r->content, qr/ov-rev.*to revoke.*The token stops working at once\./s,
    '... names owner and token and says it stops at once';
my ($rhint) = sql("SELECT hint FROM pat_tokens WHERE id = $rid");
like $r->content, qr{<dt>Token</dt><dd class="hint"><code>pat_\x{e2}\x{80}\x{a6}\Q$rhint\E</code></dd>},
    '... and shows its hint (a fresh reader missed it)';
my $csrf = form_values($r)->{csrf};
is admin_post($admin, "$list/$rid/revoke", [csrf => 'f' x 64])->code, 403,
    'a wrong CSRF token: 403';
is admin_post($admin, "$list/$rid/revoke", [csrf => $csrf],
              headers => { Origin => 'http://evil.example' })->code, 403,
    'another Origin: 403';
is api($rt), 200, '... both changed nothing';
$r = admin_post($admin, "$list/$rid/revoke", [csrf => $csrf]);
is $r->code, 303, 'Revoke: 303';
like $r->header('Location'), qr{/admin/tokens\?done=revoked$}, '... to the list';
is api($rt), 401, 'the revoked token gets 401 at once';
is_deeply [revoked_events($rid)], ["revoked|$admin|ov-rev|to revoke"],
    'its history: revoked, by the administrator';
like admin_get($admin, "$list?done=revoked")->content, qr/Token revoked\./, 'the flash';
is admin_get($admin, "$list/$rid/revoke")->code, 404, 'a revoked id: 404';
is admin_post($admin, "$list/$rid/revoke", [csrf => $csrf])->code, 404,
    '... also for the POST';
is admin_get($admin, "$list/999999999/revoke")->code, 404, 'an unknown id: 404';

# --- revoke all of one owner ---
my @gone = map { [new_token(owner => 'ov-gone', name => "gone $_")] } 1 .. 3;
my ($stay) = new_token(owner => 'ov-stay', name => 'stays');
$r = admin_get($admin, "$list?owner=ov-gone");
like $r->content, qr{href="/admin/tokens/revoke\?owner=ov-gone"[^>]*>Revoke all tokens of ov-gone},
    'the owner filter offers Revoke all';
$r = admin_get($admin, "$list/revoke?owner=ov-gone");
like $r->content, qr/Revoke all 3 tokens of ov-gone\? They stop working at once\./,
    'the Revoke all confirmation counts them';
$csrf = form_values($r)->{csrf};
is admin_post($admin, "$list/revoke", [csrf => 'x', owner => 'ov-gone'])->code, 403,
    'Revoke all with a wrong CSRF token: 403';
is admin_post($admin, "$list/revoke", [csrf => $csrf, owner => 'ov-gone'],
              headers => { Origin => 'https://evil.example' })->code, 403,
    '... another Origin: 403';
is token_count('ov-gone'), 3, '... nothing was revoked';
is admin_post($admin, "$list/revoke", [csrf => $csrf])->code, 400, 'without owner: 400';
$r = admin_post($admin, "$list/revoke", [csrf => $csrf, owner => 'ov-gone']);
is $r->code, 303, 'Revoke all: 303';
my $loc = $r->header('Location');
like admin_get($admin, $loc)->content, qr/Revoked 3 tokens of ov-gone\./, '... the flash';
unlike admin_get($admin, "$list?owner=ov-stay&done=revoked-all&n=5")->content,
    qr/Revoked 5 tokens/, 'a forged link cannot claim the tokens of a listed owner are gone';
is_deeply [map { api($_->[0]) } @gone], [401, 401, 401], 'each of their tokens gets 401';
is api($stay), 200, "another owner's token still works";
is token_count('ov-stay'), 1, '... and is still there';
is_deeply [map { revoked_events($_->[1]) } @gone],
    [map { "revoked|$admin|ov-gone|gone $_" } 1 .. 3], 'one revoked event per token';
my ($events) = sql("SELECT COUNT(*) FROM pat_token_events");
$r = admin_post($admin, "$list/revoke", [csrf => $csrf, owner => 'ov-gone']);
is $r->code, 200, 'Revoke all of an owner without tokens: 200';
like $r->content, qr/ov-gone has no tokens\. Nothing was revoked\./, '... says so';
is((sql("SELECT COUNT(*) FROM pat_token_events"))[0], $events, '... and writes nothing');
like admin_get($admin, "$list/revoke?owner=ov-gone")->content, qr/has no tokens/,
    '... also the confirmation';
is admin_get($admin, '/admin/tokens/new')->code, 404, "the user pages' routes are not here";
