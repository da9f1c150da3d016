# PATTest: helpers shared by the .t files: tokens in the private MariaDB
# started by t/run-httpd-tests, dates, and the server's logs.
package PATTest;
use strict;
use warnings FATAL => 'all';

use Exporter 'import';
use JSON::PP ();
use MIME::Base64 ();
use POSIX qw(strftime);
use Time::Local qw(timegm);
use Apache::Test ();
use Test::More ();

our @EXPORT = qw(sql new_token today_local date_add db_stop db_start
                 error_log_since access_log log_wait api_env admin_get
                 admin_post form_values token_count admin_create_token
                 need_installed have_program PROBE cgi_env
                 check_httpd_config pat_get basic_get stored_permissions
                 api_request);

my $t_dir = Apache::Test::vars('t_dir');
my $db = $ENV{PAT_TEST_DB} or die "PAT_TEST_DB is not set: run make test\n";
my $tool = $ENV{PAT_TOOL} or die "PAT_TOOL is not set: run make test\n";

# Run SQL in the "pat" database; returns the output rows (tab-separated,
# no header) as a list.  A failed statement dies with the client's error
# message (for a test that expects the refusal: eval, then look at $@).
sub sql {
    my ($stmt) = @_;
    open my $fh, '|-',
        "$t_dir/mariadb sql $db > $t_dir/logs/sql.out 2> $t_dir/logs/sql.err"
        or die "mariadb: $!";
    print $fh $stmt;
    close $fh or die "SQL failed: $stmt\n" . slurp("$t_dir/logs/sql.err");
    open my $out, '<', "$t_dir/logs/sql.out" or die $!;
    my @rows = <$out>;
    close $out;
    shift @rows;    # column names
    chomp @rows;
    return @rows;
}

