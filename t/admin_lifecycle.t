# The list's Token, Last used and Created columns, the "Expires soon"
# badge and the sort by expiration date; Regenerate (README "Token
# management pages"): a new token in place of the old one, which is
# refused at once, once per form.
use strict;
use warnings FATAL => 'all';
use FindBin;
use lib "$FindBin::Bin/lib";
use Apache::Test qw(-withtestmore);
use Apache::TestRequest qw(GET);
use Digest::SHA qw(sha256_hex);
use POSIX qw(strftime);
use PATTest;

plan tests => 72, need_lwp;

my $base = '/profile/tokens';
my $tag = "lifecycle $$";    # names of this run's tokens
my $ellipsis = "\xe2\x80\xa6";  # U+2026 in UTF-8, as the page has it

sub list_html { admin_get('alice', $base)->content }

# The <tr> of token $id in $html ('' if it is not listed).
sub row_of {
    my ($html, $id) = @_;
    my ($tr) = $html =~ m{(<tr data-id="$id">.*?</tr>)}s;
    return $tr // '';
}

# The content of the cell whose class starts with $class in row $tr.
sub cell {
    my ($tr, $class) = @_;
    my ($c) = $tr =~ m{<td class="$class(?: [^"]*)?">(.*?)</td>}s;
    return $c // '(no cell)';
}

# What the list shows for a time: a <time> element with the UTC
# datetime, the exact local time (this process runs in httpd's TZ) as
# the tooltip, and $text.
sub time_el {
    my ($secs, $text) = @_;
    return sprintf '<time datetime="%s" title="%s">%s</time>',
        strftime('%Y-%m-%dT%H:%M:%SZ', gmtime $secs),
        strftime('%Y-%m-%d %H:%M:%S %Z', localtime $secs), $text;
}

sub one { (sql($_[0]))[0] }

sub nonce { join '', map { sprintf '%02x', int rand 256 } 1 .. 16 }

# --- columns -----------------------------------------------------------------
my ($token, $id, $v) = admin_create_token('alice', "$tag new");
my $html = list_html();
is join('|', $html =~ m{<th>([^<]*)</th>}g),
    'Name|Token|Description|Expiration Date|Status|Last used|Created|Edit / Delete',
    'the columns, the seed\'s headers unchanged, Token after Name, Last used and Created before Edit / Delete';
is join('|', admin_get('alice', "/perm$base")->content =~ m{<th>([^<]*)</th>}g),
    'Name|Token|Description|Permissions|Expiration Date|Status|Last used|Created|Edit / Delete',
    '... and with permissions';
my $tr = row_of($html, $id);
my $hint = one("SELECT hint FROM pat_tokens WHERE id = $id");
is $hint, substr($token, -4), 'the stored hint is the token\'s last 4 characters';
is cell($tr, 'hint'), "<code>pat_$ellipsis$hint</code>", 'Token: pat_… and the hint';
unlike $html, qr/\Q$token\E/, 'the list never shows the full token';
is cell($tr, 'last-used'), 'Never', 'Last used: Never for a new token';
my $created = one("SELECT UNIX_TIMESTAMP(created_at) FROM pat_tokens WHERE id = $id");
is cell($tr, 'created'),
    time_el($created, strftime('%Y-%m-%d', localtime $created)),
    'Created: the local date, the exact time as its tooltip';
like $tr, qr{<a href="$base/$id/edit">Edit</a> <a href="$base/$id/regenerate" class="regenerate" data-name="$tag new">Regenerate</a> <a href="$base/$id/delete" class="delete"},
    'Regenerate beside Edit and Delete';

# --- Last used -----------------------------------------------------------------
is GET('/api/env.cgi', 'x-pat' => $token)->code, 200, 'the token is used';
my $used = one("SELECT UNIX_TIMESTAMP(last_used_at) FROM pat_tokens WHERE id = $id");
ok $used && abs($used - time) < 60, '... and the module recorded it';
is cell(row_of(list_html(), $id), 'last-used'), time_el($used, 'just now'),
    'Last used: just now, the exact time as its tooltip';
