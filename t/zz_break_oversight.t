# Attacks on the administrators' view (PAT_ADMIN_VIEW), pat-tokens and
# pat-api (README "For administrators", "API"), kept as regression
# tests: other paths to the admin routes, revoke-all owners that are
# not exactly an owner, paging and filter values, CSRF and Origin,
# escaping, a revoke racing a regenerate, the API's ids, paths,
# Content-Types, Origins and bodies, its logs and a stopped database,
# and pat-tokens' arguments and its JSON for an owner that is not UTF-8.
use strict;
use warnings FATAL => 'all';
use FindBin;
use lib "$FindBin::Bin/lib";
use Apache::Test qw(-withtestmore);
use Apache::TestRequest ();
use HTTP::Request ();
use JSON::PP ();
use URI::Escape qw(uri_escape);
use PATTest;

plan tests => 117, need_lwp;

my $bin = $ENV{PAT_TOKENS} or die "PAT_TOKENS is not set: run make test\n";
my $conf = $ENV{PAT_ADMIN_CONFIG};
my $logs = Apache::Test::vars('t_logs');
my $json = JSON::PP->new->canonical;
my $admin = 'root-admin';
my $B = '/api/v1.0/tokens';
my $host = Apache::TestRequest::hostport();

# pat-tokens with @args: (exit code, stdout, stderr).
sub run {
    my (@args) = @_;
    my $q = join ' ', map { "'$_'" } @args;
    my $out = `$bin $q 2>$logs/zz-pat-tokens.err`;
    my $rc = $? >> 8;
    open my $fh, '<', "$logs/zz-pat-tokens.err" or die $!;
    local $/;
    my $err = <$fh> // '';
    return ($rc, $out, $err);
}

