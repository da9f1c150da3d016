# Trying to break token permissions (README "Role Permissions"): values
# of pat_tokens.permissions that the pages never write, with and without
# AuthPATCacheTTL; routes by which a read-only token might reach a write
# location (subrequests, internal redirects, rewrites, ErrorDocument,
# path variants, methods, HTTP/2, two credentials at once, Basic with
# another user name); Require pat-permission in .htaccess.  Every refusal
# is logged with a reason and never with the token.
use strict;
use warnings FATAL => 'all';
use FindBin;
use lib "$FindBin::Bin/lib";
use Apache::Test qw(-withtestmore);
use Apache::TestRequest qw(GET POST HEAD);
use MIME::Base64 qw(encode_base64);
use PATTest;

plan tests => 156, need_lwp;

my $vars = Apache::Test::vars();
my $mpm = $ENV{PAT_TEST_MPM} || '';

my $since = length error_log_since();
my @tokens;

# --- stored values the pages never write: fail closed, never crash -------
# [what, SQL expression for the column, read status, write status,
#  PAT_PERMISSIONS on a read location when granted]
my @stored = (
    ["'*' (the lookup's own marker for NULL)", "'*'", 403, 403],
    ["'' (empty: carries nothing)", "''", 403, 403],
    ["'  ' (blanks)", "'  '", 403, 403],
    ["'read read'", "'read read'", 200, 403, 'read'],
    ["'READ' (case)", "'READ'", 403, 403],
    ["'read*'", "'read*'", 403, 403],
    ["'* read'", "'* read'", 200, 403, 'read'],
    ["' write ' (spaces around)", "' write '", 403, 200],
    ["'read<TAB>write'", "CONCAT('read', CHAR(9), 'write')", 403, 403],
    # a NUL (as in owner or name): the row is refused, 500
    ["'read<NUL> write'", "CONCAT('read', CHAR(0), ' write')", 500, 500],
    ["1055 bytes ending in read", "CONCAT(REPEAT('x', 1050), ' read')", 200,
     403, 'read'],
    ["1055 bytes of one unknown name", "REPEAT('a', 1055)", 403, 403],
);
for my $case (@stored) {
    my ($what, $expr, $read_code, $write_code, $env_perms) = @$case;
    my ($t, $id) = new_token(owner => 'alice', permissions => 'read');
    push @tokens, $t;
    sql("UPDATE pat_tokens SET permissions = $expr WHERE id = $id");
    my $r = pat_get('/perm-read/env.cgi', $t);
    is $r->code, $read_code, "stored $what: read location: $read_code";
    if (defined $env_perms) {
        is api_env($r)->{PAT_PERMISSIONS}, $env_perms,
            "... PAT_PERMISSIONS '$env_perms'";
    }
    is pat_get('/perm-write/env.cgi', $t)->code, $write_code,
        "stored $what: write location: $write_code";
    # twice through AuthPATCacheTTL: from the database, then the cache
    is pat_get('/perm-cached/env.cgi', $t)->code, $write_code,
        "... AuthPATCacheTTL write location (database): $write_code";
    is pat_get('/perm-cached/env.cgi', $t)->code, $write_code,
        "... AuthPATCacheTTL write location (cache): $write_code";
}

# a DBDParams fldsz (12) that cuts the column: "aaaaaaa writer" (no name
# the file defines) must not become "aaaaaaa write"
{
    my ($t, $id) = new_token(owner => 'alice', name => 'n',
                             permissions => 'aaaaaaa writer');
    push @tokens, $t;
    Apache::TestRequest::module('pat_fldsz');
    my $code = pat_get('/perm-write/env.cgi', $t)->code;
    ok $code == 403 || $code == 500,
        "fldsz=12, stored 'aaaaaaa writer': write location refused ($code)";
    Apache::TestRequest::module('default');
}

# --- a read-only token, every route to a write location ------------------
my ($read) = new_token(owner => 'alice', permissions => 'read');
my ($write) = new_token(owner => 'alice', permissions => 'write');
my ($bob_write) = new_token(owner => 'bob', permissions => 'write');
push @tokens, $read, $write, $bob_write;
is pat_get('/perm-write/env.cgi', $read)->code, 403, 'baseline: read on write: 403';

my $r = pat_get('/zz-ssi-read/inc_write.shtml', $read);
is $r->code, 200, 'SSI page on a read location: 200';
unlike $r->content, qr/REMOTE_USER=/,
    '... its include of /perm-write/env.cgi did not run';