sub quote {
    my ($s) = @_;
    $s =~ s/([\\'])/\\$1/g;
    return "'$s'";
}

# Mint a token with the module's own code and store its hash.
# Returns (token, id, hint).
sub new_token {
    my (%a) = @_;
    my $owner = $a{owner} // 'alice';
    my $name = $a{name} // 'test token';
    my $expires = $a{expires} // date_add(today_local(), 30);
    my $line = `$tool new`;
    die "pat_tool failed\n" if $? or !$line;
    my ($token, $hash, $hint) = split ' ', $line;
    # permissions => 'read write' narrows the token; without it the row
    # has NULL (not narrowed)
    my $perms = defined $a{permissions} ? quote($a{permissions}) : 'NULL';
    my ($id) = sql("INSERT INTO pat_tokens (owner, name, token_hash, hint,"
                   . " expires_on, permissions) VALUES ("
                   . join(', ', map { quote($_) }
                          $owner, $name, $hash, $hint, $expires)
                   . ", $perms); SELECT LAST_INSERT_ID();");
    return ($token, $id, $hint);
}

# Today's date in this process's TZ (the same TZ httpd runs with).
sub today_local { strftime('%Y-%m-%d', localtime) }

# YYYY-MM-DD plus n days (n may be negative).
sub date_add {
    my ($d, $n) = @_;
    my ($y, $m, $day) = split /-/, $d;
    return strftime('%Y-%m-%d',
                    gmtime(timegm(0, 0, 12, $day, $m - 1, $y) + $n * 86400));
}

sub db_stop { system("$t_dir/mariadb", 'stop', $db) == 0 or die "db stop\n" }

sub db_start {
    local $ENV{TZ} = 'UTC';
    system("$t_dir/mariadb", 'start', $db) == 0 or die "db start\n";
}

sub slurp {
    my ($f) = @_;
    open my $fh, '<', $f or return '';
    local $/;
    my $s = <$fh>;
    close $fh;
    return $s;
}

# The error log from byte offset $from on (0: all of it).
sub error_log_since {
    my ($from) = @_;
    my $s = slurp("$t_dir/logs/error_log");
    return substr($s, $from // 0);
}

sub access_log { slurp("$t_dir/logs/pat_access_log") }

# httpd writes a request's log lines after the client has its answer:
# poll LOG ('access' or 'error') until what was written after byte offset
# $from matches $re, for up to 10 seconds.  Returns that text (matching
# or not, so a test can show what was there).
sub log_wait {
    my ($log, $from, $re) = @_;
    my $read = $log eq 'access' ? \&access_log : sub { error_log_since(0) };
    my $text = '';
    for (1 .. 100) {
        $text = substr($read->(), $from);
        last if $text =~ $re;
        select undef, undef, undef, 0.1;
    }
    return $text;
}

# Parse env.cgi's output into a hash.
sub api_env {
    my ($res) = @_;
    my %env;
    for (split /\n/, $res->content) {
        $env{$1} = $2 if /^([A-Z_]+)=(.*)$/;
    }
    return \%env;
}

# A request header to send along with a token (GET $url, 'x-pat' => $t,
# PROBE): cgi_env checks that it reached the CGI.
use constant PROBE => ('X-Probe' => 'probe');

# env.cgi's answer $res as a hash, after three tests that give a test of
# what is *not* in it a meaning: the status is 200, REMOTE_USER is $user
# ('' where nobody authenticated; env.cgi always prints it, so a page
# that is not the CGI's fails here: it parses to {}), and the PROBE
# header reached the CGI (so a request header that got through would
# show).  $what names the case in the three test names.
sub cgi_env {
    my ($what, $res, $user) = @_;
    local $Test::Builder::Level = $Test::Builder::Level + 1;
    my $env = api_env($res);
    Test::More::is($res->code, 200, "$what: 200");
    Test::More::is($env->{REMOTE_USER}, $user,
                   "$what: the CGI ran, REMOTE_USER '$user'");
    Test::More::is($env->{HTTP_X_PROBE}, 'probe',
                   "$what: a header sent along (X-Probe) reaches the CGI");
    return $env;
}

# The admin pages, logged in with Basic auth (users made by
# t/run-httpd-tests: alice and bob, password "<user>-password").
sub admin_get {
    my ($user, $path, @headers) = @_;
    require HTTP::Request;
    my $req = HTTP::Request->new(GET => Apache::TestRequest::resolve_url($path),
                                 [@headers]);
    $req->authorization_basic($user, "$user-password") if defined $user;
    return Apache::TestRequest::user_agent(reset => 1, requests_redirectable => 0)
        ->request($req);
}

# POST fields (an array ref of name => value, or a raw body string with a
# content type) to an admin path.
sub admin_post {
    my ($user, $path, $fields, %opt) = @_;
    require HTTP::Request::Common;
    require HTTP::Request;
    my $url = Apache::TestRequest::resolve_url($path);
    my $req;
    if (ref $fields) {
        $req = HTTP::Request::Common::POST($url, $fields);
    }
    else {
        $req = HTTP::Request->new(POST => $url);
        $req->content_type($opt{content_type}
                           // 'application/x-www-form-urlencoded');
        $req->content($fields);
    }
    $req->header($_ => $opt{headers}{$_}) for keys %{ $opt{headers} || {} };
    $req->authorization_basic($user, "$user-password") if defined $user;
    return Apache::TestRequest::user_agent(reset => 1, requests_redirectable => 0)
        ->request($req);
}

# Hidden and pre-filled values of the first form on a page: csrf, nonce,
# and the min/max/value of the Expiration Date input.
sub form_values {
    my ($res) = @_;
    my $html = $res->content;
    my %v;
    ($v{csrf}) = $html =~ /name="csrf" value="([0-9a-f]+)"/;
    ($v{nonce}) = $html =~ /name="nonce" value="([0-9a-f]+)"/;
    ($v{expires}, $v{min}, $v{max}) =
        $html =~ /name="expires" required value="([^"]*)" min="([^"]*)" max="([^"]*)"/;
    return \%v;
}

# Create a token through the admin pages' Create form as $user; returns
# (token, id, the form values of the list page it was created from).
sub admin_create_token {
    my ($user, $name) = @_;
    my $v = form_values(admin_get($user, '/profile/tokens'));
    my $r = admin_post($user, '/profile/tokens', [
        csrf => $v->{csrf}, nonce => $v->{nonce}, name => $name,
        description => '', expires => $v->{expires}]);
    my ($token) = $r->content =~ /id="token" value="(pat_\w+)"/;
    die "creating a token for $user failed: " . $r->status_line . "\n"
        unless $r->code == 200 && $token;
    my ($id) = sql("SELECT MAX(id) FROM pat_tokens WHERE owner = '$user'");
    return ($token, $id, $v);
}

# A program on PATH?
sub have_program {
    my ($name) = @_;
    return scalar grep { -x "$_/$name" } split /:/, $ENV{PATH} // '';
}

# What a test file needs installed that is not the module's behaviour (a
# browser, git, valgrind): description => true if present.  For
# Apache::Test's plan: the file is skipped when something is missing, not
# counted as a passed or failed test.  Under make (which installs all of
# it), t/run-httpd-tests sets PAT_TEST_PREREQS=required: then a missing
# prerequisite fails the file instead of skipping it.
sub need_installed {
    my (%what) = @_;
    my @missing = grep { !$what{$_} } sort keys %what;
    die "missing (make test installs it): @missing\n"
        if @missing && ($ENV{PAT_TEST_PREREQS} // '') eq 'required';
    return Apache::Test::need(\%what);
}

# Run "httpd -t" (for 20 seconds at the most) on a configuration that
# loads the module and what it needs, then has $body; the file is
# t/logs/$name.conf.  Returns (exit code, output); a crash (a signal) is
# 128 + the signal, never 0.
sub check_httpd_config {
    my ($name, $body) = @_;
    my $logs = Apache::Test::vars('t_logs');
    my $httpd = Apache::Test::vars('httpd');
    my $conf = "$logs/$name.conf";
    open my $fh, '>', $conf or die "$conf: $!";
    print $fh <<"CONF";
ServerRoot $logs
LoadModule mpm_prefork_module /usr/lib/apache2/modules/mod_mpm_prefork.so
LoadModule authn_core_module /usr/lib/apache2/modules/mod_authn_core.so
LoadModule authz_core_module /usr/lib/apache2/modules/mod_authz_core.so
LoadModule authz_user_module /usr/lib/apache2/modules/mod_authz_user.so
LoadModule dbd_module /usr/lib/apache2/modules/mod_dbd.so
LoadModule auth_pat_module $ENV{PAT_MODULE_SO}
Listen 127.0.0.1:1
ErrorLog $logs/$name.log
$body
CONF
    close $fh or die "$conf: $!";
    my $out = `timeout 20 $httpd -t -f $conf 2>&1`;
    return ($? & 127 ? 128 + ($? & 127) : $? >> 8, $out);
}

# GET $path with $token in the x-pat header, and @headers.
sub pat_get {
    my ($path, $token, @headers) = @_;
    return Apache::TestRequest::GET($path, 'x-pat' => $token, @headers);
}

# GET $path with HTTP Basic credentials $user:$pass (a token as the
# password of AuthBasicProvider pat, or a password), and @headers.
sub basic_get {
    my ($path, $user, $pass, @headers) = @_;
    return Apache::TestRequest::GET($path, @headers,
        Authorization => 'Basic '
            . MIME::Base64::encode_base64("$user:$pass", ''));
}

# The permissions column of token $id: "(sql null)" for SQL NULL,
# "(no row)" when there is no such token.
sub stored_permissions {
    my ($id) = @_;
    my ($p) = sql("SELECT IFNULL(permissions, '(sql null)') FROM pat_tokens"
                  . " WHERE id = $id");
    return $p // '(no row)';
}

sub token_count {
    my ($owner) = @_;
    my ($n) = sql("SELECT COUNT(*) FROM pat_tokens WHERE owner = '$owner'");
    return $n;
}

# A request to the JSON API (pat-api), for t/api.t and
# t/zz_break_oversight.t.  %o: user (Basic login, default alice; undef for
# none), pass (default "<user>-password"), token (sent as x-pat), body
# (a Perl structure, sent as JSON, or a string, sent as it is), type
# (the Content-Type; default application/json when there is a body or
# the method changes something; '' for none), headers (more headers).
sub api_request {
    my ($method, $path, %o) = @_;
    require HTTP::Request;
    my $req = HTTP::Request->new(
        $method => Apache::TestRequest::resolve_url($path));
    my $user = exists $o{user} ? $o{user} : 'alice';
    if (defined $o{token}) {
        $req->header('x-pat' => $o{token});
    }
    elsif (defined $user) {
        $req->authorization_basic($user, $o{pass} // "$user-password");
    }
    my $body = $o{body};
    $body = JSON::PP->new->canonical->encode($body) if ref $body;
    my $type = $o{type}
        // ((defined $body || $method ne 'GET') ? 'application/json' : '');
    $req->header('Content-Type' => $type) if $type ne '';
    if (defined $body) {
        $req->content($body);
        $req->header('Content-Length' => length $body);
    }
    $req->header($_ => $o{headers}{$_}) for keys %{ $o{headers} || {} };
    return Apache::TestRequest::user_agent(reset => 1,
                                           requests_redirectable => 0)
        ->request($req);
}

1;