sub body { my ($r) = @_; return eval { $json->decode($r->content) } // {} }
sub count_of {
    my ($owner) = @_;
    return (sql('SELECT COUNT(*) FROM pat_tokens WHERE owner = '
                . PATTest::quote($owner)))[0];
}

sql("DELETE FROM pat_tokens WHERE owner LIKE 'zb-%'"
    . " OR owner IN ('alice', 'bob')");

# --- pat-tokens: an owner that is not UTF-8 ------------------------------
# pat_tokens.owner is VARBINARY: a REMOTE_USER in Latin-1 is stored as
# it came.  jansson refused the row, and list --json left the token out
# with exit 0: an offboarding audit that hid a live token.
my (undef, $good) = new_token(owner => 'zb-u', name => 'good');
my (undef, $bad) = new_token(owner => 'zb-u', name => "say \"hi\"\nthere");
sql("UPDATE pat_tokens SET owner = CONCAT('zb-u', UNHEX('FF'))"
    . " WHERE id = $bad");
my ($rc, $out, $err) = run('-c', $conf, 'list', '--json');
is $rc, 0, 'list --json with an owner that is not UTF-8: exit 0';
my $doc = eval { JSON::PP->new->utf8->decode($out) };
is ref $doc, 'ARRAY', '... still one valid JSON document';
my ($row) = grep { $_->{id} == $bad } @{ $doc || [] };
ok $row, '... that lists the token of that owner' or diag $out;
is $row && $row->{owner}, "zb-u\x{fffd}", '... its invalid byte as U+FFFD';
is $row && $row->{name}, "say \"hi\"\nthere", '... quotes and a newline kept';
($rc, $out) = run('-c', $conf, 'list');
like $out, qr/^$bad\tzb-u/m, 'the text list shows it too';

# --- pat-tokens: arguments ------------------------------------------------
for my $case ([['list', '--owner', ''], qr/--owner: a user name/],
              [['list', '--owner'], qr/--owner: a user name/],
              [['list', '--unused-days'], qr/--unused-days: a whole number/],
              [['list', '--unused-days', '0'], qr/--unused-days/],
              [['list', '--unused-days', '99999'], qr/--unused-days/],
              [['list', '--unused-days', 'abc'], qr/--unused-days/],
              [['list', '--unused-days', '5x'], qr/--unused-days/],
              [['list', '--frob'], qr/unknown option --frob/],
              [['revoke', '0'], qr/Usage/],
              [['revoke', '-1'], qr/Usage/],
              [['revoke', '--owner', ''], qr/Usage/],
              [['revoke', '01'], qr/Usage/]) {
    my ($args, $msg) = @$case;
    ($rc, $out, $err) = run('-c', $conf, @$args);
    ok $rc == 2 && $err =~ $msg && $out eq '',
        "pat-tokens @$args: exit 2, saying $msg"
        or diag "rc $rc: $err";
}
unlike((run('-c', $conf, 'list', '--owner'))[2], qr/unknown option/,
       'a missing value is not called an unknown option');
new_token(owner => 'zb-al_ce', name => 'wild');
($rc, undef, $err) = run('-c', $conf, 'revoke', '--owner', 'zb-%');
ok $rc == 1 && $err =~ /has no tokens/, "revoke --owner 'zb-%': no wildcard, exit 1";
($rc) = run('-c', $conf, 'revoke', '--owner', 'zb-al_ce ');
is $rc, 1, "revoke --owner with a trailing space: another owner, exit 1";
is count_of('zb-al_ce'), 1, '... the tokens of zb-al_ce are still there';
($rc) = run('-c', $conf, 'revoke', '999999999999999999');
is $rc, 1, 'revoke of an 18-digit id that does not exist: exit 1';

# --- the admin routes from other paths ------------------------------------
my (undef, $bobid) = new_token(owner => 'bob', name => 'bob token');
for my $p ('/admin//tokens', '//admin/tokens', '/admin/./tokens',
           '/admin/x/../tokens', '/admin/%74okens', '/Admin/tokens',
           '/admin/tokens%2f', '/admin/tokens/%2e%2e/tokens',
           "/admin//tokens/$bobid/revoke", "/admin/tokens//$bobid/revoke") {
    my $c = admin_get('alice', $p)->code;
    ok $c == 401 || $c == 403 || $c == 404, "alice GET $p: $c";
}
for my $m (qw(HEAD OPTIONS POST DELETE)) {
    my $req = HTTP::Request->new(
        $m => Apache::TestRequest::resolve_url("/admin/tokens/$bobid/revoke"));
    $req->authorization_basic('alice', 'alice-password');
    my $c = Apache::TestRequest::user_agent(reset => 1)->request($req)->code;
    ok $c == 401 || $c == 403, "alice $m of an admin route: $c";
}
# the same login and group without the marker: the user pages' routes
for my $p ("/unmarked-admin/tokens/$bobid/revoke",
           '/unmarked-admin/tokens/revoke?owner=bob',
           "/profile/tokens/$bobid/revoke", '/profile/tokens/revoke?owner=bob') {
    is admin_get($admin, $p)->code, 404, "GET $p without the marker: 404";
    my $v = form_values(admin_get($admin, '/unmarked-admin/tokens'));
    is admin_post($admin, $p, [csrf => $v->{csrf}, owner => 'bob'])->code, 404,
        "POST $p without the marker: 404";
}
is count_of('bob'), 1, "... and bob's token is still there";

# --- the list's values ----------------------------------------------------
for my $q ('after=-1', 'after=99999999999999999999', 'after=abc', 'before=0',
           'after=', 'after=01', 'unused_days=0', 'unused_days=3651',
           'unused_days=-1', 'unused_days=1e3', 'owner=%00', 'status=ALL',
           'owner=' . ('a' x 1021)) {
    is admin_get($admin, "/admin/tokens?$q")->code, 400,
        'list ?' . substr($q, 0, 30) . ': 400';
}
for my $q ('after=1&before=5', 'unused_days=3650', 'unused_days=00001',
           'owner=a%0d%0ab', 'before=999999999999999999&owner=bob') {
    is admin_get($admin, "/admin/tokens?$q")->code, 200, "list ?$q: 200";
}

# --- revoke all: exactly that owner ---------------------------------------
new_token(owner => 'zb-alice', name => 'x1');
new_token(owner => 'zb-alice ', name => 'x2');
my $page = admin_get($admin, '/admin/tokens/revoke?owner=zb-alice+');
like $page->content, qr/Revoke all 1 token of zb-alice \?/,
    "'zb-alice ' is not 'zb-alice'";
my $v = form_values($page);
for my $o ('zb-al%ce', 'zb-%', ' ', "zb-alice\r\n") {
    my $r = admin_post($admin, '/admin/tokens/revoke',
                       [csrf => $v->{csrf}, owner => $o]);
    like $r->content, qr/has no tokens\. Nothing was revoked\./,
        'POST revoke-all of ' . uri_escape($o) . ': nobody';
}
is admin_post($admin, '/admin/tokens/revoke', [csrf => $v->{csrf}, owner => ''])
    ->code, 400, 'owner empty: 400';
is admin_post($admin, '/admin/tokens/revoke',
              [csrf => $v->{csrf}, owner => 'a' x 1021])->code, 400,
    'owner over 1020 bytes: 400';
is admin_post($admin, '/admin/tokens/revoke',
              [csrf => $v->{csrf}, owner => 'zb-alice '],
              headers => {Origin => 'http://evil.example'})->code, 403,
    'another Origin: 403';
is admin_post($admin, '/admin/tokens/revoke',
              [csrf => 'f' x 64, owner => 'zb-alice '])->code, 403,
    'a wrong CSRF token: 403';
is admin_post($admin, "/admin/tokens/$bobid/revoke", [])->code, 403,
    'Revoke without a CSRF token: 403';
is_deeply [count_of('zb-alice'), count_of('zb-alice '), count_of('zb-al_ce')],
    [1, 1, 1], '... none of those revoked anything';
my $r = admin_post($admin, '/admin/tokens/revoke',
                   [csrf => $v->{csrf}, owner => 'zb-alice ']);
is $r->header('Location'), '/admin/tokens?owner=zb-alice+&done=revoked-all&n=1',
    "revoke-all 'zb-alice ': the redirect keeps the space";
is_deeply [count_of('zb-alice'), count_of('zb-alice ')], [1, 0],
    "... 'zb-alice' keeps the token";
$r = admin_get($admin, '/admin/tokens?owner='
               . uri_escape('"><script>x</script>') . '&done=revoked-all&n=3');
unlike $r->content, qr/<script>x/, 'owner markup in the filter and flash: escaped';

# --- a revoke racing the owner's regenerate --------------------------------
my @ids = map { (new_token(owner => 'alice', name => "race $_"))[1] } 1 .. 16;
$v = form_values(admin_get($admin, "/admin/tokens/$ids[0]/revoke"));
my @kids;
for my $i (@ids) {
    for my $who (0, 1) {
        pipe my $rd, my $wr or die $!;
        my $pid = fork // die $!;
        if (!$pid) {
            close $rd;
            my $res = $who
                ? admin_post($admin, "/admin/tokens/$i/revoke",
                             [csrf => $v->{csrf}])
                : api_request(POST => "$B/$i/regenerate");
            print $wr $res->code;
            close $wr;
            require POSIX;
            POSIX::_exit(0);
        }
        close $wr;
        push @kids, [$pid, $rd, $i, $who];
    }
}
my (%code, $fine);
for my $k (@kids) {
    my ($pid, $rd, $i, $who) = @$k;
    my $c = <$rd> // 'none';
    waitpid $pid, 0;
    $code{$i}[$who] = $c;
}
$fine = 1;
for my $i (@ids) {
    my ($regen, $revoke) = @{ $code{$i} };
    my $events = join ' ', sql("SELECT event FROM pat_token_events"
                               . " WHERE token_id = $i ORDER BY id");
    # a regenerate that lost the row to the revoke after its UPDATE was
    # a 500 showing a new token that never worked
    my $ok = $revoke eq '303'
        && ($regen eq '200' ? $events eq 'regenerated revoked'
            : $regen eq '404' ? $events =~ /\A(regenerated )?revoked\z/ : 0)
        && (sql("SELECT COUNT(*) FROM pat_tokens WHERE id = $i"))[0] == 0;
    $fine &&= $ok;
    diag "token $i: regenerate $regen, revoke $revoke, events '$events'"
        unless $ok;
}
ok $fine, 'revoke against regenerate: never a 500, each history consistent';

# --- the API ---------------------------------------------------------------
my ($at, $aid) = new_token(owner => 'alice', name => 'alice api');
my (undef, $bid) = new_token(owner => 'bob', name => 'bob api');
is api_request(GET => "$B/$bid")->code, 404, "GET of bob's token: 404";
is api_request(PATCH => "$B/$bid", body => {name => 'mine'})->code, 404,
    "PATCH of bob's token: 404";
is api_request(POST => "$B/$bid/regenerate")->code, 404, "regenerate of bob's: 404";
is api_request(DELETE => "$B/$bid")->code, 404, "DELETE of bob's: 404";
is((sql("SELECT name FROM pat_tokens WHERE id = $bid"))[0], 'bob api',
   "... bob's token unchanged");
for my $p ("$B/0$aid", "$B/$aid/", "$B/9999999999999999999",
           "$B/$aid/regenerate/", "$B/+$aid", "$B/$aid%2F") {
    is api_request(GET => $p)->code, 404, "GET $p: 404";
}
is api_request(GET => "$B/$aid/regenerate")->code, 405, 'regenerate via GET: 405';
is api_request(DELETE => "$B/$aid", type => '')->code, 415,
    'DELETE without the JSON Content-Type: 415';
for my $ct ('application/json-patch', 'text/plain; application/json',
            'application/jsonx', 'application/json, text/plain') {
    is api_request(PATCH => "$B/$aid", body => {name => 'ct'}, type => $ct)->code,
        415, "Content-Type $ct: 415";
}
for my $o ("http://$host/", 'http://localhost:1', 'null', '',
           "http://evil\@$host", "http://$host.evil.example") {
    is api_request(PATCH => "$B/$aid", body => {name => 'o'},
           headers => {Origin => $o})->code, 403, "Origin '$o': 403";
}
is api_request(PATCH => "$B/$aid", body => {name => 'o'},
       headers => {Origin => 'HTTP://' . uc $host})->code, 200,
    'Origin of this host in capitals: 200';
is api_request(PATCH => "$B/$aid", body => "\xef\xbb\xbf{\"name\":\"x\"}")->code, 400,
    'a body with a BOM: 400';
is api_request(PATCH => "$B/$aid", body => '{"name":"x","name":"y"}')->code, 400,
    'duplicate keys: 400';
is body(api_request(PATCH => "$B/$aid", body => '{"name":"  \u00a0 "}'))->{message},
    'Name is required and cannot be blank or spaces only.',
    "a name of spaces only: the pages' 422 text";
is body(api_request(PATCH => "$B/$aid", body => '{"name":"a\u0007"}'))->{message},
    'Name must not contain control characters.',
    "a name with a control character: the pages' 422 text";
my $c = api_request(GET => "$B/self/", token => $at)->code;
ok $c == 401 || $c == 403 || $c == 404, "a token on /self/: refused ($c)";
is api_request(GET => $B, token => $at)->code, 401, 'a token on the list: refused';
is api_request(GET => "$B/self/../$aid", token => $at)->code, 401,
    'a token on /self/../ID: refused';

# no full token in Location or the logs
my $sent = error_log_since(0) . access_log();
$r = api_request(POST => $B, body => {name => 'log check'});
my $t1 = body($r)->{token} // 'none';
my $nid = body($r)->{id} // 0;
unlike $r->header('Location') // '', qr/pat_/, 'no token in Location';
is $r->header('X-Content-Type-Options'), 'nosniff', 'nosniff';
my $t2 = body(api_request(POST => "$B/$nid/regenerate"))->{token} // 'none';
sleep 1;
# (regular files only: other files leave folders there, html/ and
# notify/, which slurp reads as undef: fatal in the full suite)
my $logged = join '', map { PATTest::slurp($_) // '' } grep { -f $_ }
    glob "$logs/*";
ok index($logged, $t1) < 0 && index($logged, $t2) < 0,
    'neither the created nor the regenerated token in any log';

# the database stopped
my $before = count_of('alice');
db_stop();
$r = api_request(POST => $B, body => {name => 'db down'});
my $down = body($r);
ok $r->code == 500 && ($down->{error} // '') eq 'database_unavailable'
    && !exists $down->{token} && $r->content !~ /pat_[0-9A-Za-z]{36}/,
    'create with the database stopped: 500 JSON, no token';
$r = api_request(POST => "$B/$aid/regenerate");
ok $r->code == 500 && $r->content !~ /pat_[0-9A-Za-z]{36}/,
    'regenerate with the database stopped: 500, no token';
is admin_post($admin, "/admin/tokens/$aid/revoke", [csrf => $v->{csrf}])->code,
    500, 'admin revoke with the database stopped: 500';
db_start();
is count_of('alice'), $before, '... nothing was written';