$r = pat_get('/zz-ssi-read/exec_write.shtml', $read);
unlike $r->content, qr/REMOTE_USER=/,
    '... nor its exec cgi of /perm-write/env.cgi';
$r = pat_get('/zz-ssi-read/inc_write.shtml', $write);
is $r->code, 403, 'a write token on the SSI page (read location): 403';
$r = pat_get('/zz-idx-read/', $read);
isnt $r->code, 200,
    'DirectoryIndex /perm-write/env.cgi from a read location: not 200';
unlike $r->content, qr/REMOTE_USER=/, '... the CGI did not run';
$r = pat_get('/zz-rw-read/w.cgi', $read);
is $r->code, 403, 'per-directory RewriteRule [PT] into /perm-write/: 403';
$r = pat_get('/zz-rw-srv/env.cgi', $read);
is $r->code, 403, 'server RewriteRule [PT] into /perm-write/: 403';
$r = pat_get('/perm-read/redir.cgi?perm-write/env.cgi', $read);
is $r->code, 403, 'internal redirect from /perm-read/ into /perm-write/: 403';
$r = pat_get('/zz-errdoc-write/env.cgi', $read);
is $r->code, 403, 'ErrorDocument 403 pointing into a read location: still 403';

# path variants
for my $path ('//perm-write//env.cgi', '/perm-write/./env.cgi',
              '/perm-read/../perm-write/env.cgi', '/perm-write/env.cgi/',
              '/perm-write/env.cgi/x', '/PERM-WRITE/env.cgi',
              '/perm-write%2fenv.cgi', '/perm-write/%65nv.cgi',
              '/perm-read/env.cgi/../../perm-write/env.cgi') {
    my $code = pat_get($path, $read)->code;
    ok $code != 200 && $code != 500, "path $path with a read token: $code";
}

# methods on the README's example
is HEAD('/perm-method/env.cgi', 'x-pat' => $read)->code, 200,
    'HEAD with a read token on /perm-method/: 200 (Require method GET HEAD)';
for my $m (qw(PUT DELETE PATCH OPTIONS PROPFIND post get)) {
    my $req = HTTP::Request->new($m => Apache::TestRequest::resolve_url(
        '/perm-method/env.cgi'), ['x-pat' => $read]);
    my $code = Apache::TestRequest::user_agent()->request($req)->code;
    ok $code != 200, "$m with a read token on /perm-method/: $code";
}

# two credentials at once
is pat_get('/perm-write/env.cgi', $read, Authorization => "Bearer $write")->code,
    403, 'x-pat read + Bearer write: the x-pat token decides: 403';
is GET('/perm-write/env.cgi', 'x-pat' => $read, 'x-pat' => $write)->code,
    401, 'two x-pat headers: 401';
is basic_get('/perm-basic-write/env.cgi', 'bob', $write)->code, 401,
    "Basic bob with alice's write token: 401";
is basic_get('/perm-basic-write/env.cgi', 'alice ', $write)->code, 401,
    "Basic 'alice ' with alice's write token: 401";
is basic_get('/perm-basic-write/env.cgi', 'alice', $read)->code, 403,
    'Basic alice with her read token: 403';

# a virtual host whose only line of ours is Require pat-permission
Apache::TestRequest::module('pat_perm_vhost');
is pat_get('/vh-write/env.cgi', $read)->code, 403,
    'virtual host with only Require pat-permission write: read token 403';
is pat_get('/vh-write/env.cgi', $write)->code, 200, '... write token 200';
Apache::TestRequest::module('default');

# the token changes between two requests on one keep-alive connection
{
    my $ua = Apache::TestRequest::user_agent(keep_alive => 1);
    my $url = Apache::TestRequest::resolve_url('/perm-write/env.cgi');
    is $ua->get($url, 'x-pat' => $write)->code, 200,
        'keep-alive: write token: 200';
    is $ua->get($url, 'x-pat' => $read)->code, 403,
        '... then the read token on the same connection: 403';
}