sql("UPDATE pat_tokens SET last_used_at = FROM_UNIXTIME(UNIX_TIMESTAMP() - 3 * 3600)"
    . " WHERE id = $id");
$used = one("SELECT UNIX_TIMESTAMP(last_used_at) FROM pat_tokens WHERE id = $id");
is cell(row_of(list_html(), $id), 'last-used'), time_el($used, '3 hours ago'),
    'Last used 3 hours ago';
sql("UPDATE pat_tokens SET last_used_at = FROM_UNIXTIME(UNIX_TIMESTAMP() - 2 * 86400 - 60)"
    . " WHERE id = $id");
$used = one("SELECT UNIX_TIMESTAMP(last_used_at) FROM pat_tokens WHERE id = $id");
is cell(row_of(list_html(), $id), 'last-used'), time_el($used, '2 days ago'),
    'Last used 2 days ago';

# --- Expires soon --------------------------------------------------------------
my $today = today_local();
my %soon;
for my $days (0, 7, 8, -1) {
    (undef, $soon{$days}) = new_token(owner => 'alice', name => "$tag in $days",
                                      expires => date_add($today, $days));
}
$html = list_html();
my $badge = 'Active <span class="badge soon">Expires soon</span>';
is cell(row_of($html, $soon{0}), 'status active'), $badge,
    'expiring today (its last valid day): Active and Expires soon';
is cell(row_of($html, $soon{7}), 'status active'), $badge,
    'expiring in 7 days: Active and Expires soon';
is cell(row_of($html, $soon{8}), 'status active'), 'Active',
    'in 8 days: Active, no badge';
is cell(row_of($html, $soon{-1}), 'status expired'), 'Expired',
    'expired yesterday: Expired, no badge';
is cell(row_of($html, $id), 'status active'), 'Active',
    'a new token (months away): no badge';

# --- sort ------------------------------------------------------------------------
my @sort;
for my $days (40, 10, 200, 10, -5) {
    push @sort, [(new_token(owner => 'alice', name => "$tag sort",
                            expires => date_add($today, $days)))[1], $days];
}
my @want = map { $_->[0] }
    sort { $a->[1] <=> $b->[1] || $a->[0] <=> $b->[0] } @sort;
$html = list_html();
my %mine = map { $_->[0] => 1 } @sort;
is join(' ', grep { $mine{$_} } $html =~ m{<tr data-id="(\d+)">}g), "@want",
    'sorted by expiration date, soonest (expired) first, then by id';
