# The JSON management API, pat-api at /api/v1.0/tokens (README "API"):
# every endpoint's answer, a created token working at once and a deleted
# or regenerated one refused, the pages' field rules as 422, bad bodies as
# 400 (never 500), other users' ids as 404, MaxTokensPerUser as 409, the
# Content-Type (415) and Origin (403) rules of a change, tokens refused
# but for GET /self, the 64 KiB body limit (413) and the activity history
# every change writes.
use strict;
use warnings FATAL => 'all';
use FindBin;
use lib "$FindBin::Bin/lib";
use Apache::Test qw(-withtestmore);
use Apache::TestRequest ();
use HTTP::Request ();
use JSON::PP ();
use MIME::Base64 ();
use POSIX ();
use PATTest;

plan tests => 250, need_lwp;

my $base = '/api/v1.0/tokens';
my $json = JSON::PP->new->canonical;
my $ellipsis = "\xe2\x80\xa6";    # U+2026 in UTF-8
my $host = Apache::TestRequest::hostport();
my $iso = qr/\A\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ\z/;


# The JSON body of $res (undef when it is not JSON).
sub body {
    my ($res) = @_;
    return eval { $json->decode($res->content) };
}

# $res is an error: status, the JSON Content-Type and error code, and
# (when given) the message and field.  Returns the body.
sub error_is {
    my ($res, $status, $code, $what, $message, $field) = @_;
    local $Test::Builder::Level = $Test::Builder::Level + 1;
    my $b = body($res) // {};
    ok $res->code == $status && ($b->{error} // '') eq $code
        && $res->header('Content-Type') =~ m{^application/json},
        "$what: $status $code"
        or diag $res->status_line . "\n" . $res->content;
    if (defined $message) {
        if (ref $message) {
            like $b->{message} // '', $message, "$what: the message";
        }
        else {
            is $b->{message}, $message, "$what: the message";
        }
    }
    is $b->{field}, $field, "$what: field " . ($field // '(none)')
        if @_ > 5;
    return $b;
}

# GET /api/v1.0/currentuser with token $t (the demo endpoint): its status.
sub use_token { pat_get('/api/v1.0/currentuser', $_[0])->code }

sub events {
    my ($id) = @_;
    return join ' ', sql("SELECT CONCAT(event, '/', actor, '/', client)"
                         . " FROM pat_token_events WHERE token_id = $id"
                         . " ORDER BY id");
}

sql("DELETE FROM pat_tokens WHERE owner IN ('alice', 'bob')");

# --- the list, empty -----------------------------------------------------------
my $r = api_request(GET => $base);
is $r->code, 200, 'GET /api/v1.0/tokens: 200';
like $r->header('Content-Type'), qr{^application/json}, '... JSON';
is $r->header('Cache-Control'), 'no-store', '... Cache-Control: no-store';
is_deeply body($r), {tokens => []}, '... no tokens yet';

# --- create ----------------------------------------------------------------------
my $form = form_values(admin_get('alice', '/profile/tokens'));
my $dflt = $form->{expires};
$r = api_request(POST => $base, body => {name => '  ci key  ',
                                 description => "line 1\r\nline 2"});
is $r->code, 201, 'POST: 201 Created' or diag $r->content;
my $t = body($r);
my $id = $t->{id};
like $id, qr/\A[1-9]\d*\z/, 'id: a number';
like $r->content, qr/"id": $id,?\n/, '... written as a JSON integer';
is $r->header('Location'), "$base/$id", 'Location: /api/v1.0/tokens/ID';
is $r->header('Cache-Control'), 'no-store', '... Cache-Control: no-store';
is $t->{name}, 'ci key', 'name, trimmed as the pages trim it';
is $t->{description}, "line 1\nline 2", 'description, CRLF as LF';
like $t->{token}, qr/\Apat_[0-9A-Za-z]{36}\z/, 'the full token, once';
my $token = $t->{token};
is $t->{hint}, 'pat_' . $ellipsis . substr($token, -4),
    'hint: pat_, U+2026 and the last 4 characters';
is $t->{expiration_date}, $dflt,
    'expiration_date: the date the create form pre-fills';
is $t->{status}, 'active', 'status active';
ok JSON::PP::is_bool($t->{expires_soon}) && !$t->{expires_soon},
    'expires_soon: false';
like $t->{created_at}, $iso, 'created_at: UTC ISO 8601';
ok exists $t->{last_used_at} && !defined $t->{last_used_at},
    'last_used_at: null';
ok !exists $t->{permissions}, 'no permissions on a site without them';
is events($id), 'created/alice/127.0.0.1', 'history: created by alice';
is use_token($token), 200, 'the new token works at once (x-pat)';

# --- read ------------------------------------------------------------------------
$r = api_request(GET => "$base/$id");
is $r->code, 200, 'GET /ID: 200';
my $g = body($r);
is_deeply [map { $g->{$_} } qw(id name description hint expiration_date status)],
    [map { $t->{$_} } qw(id name description hint expiration_date status)],
    '... the same token';
ok !exists $g->{token}, '... without the full token';
$r = api_request(GET => $base);
is_deeply [map { $_->{id} } @{ body($r)->{tokens} }], [$id],
    'GET /: the token in the list';

# soonest first, then id
my (undef, $soon) = new_token(owner => 'alice', name => 'soon',
                              expires => date_add(today_local(), 3));
my (undef, $old) = new_token(owner => 'alice', name => 'old',
                             expires => date_add(today_local(), -2));
my $list = body(api_request(GET => $base))->{tokens};
is_deeply [map { $_->{id} } @$list], [$old, $soon, $id],
    'GET /: soonest expiration date first';
is_deeply [map { "$_->{status} " . ($_->{expires_soon} ? 1 : 0) } @$list],
    ['expired 0', 'active 1', 'active 0'],
    '... status and expires_soon';
api_request(DELETE => "$base/$_") for $old, $soon;

# --- edit ------------------------------------------------------------------------
$r = api_request(PATCH => "$base/$id", body => {description => 'changed'});
is $r->code, 200, 'PATCH description: 200' or diag $r->content;
$g = body($r);
is $g->{description}, 'changed', '... changed';
is $g->{name}, 'ci key', '... the name kept';
is $g->{expiration_date}, $dflt, '... the date kept';
is events($id), 'created/alice/127.0.0.1 edited/alice/127.0.0.1',
    'history: edited';
my ($fields) = sql("SELECT fields FROM pat_token_events WHERE token_id = $id"
                   . " AND event = 'edited'");
is $fields, 'description', '... the description alone';
my $later = $form->{max};    # the latest date allowed today
$r = api_request(PATCH => "$base/$id", body => {name => 'renamed',
                                        expiration_date => $later});
is $r->code, 200, 'PATCH name and expiration_date: 200';
is_deeply [@{ body($r) }{qw(name description expiration_date)}],
    ['renamed', 'changed', $later], '... both changed, description kept';
$r = api_request(PATCH => "$base/$id", body => {});
is $r->code, 200, 'PATCH {}: 200, nothing changed';
is body($r)->{name}, 'renamed', '... the token as it was';

# an edit of another field while the PATCH waits for the row's lock
# (another session changes the description and commits): the field the
# PATCH does not give is read under the lock, so that change stays
my $t_dir = Apache::Test::vars('t_dir');
my $pid = fork // die "fork: $!";
if (!$pid) {
    open STDOUT, '>', '/dev/null';
    open my $fh, '|-', "$t_dir/mariadb", 'sql', $ENV{PAT_TEST_DB}
        or POSIX::_exit(1);
    print $fh "BEGIN; SELECT id FROM pat_tokens WHERE id = $id FOR UPDATE;"
        . " UPDATE pat_tokens SET description = 'by sql' WHERE id = $id;"
        . " SELECT SLEEP(2); COMMIT;";
    close $fh;
    POSIX::_exit(0);
}
for (1 .. 100) {
    last if (sql("SELECT COUNT(*) FROM information_schema.processlist"
                 . " WHERE state = 'User sleep'"))[0];
    select undef, undef, undef, 0.1;
}
$r = api_request(PATCH => "$base/$id", body => {name => 'racer'});
waitpid $pid, 0;
is $r->code, 200, 'PATCH name while another session edits the row: 200';
is join('|', @{ body($r) }{qw(name description)}), 'racer|by sql',
    '... the other session\'s description stays (no lost update)';
api_request(PATCH => "$base/$id", body => {name => 'renamed',
                                   description => 'changed'});

# --- the pages' rules: 422 -------------------------------------------------------
my @rules = (
    [{}, 'name', 'Name is required and cannot be blank or spaces only.',
     'POST without name'],
    [{name => " \t "}, 'name',
     'Name is required and cannot be blank or spaces only.', 'a blank name'],
    [{name => 'x' x 101}, 'name',
     'Name must be at most 100 characters (it has 101).', 'a name of 101'],
    [{name => "a\nb"}, 'name', 'Name must be a single line.', 'two lines'],
    [{name => 'ok', description => 'd' x 501}, 'description',
     'Description must be at most 500 characters (it has 501).',
     'a description of 501'],
    [{name => 'ok', expiration_date => '2026-13-01'}, 'expiration_date',
     'Expiration Date must be a date written YYYY-MM-DD.', 'a bad date'],
    [{name => 'ok', expiration_date => today_local()}, 'expiration_date',
     qr/\AExpiration Date must be at least 6 months from today and no more than 1 year \(365 days\) from today: from \d{4}-\d\d-\d\d to \d{4}-\d\d-\d\d\.\z/,
     'a date too soon'],
    [{name => 'ok', permissions => ['read']}, 'permissions',
     'The form field "permissions" was sent, but this site has no permissions.',
     'permissions on a site without them'],
);
for my $c (@rules) {
    my ($body, $field, $message, $what) = @$c;
    error_is(api_request(POST => $base, body => $body), 422, 'validation',
             "POST, $what", $message, $field);
}
error_is(api_request(PATCH => "$base/$id", body => {name => ''}), 422, 'validation',
         'PATCH a blank name',
         'Name is required and cannot be blank or spaces only.', 'name');
error_is(api_request(PATCH => "$base/$id", body => {description => "\x{1}"}),
         422, 'validation', 'PATCH a control character',
         'Description must not contain control characters.', 'description');
is body(api_request(GET => "$base/$id"))->{name}, 'renamed',
    'a refused PATCH changes nothing';
is token_count('alice'), 1, 'a refused POST stores nothing';

# --- bad bodies: 400, never 500 ----------------------------------------------------
my @bad = (
    ['{', 'not JSON'],
    ['', 'an empty body'],
    ['[]', 'an array'],
    ['"x"', 'a string'],
    ['42', 'a number'],
    ['null', 'null'],
    ['{} x', 'more after the object'],
    ['{"name": null}', 'name null', 'name'],
    ['{"name": 1}', 'name a number', 'name'],
    ['{"name": true}', 'name true', 'name'],
    ['{"name": ["a"]}', 'name an array', 'name'],
    ['{"name": {"a": [[{"b": {}}]]}}', 'name a nested object', 'name'],
    ['{"name": "a", "description": 12}', 'description a number',
     'description'],
    ['{"name": "a", "expiration_date": 20270101}', 'a date as a number',
     'expiration_date'],
    ['{"name": "a", "permissions": "read"}', 'permissions a string',
     'permissions'],
    ['{"name": "a", "permissions": [1]}', 'permissions of a number',
     'permissions'],
    ['{"name": "a", "owner": "bob"}', 'an unknown field (owner)', 'owner'],
    ['{"name": "a", "id": 5}', 'an unknown field (id)', 'id'],
    ['{"name": 1e999999}', 'a huge number'],
    ['{"name": 123456789012345678901234567890}', 'a huge integer'],
    ["{\"name\": \"\xff\xfe\"}", 'invalid UTF-8 bytes'],
    ["{\"name\": \"\xc0\xaf\"}", 'an overlong UTF-8 sequence'],
    ['{"name": "a\u0000b"}', 'an escaped NUL'],
    ['{"name": "a", "name": "b"}', 'a field given twice'],
    ['{"name": "\ud800"}', 'a lone surrogate'],
    ['[' x 5000 . ']' x 5000, 'nested 5000 deep'],
);
for my $c (@bad) {
    my ($body, $what, $field) = @$c;
    my $res = api_request(POST => $base, body => $body);
    my $b = error_is($res, 400, 'invalid_json', "POST $what");
    is $b->{field}, $field, "... field " . ($field // '(none)') if $field;
}
error_is(api_request(PATCH => "$base/$id", body => '{"name": null}'), 400,
         'invalid_json', 'PATCH name null', 'The field "name" must be a string.',
         'name');
error_is(api_request(POST => "$base/$id/regenerate", body => '{"x": 1}'), 400,
         'invalid_json', 'regenerate with a field', undef, 'x');
is token_count('alice'), 1, 'no bad body stored anything';

# --- other users' and unknown ids: 404 ----------------------------------------------
my $bob = body(api_request(POST => $base, user => 'bob', body => {name => 'bob key'}));
ok $bob->{id}, "bob's token";
for my $c ([GET => undef], [PATCH => {name => 'mine'}], [DELETE => undef],
           [POST => {}, '/regenerate']) {
    my ($m, $body, $tail) = @$c;
    error_is(api_request($m => "$base/$bob->{id}" . ($tail // ''),
                 defined $body ? (body => $body) : ()),
             404, 'not_found', "alice: $m bob's token" . ($tail // ''),
             'There is no such token.');
}
is body(api_request(GET => "$base/$bob->{id}", user => 'bob'))->{name}, 'bob key',
    "bob's token is unchanged";
is events($bob->{id}), 'created/bob/127.0.0.1', '... and has no other event';
error_is(api_request(GET => "$base/999999999"), 404, 'not_found', 'no such id');
error_is(api_request(GET => "$base/abc"), 404, 'not_found', 'an id that is no number');
error_is(api_request(GET => "$base/1234567890123456789"), 404, 'not_found',
         'an id of 19 digits');
error_is(api_request(GET => "$base/$id/edit"), 404, 'not_found', 'an unknown path');

# --- methods: 405 -------------------------------------------------------------------
$r = api_request(PUT => "$base/$id", body => {name => 'x'});
error_is($r, 405, 'method_not_allowed', 'PUT /ID');
is $r->header('Allow'), 'GET, PATCH, DELETE', '... Allow: GET, PATCH, DELETE';
$r = api_request(DELETE => $base);
error_is($r, 405, 'method_not_allowed', 'DELETE /');
is $r->header('Allow'), 'GET, POST', '... Allow: GET, POST';
is api_request(GET => "$base/$id/regenerate")->header('Allow'), 'POST',
    'GET /ID/regenerate: Allow: POST';

# --- Content-Type: 415 --------------------------------------------------------------
for my $c ([POST => $base, {name => 'x'}], [PATCH => "$base/$id", {name => 'x'}],
           [DELETE => "$base/$id", undef],
           [POST => "$base/$id/regenerate", undef]) {
    my ($m, $path, $body) = @$c;
    for my $type ('', 'text/plain', 'application/x-www-form-urlencoded',
                  'application/jsonp') {
        error_is(api_request($m => $path, type => $type,
                     defined $body ? (body => $body) : ()),
                 415, 'unsupported_media_type',
                 "$m $path with Content-Type '$type'");
    }
}
is body(api_request(GET => "$base/$id"))->{name}, 'renamed', '... nothing changed';
is token_count('alice'), 1, '... nothing created or deleted';
$r = api_request(PATCH => "$base/$id", body => {name => 'charset'},
         type => 'Application/JSON; charset=utf-8');
is $r->code, 200, 'Content-Type with a charset parameter, any case: 200';

# --- Origin: 403 --------------------------------------------------------------------
for my $origin ('http://evil.example', 'null', "http://$host.evil.example",
                "https://evil.example/$host") {
    for my $c ([POST => $base, {name => 'x'}], [PATCH => "$base/$id",
               {name => 'x'}], [DELETE => "$base/$id", undef],
               [POST => "$base/$id/regenerate", undef]) {
        my ($m, $path, $body) = @$c;
        error_is(api_request($m => $path, headers => {Origin => $origin},
                     defined $body ? (body => $body) : ()),
                 403, 'forbidden', "$m $path from Origin $origin");
    }
}
is body(api_request(GET => "$base/$id"))->{name}, 'charset', '... nothing changed';
is token_count('alice'), 1, '... nothing created or deleted';
$r = api_request(PATCH => "$base/$id", body => {name => 'same site'},
         headers => {Origin => "http://$host"});
is $r->code, 200, 'PATCH from this host\'s Origin: 200';
is api_request(GET => $base, headers => {Origin => 'http://evil.example'})->code, 200,
    'a GET is not a change: its Origin does not matter';

# --- regenerate ---------------------------------------------------------------------
$r = api_request(POST => "$base/$id/regenerate");
is $r->code, 200, 'POST /ID/regenerate without a body: 200' or diag $r->content;
$g = body($r);
like $g->{token}, qr/\Apat_[0-9A-Za-z]{36}\z/, '... the new token';
isnt $g->{token}, $token, '... another token';
is $g->{hint}, 'pat_' . $ellipsis . substr($g->{token}, -4), '... its hint';
is $g->{expiration_date}, $dflt, '... the default expiration date';
is $g->{name}, 'same site', '... the name kept';
is use_token($token), 401, 'the old token is refused at once';
is use_token($g->{token}), 200, 'the new one works';
$token = $g->{token};
$r = api_request(POST => "$base/$id/regenerate", body => {});
is $r->code, 200, 'regenerate with {}: 200';
is use_token($token), 401, '... the previous one is refused';
$token = body($r)->{token};
like events($id), qr{\Acreated/alice/\S+ (edited/alice/\S+ ){6}regenerated/alice/127\.0\.0\.1 regenerated/alice/127\.0\.0\.1\z},
    'history: the edits and the two regenerates';

# --- tokens may GET /self and nothing else --------------------------------------------
$r = api_request(GET => "$base/self", token => $token);
is $r->code, 200, 'x-pat GET /self: 200' or diag $r->content;
$g = body($r);
is $g->{id}, $id, '... the token that authenticated';
is $g->{name}, 'same site', '... its name';
ok !exists $g->{token}, '... not the token itself';
my $refusal = 'Personal Access Tokens cannot be managed with a Personal '
    . 'Access Token. Use the site\'s login.';
for my $m (qw(POST PATCH DELETE)) {
    error_is(api_request($m => "$base/self", token => $token, body => {name => 'x'}),
             403, 'forbidden', "x-pat $m /self", $refusal);
}
is api_request(GET => $base, token => $token)->code, 401,
    'x-pat elsewhere in the API: 401, the site\'s login is asked for';
is api_request(GET => "$base/self")->code, 401,
    'a login at /self (AuthType PAT there): 401';
is use_token($token), 200, 'the token still works';

# the same program behind AuthBasicProvider file pat: a token as the
# Basic password (PAT_TOKEN_ID set), on a site with permissions
my $bb = '/basic-api/v1.0/tokens';
for my $c ([GET => $bb], [GET => "$bb/$id"], [POST => $bb, {name => 'x'}],
           [PATCH => "$bb/$id", {name => 'x'}], [DELETE => "$bb/$id"],
           [POST => "$bb/$id/regenerate"]) {
    my ($m, $path, $body) = @$c;
    error_is(api_request($m => $path, user => 'alice', pass => $token,
                 defined $body ? (body => $body) : ()),
             403, 'forbidden', "a token as the Basic password: $m $path",
             $refusal);
}
$r = api_request(GET => "$bb/self", user => 'alice', pass => $token);
is $r->code, 200, 'a token as the Basic password: GET /self 200';
is body($r)->{id}, $id, '... its own token';
is_deeply body($r)->{permissions}, ['read', 'write'],
    '... with permissions on a site with them: all, it is not narrowed';
error_is(api_request(GET => "$bb/self"), 404, 'not_found', 'a login: GET /self',
         'This request was not authenticated by a token.');
is body(api_request(GET => "$base/$id"))->{name}, 'same site', 'nothing changed';

# --- permissions (a site with them) ---------------------------------------------------
$r = api_request(POST => $bb, body => {name => 'narrow', permissions => ['read']});
is $r->code, 201, 'a site with permissions: create with ["read"]';
my $n = body($r);
is_deeply $n->{permissions}, ['read'], '... carries read';
is stored_permissions($n->{id}), 'read', '... stored narrowed';
$r = api_request(POST => $bb, body => {name => 'wide'});
is_deeply body($r)->{permissions}, ['read', 'write'],
    'create without permissions: all';
is stored_permissions(body($r)->{id}), '(sql null)', '... not narrowed';
$r = api_request(PATCH => "$bb/$n->{id}", body => {permissions => ['write', 'read']});
is $r->code, 200, 'PATCH permissions: 200';
is_deeply body($r)->{permissions}, ['read', 'write'], '... both';
is stored_permissions($n->{id}), 'read write', '... a narrowed token stays narrowed';
error_is(api_request(PATCH => "$bb/$n->{id}", body => {permissions => []}), 422,
         'validation', 'PATCH permissions []',
         'Permissions - Select at least one permission.', 'permissions');
error_is(api_request(PATCH => "$bb/$n->{id}", body => {permissions => ['admin']}), 422,
         'validation', 'PATCH an unknown permission',
         'The form field "permissions" names a permission this site does not have.',
         'permissions');
error_is(api_request(POST => $bb, body => {name => 'x', permissions => ['read', 'read']}),
         422, 'validation', 'a permission twice',
         'The form field "permissions" names the permission read more than once.',
         'permissions');

# --- 413 ------------------------------------------------------------------------------
my $big = '{"name": "big", "description": "' . ('a' x 70000) . '"}';
error_is(api_request(POST => $base, body => $big), 413, 'too_large',
         'a body over 64 KiB', 'The request body is larger than 65536 bytes.');
error_is(api_request(PATCH => "$base/$id", body => $big), 413, 'too_large',
         'PATCH over 64 KiB');
is body(api_request(GET => "$base/$id"))->{name}, 'same site', '... nothing changed';

# --- delete -----------------------------------------------------------------------------
$r = api_request(DELETE => "$base/$id");
is $r->code, 204, 'DELETE /ID: 204';
is $r->content, '', '... no body';
error_is(api_request(GET => "$base/$id"), 404, 'not_found', 'GET after DELETE');
error_is(api_request(DELETE => "$base/$id"), 404, 'not_found', 'DELETE again');
is use_token($token), 401, 'the deleted token is refused at once';
like events($id), qr{ deleted/alice/127\.0\.0\.1\z}, 'history: deleted';
is api_request(GET => "$base/self", token => $token)->code, 401,
    'the deleted token cannot GET /self';

# --- the limit: 409 ---------------------------------------------------------------------
sql("DELETE FROM pat_tokens WHERE owner = 'alice'");
sql("INSERT INTO pat_tokens (owner, name, token_hash, hint, expires_on)"
    . " SELECT 'alice', CONCAT('filler ', seq),"
    . " SHA2(CONCAT('alice-', seq, '-', UUID()), 256), 'xxxx',"
    . " CURDATE() + INTERVAL 200 DAY FROM seq_1_to_100");
my $log = length error_log_since(0);
error_is(api_request(POST => $base, body => {name => 'one more'}), 409,
         'limit_reached', 'the 101st token',
         'You have 100 tokens, the most allowed. Delete one to create another.');
is token_count('alice'), 100, '... nothing written';
like error_log_since($log),
    qr/pat-api: create refused for user alice: 100 tokens, the most allowed is 100/,
    '... logged';
is scalar @{ body(api_request(GET => $base))->{tokens} }, 100, 'GET /: all 100';
sql("DELETE FROM pat_tokens WHERE owner IN ('alice', 'bob')");

# --- no login ---------------------------------------------------------------------------
is api_request(GET => $base, user => undef)->code, 401, 'no login: 401';
is api_request(GET => $base, user => 'alice', pass => 'wrong')->code, 401,
    'a wrong password: 401';