# HTTP/2 (h2c by upgrade and by prior knowledge)
SKIP: {
    skip 'mod_http2 does not run under prefork', 4 if $mpm eq 'prefork';
    my $h2 = Apache::TestRequest::module2url('pat_h2c', { path => '/' });
    Apache::TestRequest::module('default');
    $h2 =~ s{/$}{};
    sub curl {
        my ($url, @args) = @_;
        open my $c, '-|', 'curl', '-s', '-o', '/dev/null', '-w',
            '%{http_code} %{http_version}', @args, $url or die "curl: $!";
        my $out = <$c> // '';
        close $c;
        return split ' ', $out;
    }
    my ($code, $ver) = curl("$h2/perm-write/env.cgi", '--http2',
                            '--header', "x-pat: $read");
    # a refused request is not upgraded (httpd switches protocol after
    # authorization), so the 403 comes over HTTP/1.1
    is $code, 403, 'h2c upgrade: read token on write: 403';
    ($code, $ver) = curl("$h2/perm-write/env.cgi", '--http2-prior-knowledge',
                         '--header', "x-pat: $read");
    is "$code $ver", '403 2', 'h2c prior knowledge: 403';
    ($code, $ver) = curl("$h2/perm-method/env.cgi", '--http2-prior-knowledge',
                         '--header', "x-pat: $read", '--data', 'a=1');
    is $code, 403, 'h2c prior knowledge: POST with read on /perm-method/: 403';
    ($code, $ver) = curl("$h2/perm-method/env.cgi", '--http2',
                         '--header', "x-pat: $read", '--data', 'a=1');
    is $code, 403, 'h2c upgrade: POST with read on /perm-method/: 403';
}

# --- Require pat-permission in .htaccess -----------------------------------
my $hta = "$vars->{documentroot}/zzbreak/hta/.htaccess";
sub write_hta {
    open my $fh, '>', $hta or die "$hta: $!";
    print $fh @_;
    close $fh or die "$hta: $!";
}
write_hta("AuthType PAT\nAuthName \"PAT test\"\nAuthzSendForbiddenOnFailure On\n"
          . "Require pat-permission write\n");
is pat_get('/zz-hta/ok.txt', $read)->code, 403, '.htaccess: read token on write: 403';
is pat_get('/zz-hta/ok.txt', $write)->code, 200, '.htaccess: write token: 200';
is GET('/zz-hta/ok.txt')->code, 401, '.htaccess: no token: 401';
my $from = length error_log_since();
write_hta("AuthType PAT\nRequire pat-permission wirte\n");
is pat_get('/zz-hta/ok.txt', $write)->code, 500,
    '.htaccess naming an undefined permission: 500';
like log_wait('error', $from, qr/wirte/), qr/'wirte' is not a permission/,
    '... and the log names it';
write_hta("AuthType PAT\nRequire pat-permission write\n");
Apache::TestRequest::module('pat_noperm');
is pat_get('/zz-hta/ok.txt', $write)->code, 500,
    '.htaccess in a virtual host without permissions: 500';
Apache::TestRequest::module('default');
unlink $hta;