my @dates = $html =~ m{<td>(\d{4}-\d\d-\d\d)</td><td class="status}g;
is_deeply \@dates, [sort @dates], '... the whole list is in date order';

# --- Regenerate: the confirmation ------------------------------------------------
my ($old, $rid) = admin_create_token('alice', "$tag regen");
my $dflt = $v->{expires};    # the Create form's default date
sql("UPDATE pat_tokens SET description = 'kept', permissions = 'read',"
    . " expires_on = '" . date_add($today, 3) . "', last_used_at = NOW()"
    . " WHERE id = $rid");
my $kept = "$tag regen\tkept\tread";
sub kept_fields { one("SELECT name, description, permissions FROM pat_tokens WHERE id = $_[0]") }
sub hash_of { one("SELECT token_hash FROM pat_tokens WHERE id = $_[0]") // '(no row)' }
is GET('/api/env.cgi', 'x-pat' => $old)->code, 200, 'the token works';

my $r = admin_get('alice', "$base/$rid/regenerate");
is $r->code, 200, 'GET /ID/regenerate: the confirmation page';
like $r->content, qr{<h1>Regenerate token</h1>\n<p class="token-name">$tag regen</p>},
    '... naming the token';
like $r->content,
    qr{A new token replaces this one\. The current token stops working at once; scripts that use it must be given the new one\. The new token keeps this token's name and description and expires on $dflt\.},
    '... saying the old one stops at once, and the new date (the default)';
like admin_get('alice', "/perm$base/$rid/regenerate")->content,
    qr{The new token keeps this token's name, description and permissions and expires on $dflt\.},
    '... naming the permissions on a site with permissions';
my $f = form_values($r);
like $r->content,
    qr{<form method="post" action="$base/$rid/regenerate">\n<input type="hidden" name="csrf" value="$f->{csrf}">\n<input type="hidden" name="nonce" value="[0-9a-f]{32}">.*>Regenerate</button>\n<a href="$base" class="button cancel">Cancel</a>}s,
    '... a POST form with csrf and nonce, Regenerate and Cancel';
is hash_of($rid), sha256_hex($old), 'asking changes nothing';
like list_html(),
    qr{<dialog id="regenerate-dialog" aria-labelledby="regenerate-title" aria-describedby="regenerate-text">.*?<p class="warning" id="regenerate-text">A new token replaces this one\..*?<form method="post" action="$base/regenerate" id="regenerate-form">\n<input type="hidden" name="csrf" value="$f->{csrf}">\n<input type="hidden" name="nonce" value="[0-9a-f]{32}">\n<input type="hidden" name="id" value="">}s,
    'the list has the Regenerate dialog with the same text and form';

# --- refused POSTs change nothing ----------------------------------------------
my $hash = hash_of($rid);
my @refused = (
    ['no CSRF token', 403, [nonce => nonce()]],
    ['a wrong CSRF token', 403, [csrf => 'f' x 64, nonce => nonce()]],
    ['a foreign Origin', 403, [csrf => $f->{csrf}, nonce => nonce()],
     headers => {Origin => 'http://evil.example'}],
    ['no nonce', 400, [csrf => $f->{csrf}]],
    ['a malformed nonce', 400, [csrf => $f->{csrf}, nonce => 'not-a-nonce']],
);
for my $case (@refused) {
    my ($what, $code, $fields, @opt) = @$case;
    $r = admin_post('alice', "$base/$rid/regenerate", $fields, @opt);
    is $r->code, $code, "regenerate with $what: $code";
}
like $r->content, qr{Form expired}, '... a bad nonce: "Form expired", as Create';
is hash_of($rid), $hash, '... and the token was not changed';
is GET('/api/env.cgi', 'x-pat' => $old)->code, 200, '... and still works';

# --- another user's token --------------------------------------------------------
my ($bobs, $bid) = new_token(owner => 'bob', name => 'bob regen');
my $bob_hash = hash_of($bid);
is admin_get('alice', "$base/$bid/regenerate")->code, 404,
    "GET of bob's token's Regenerate: 404";
is admin_post('alice', "$base/$bid/regenerate",
              [csrf => $f->{csrf}, nonce => nonce()])->code, 404,
    "POST: 404";
is admin_post('alice', "$base/regenerate",
              [csrf => $f->{csrf}, nonce => nonce(), id => $bid])->code, 404,
    "POST /regenerate with bob's id: 404";
is hash_of($bid), $bob_hash, "... bob's token unchanged";
is GET('/api/env.cgi', 'x-pat' => $bobs)->code, 200, '... and still works';
is admin_get('alice', "$base/99999999999/regenerate")->code, 404,
    'no such token: 404';

# --- Regenerate ---------------------------------------------------------------------
$r = admin_post('alice', "$base/$rid/regenerate",
                [csrf => $f->{csrf}, nonce => $f->{nonce}]);
is $r->code, 200, 'Regenerate: 200';
like $r->content, qr{<p class="flash" role="status">Token regenerated\.</p>},
    '... "Token regenerated."';
my ($new) = $r->content =~ m{<dialog id="copy-dialog"[^>]*>\n<h2 id="copy-title">Copy your token</h2>.*?id="token" value="(pat_\w+)"}s;
ok $new && $new ne $old, '... the Copy your token dialog shows a new token';
like $r->content,
    qr{This is the only time you will see the full token\. Please copy and store it securely\.},
    '... with the seed\'s warning';
is one("SELECT CONCAT_WS(' ', token_hash, hint, expires_on,"
       . " IFNULL(last_used_at, 'NULL')) FROM pat_tokens WHERE id = $rid"),
    join(' ', sha256_hex($new // ''), substr($new // '', -4), $dflt, 'NULL'),
    '... stored: its hash and hint, the default date, never used';
is kept_fields($rid), $kept, '... name, description and permissions kept';
is GET('/api/env.cgi', 'x-pat' => $old)->code, 401,
    'the old token is refused on the very next request';
is GET('/api/env.cgi', 'x-pat' => $new)->code, 200, 'the new one works';
is cell(row_of($r->content, $rid), 'hint'), "<code>pat_$ellipsis"
    . substr($new, -4) . '</code>', 'the list shows the new hint';

$hash = hash_of($rid);
$r = admin_post('alice', "$base/$rid/regenerate",
                [csrf => $f->{csrf}, nonce => $f->{nonce}]);
is $r->code, 409, 'the same form posted again: 409';
like $r->content, qr{<h1>Already regenerated</h1>}, '... "Already regenerated"';
unlike $r->content, qr{id="token"}, '... no token shown';
is hash_of($rid), $hash, '... and no second regenerate';
is GET('/api/env.cgi', 'x-pat' => $new)->code, 200, '... the new token still works';
my ($other, $oid) = new_token(owner => 'alice', name => "$tag other");
my $other_hash = hash_of($oid);
is admin_post('alice', "$base/$oid/regenerate",
              [csrf => $f->{csrf}, nonce => $f->{nonce}])->code, 409,
    'that form\'s nonce posted for another token: 409';
is hash_of($oid), $other_hash, '... which is not changed';

# --- the list's dialog: POST /regenerate with the id ---------------------------------
$r = admin_post('alice', "$base/regenerate",
                [csrf => $f->{csrf}, nonce => nonce(), id => $oid]);
is $r->code, 200, 'POST /regenerate with the id field regenerates that token';
my ($dialog_new) = $r->content =~ /id="token" value="(pat_\w+)"/;
is hash_of($oid), sha256_hex($dialog_new // ''), '... storing the token shown';
is GET('/api/env.cgi', 'x-pat' => $other)->code, 401, '... the old one refused';
is admin_post('alice', "$base/regenerate",
              [csrf => $f->{csrf}, nonce => nonce(), id => '1 OR 1'])->code,
    404, 'POST /regenerate with an id that is no number: 404';

# --- an expired token ---------------------------------------------------------------
my ($dead, $did) = new_token(owner => 'alice', name => "$tag expired",
                             expires => '2020-01-01');
is cell(row_of(list_html(), $did), 'status expired'), 'Expired',
    'an expired token shows Expired';
is GET('/api/env.cgi', 'x-pat' => $dead)->code, 401, '... and is refused';
$r = admin_post('alice', "$base/$did/regenerate",
                [csrf => $f->{csrf}, nonce => nonce()]);
is $r->code, 200, 'an expired token can be regenerated';
my ($revived) = $r->content =~ /id="token" value="(pat_\w+)"/;
is cell(row_of($r->content, $did), 'status active'), 'Active',
    '... and is Active again';
is one("SELECT expires_on FROM pat_tokens WHERE id = $did"), $dflt,
    '... until the default date';
is GET('/api/env.cgi', 'x-pat' => $revived // '')->code, 200,
    '... its new token works';

# --- a create form sent again after its token was regenerated ---------------------
# (regression: Regenerate once kept its nonce in create_nonce, so the
# create form's own nonce was gone and posting it again made a second
# token)
my $cf = form_values(admin_get('alice', $base));
my @create = (csrf => $cf->{csrf}, nonce => $cf->{nonce},
              name => "$tag created once", description => '',
              expires => $cf->{expires});
is admin_post('alice', $base, [@create])->code, 200, 'a token is created';
my $cid = one("SELECT id FROM pat_tokens WHERE owner = 'alice'"
              . " AND name = '$tag created once'");
is admin_post('alice', "$base/$cid/regenerate",
              [csrf => $f->{csrf}, nonce => nonce()])->code, 200,
    '... and regenerated';
is admin_post('alice', $base, [@create])->code, 409,
    '... its create form sent again is still 409';
is one("SELECT COUNT(*) FROM pat_tokens WHERE owner = 'alice'"
       . " AND name = '$tag created once'"), 1, '... and makes no second token';