# --- the pages: tampered forms and who may change permissions -------------
my $base = '/perm/profile/tokens';
sub create_raw {
    my ($body) = @_;
    my $v = form_values(admin_get('alice', $base));
    my $n = token_count('alice');
    my $r = admin_post('alice', $base,
        "csrf=$v->{csrf}&nonce=$v->{nonce}&name=zz&description=&expires="
        . "$v->{expires}&permissions_shown=1&$body");
    return ($r, token_count('alice') - $n);
}
for my $case (['permissions[]=read', 'permissions[] only'],
              ['permissions=', 'an empty value'],
              ['permissions=' . ('a' x 4000), 'a 4,000-byte value'],
              ['permissions=read%00', 'an encoded NUL'],
              ['permissions=read%20write', 'two names in one value'],
              ['permissions=read&permissions=', 'read and an empty value'],
              ['permissions=%2A', "'*'"]) {
    my ($body, $what) = @$case;
    my ($r, $added) = create_raw($body);
    is $r->code, 400, "create with $what: 400";
    is $added, 0, '... nothing written';
}
{
    my ($r, $added) = create_raw('Permissions=read');
    ok(($r->code == 200 && $added == 1 && stored_permissions(
        (sql("SELECT MAX(id) FROM pat_tokens WHERE owner = 'alice'"))[0])
        eq 'read') || ($r->code == 400 && $added == 0),
       'the field name in capitals: read only, or refused (' . $r->code . ')');
}
my ($bob_t, $bob_id) = new_token(owner => 'bob', permissions => 'read');
my ($al_t, $al_id) = new_token(owner => 'alice', permissions => 'read');
push @tokens, $bob_t, $al_t;
my $v = form_values(admin_get('alice', $base));
sub edit_as {
    my ($user, $id, %o) = @_;
    my $vv = form_values(admin_get($user, $base));
    return admin_post($user, "$base/$id/edit", [
        csrf => $o{csrf} // $vv->{csrf}, name => 'edited', description => '',
        expires => $vv->{expires}, permissions => 'read',
        permissions => 'write'], headers => $o{headers} // {});
}
is edit_as('alice', $bob_id)->code, 404, "alice edits bob's token: 404";
is stored_permissions($bob_id), 'read', '... unchanged';
is edit_as('alice', $al_id, csrf => 'x' x 64)->code, 403,
    'an edit with a wrong CSRF token: 403';
is edit_as('alice', $al_id, csrf => $v->{csrf} =~ s/^(.)/$1 eq 'a' ? 'b' : 'a'/er)->code,
    403, '... with a CSRF token one character off: 403';
is edit_as('alice', $al_id, headers => { Origin => 'http://evil.example' })->code,
    403, '... from another Origin: 403';
is edit_as('bob', $al_id)->code, 404, "bob edits alice's token: 404";
is stored_permissions($al_id), 'read', '... unchanged';
is admin_get('alice', "$base/$al_id/edit?permissions=write&csrf=$v->{csrf}")
    ->code, 200, 'GET edit with permissions in the query: the form';
is stored_permissions($al_id), 'read', '... unchanged';
# with a token instead of a login
my $pv = form_values(admin_get('alice', '/profile/tokens'));
my $r2 = POST("/pat-profile/tokens/$al_id/edit", 'x-pat' => $write,
    content => "csrf=$pv->{csrf}&name=t&description=&expires=$pv->{expires}"
    . '&permissions=read&permissions=write');
is $r2->code, 403, 'an edit sent with a PAT (AuthType PAT): 403';
$r2 = POST("/basic-profile/tokens/$al_id/edit",
    Authorization => 'Basic ' . encode_base64("alice:$write", ''),
    content => "csrf=$pv->{csrf}&name=t&description=&expires=$pv->{expires}"
    . '&permissions=read&permissions=write');
is $r2->code, 403, 'an edit with a PAT as the Basic password: 403';
is stored_permissions($al_id), 'read', '... unchanged';
is edit_as('alice', $al_id)->code, 303, 'the same edit logged in: saved';
is stored_permissions($al_id), 'read write',
    '... both ticked, by name: a narrowed token stays narrowed';

# a stored value the pages never write: shown as what the module grants
sql("UPDATE pat_tokens SET permissions = '*' WHERE id = $al_id");
my $list = admin_get('alice', $base)->content;
like $list, qr{<tr data-id="$al_id">[^\n]*<td class="permissions"></td>},
    "stored '*': the list shows no permission";
unlike admin_get('alice', "$base/$al_id/edit")->content,
    qr/type="checkbox"[^>]*checked/, '... the edit form ticks none';

# labels from the permissions file are escaped everywhere
my $pfile = $ENV{PAT_TEST_PERMISSIONS_FILE};
{
    open my $fh, '>', $pfile or die "$pfile: $!";
    print $fh qq{read <script>alert(1)</script>\nwrite x" onmouseover="alert(2)\n};
    close $fh or die $!;
}
my ($lbl_t, $lbl_id) = new_token(owner => 'alice', permissions => 'read write');
push @tokens, $lbl_t;
for my $page ('/perm-file/profile/tokens',
              '/perm-file/profile/tokens/new',
              "/perm-file/profile/tokens/$lbl_id/edit") {
    my $html = admin_get('alice', $page)->content;
    like $html, qr/&lt;script&gt;alert\(1\)&lt;\/script&gt;/,
        "$page: the label is there, escaped";
    unlike $html, qr/<script>alert|" onmouseover="/, '... and is not HTML';
}
unlink $pfile;

# --- the permissions file and the Require line at start-up ----------------
my $logs = $vars->{t_logs};
my $ok_file = $ENV{PAT_PERMISSIONS_FILE};    # read write
sub check_config { check_httpd_config('zz_config_check', @_) }
my $loc = "<Location /x>\nAuthType PAT\nRequire pat-permission write\n</Location>";
my ($rc, $out) = check_config("AuthPATPermissionsFile $ok_file\n$loc");
is $rc, 0, 'config: the file, then Require pat-permission write: accepted'
    or diag $out;
# a virtual host with a Require pat-permission line and none of the
# module's directives (httpd has made no record of the module for it yet
# when the line is read): its Require lines use the main server's file
($rc, $out) = check_config("AuthPATPermissionsFile $ok_file\n"
                           . "<VirtualHost 127.0.0.1:1>\n$loc\n</VirtualHost>");
is $rc, 0, 'config: Require pat-permission in a virtual host without '
    . 'directives of the module: accepted (it crashed httpd)' or diag $out;
($rc, $out) = check_config("AuthPATPermissionsFile $ok_file\n"
    . "<VirtualHost 127.0.0.1:1>\n<Location /x>\nAuthType PAT\n"
    . "Require pat-permission wirte\n</Location>\n</VirtualHost>");
like $out, qr/'wirte' is not a permission/,
    '... and a misspelt name there is refused';
my $read_file = "$logs/zz_read_only.conf";
{
    open my $fh, '>', $read_file or die $!;
    print $fh "read Read data\n";
    close $fh;
}
($rc, $out) = check_config("AuthPATPermissionsFile $ok_file\n$loc\n"
                           . "AuthPATPermissionsFile $read_file");
isnt $rc, 0, 'config: a second AuthPATPermissionsFile after the Require line'
    . ' (write no longer defined) is refused';
like $out, qr/AuthPATPermissionsFile is given twice for this server/,
    '... saying so';
($rc, $out) = check_config("AuthPATPermissionsFile $ok_file\n"
                           . "<VirtualHost 127.0.0.1:1>\n$loc\n</VirtualHost>\n"
                           . "AuthPATPermissionsFile $read_file");
like $out, qr/given twice/, '... also with a virtual host between the two';
($rc, $out) = check_config("AuthPATPermissionsFile $ok_file\n"
                           . "<VirtualHost 127.0.0.1:1>\n"
                           . "AuthPATPermissionsFile $read_file\n"
                           . "<Location /y>\nAuthType PAT\n"
                           . "Require pat-permission read\n</Location>\n"
                           . "</VirtualHost>");
is $rc, 0, "config: a virtual host's own file beside the main server's"
    or diag $out;
($rc, $out) = check_config("AuthPATPermissionsFile $ok_file\n<Location /x>\n"
    . "AuthType PAT\nRequire pat-permission read \"\" wirte\n</Location>");
isnt $rc, 0, 'config: Require pat-permission read "" wirte is refused';
like $out, qr/an empty permission name/, '... naming the empty name';
unlink $read_file;

my $fifo = "$logs/zz_fifo.conf";
unlink $fifo;
system('mkfifo', $fifo) == 0 or die "mkfifo: $?";
my $t0 = time;
($rc, $out) = check_config("AuthPATPermissionsFile $fifo");
like $out, qr/\Q$fifo\E is not a regular file/,
    'config: a FIFO is refused, not waited on';
ok time - $t0 < 15, '... at once';
($rc, $out) = check_config("AuthPATPermissionsFile /dev/zero");
like $out, qr{/dev/zero is not a regular file},
    'config: /dev/zero is refused (it read as an empty file)';
($rc, $out) = check_config("AuthPATPermissionsFile $logs");
like $out, qr/is not a regular file/, 'config: a directory is refused';
my $loop = "$logs/zz_loop.conf";
unlink $loop;
symlink $loop, $loop or die "symlink: $!";
($rc, $out) = check_config("AuthPATPermissionsFile $loop");
like $out, qr/cannot open \Q$loop\E/, 'config: a symlink loop is refused';
my $huge = "$logs/zz_huge.conf";
{
    open my $fh, '>', $huge or die $!;
    print $fh "# filler\n" x 8000;
    close $fh;
}
($rc, $out) = check_config("AuthPATPermissionsFile $huge");
like $out, qr/larger than 65536 bytes/, 'config: a 72 KB file is refused';

# the pages read the file on every request: a FIFO there is a 500 at once
rename $fifo, $pfile or die "rename: $!";
{
    my $ua = Apache::TestRequest::user_agent(reset => 1, timeout => 15);
    my $req = HTTP::Request->new(GET => Apache::TestRequest::resolve_url(
        '/perm-file/profile/tokens'));
    $req->authorization_basic('alice', 'alice-password');
    my $res = $ua->request($req);
    is $res->code, 500, 'the pages with a FIFO as PermissionsFile: 500';
    like $res->content, qr/The token pages are not configured/,
        '... from the pages, not a hang (a client timeout)';
}
unlink $pfile, $loop, $huge;

# --- the logs ---------------------------------------------------------------
my $log = error_log_since($since);
my $leaked = grep { index($log, $_) >= 0 } @tokens;
is $leaked, 0, 'no token in the error log';
like $log, qr/Require pat-permission write: does not grant token id \d+ \(hint \w{4}\) of user alice, which carries 'read'/,
    'a denial is logged with its reason';
unlike $log, qr/Segmentation fault|exit signal/, 'no child crashed';
