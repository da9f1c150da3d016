# PATTest: helpers shared by the .t files: tokens in the private MariaDB
# started by t/run-httpd-tests, dates, and the server's logs.
package PATTest;
use strict;
use warnings FATAL => 'all';

use Exporter 'import';
use POSIX qw(strftime);
use Time::Local qw(timegm);
use Apache::Test ();

our @EXPORT = qw(sql new_token today_local date_add db_stop db_start
                 error_log_since access_log api_env admin_get admin_post
                 form_values token_count);

my $t_dir = Apache::Test::vars('t_dir');
my $db = $ENV{PAT_TEST_DB} or die "PAT_TEST_DB is not set: run make test\n";
my $tool = $ENV{PAT_TOOL} or die "PAT_TOOL is not set: run make test\n";

# Run SQL in the "pat" database; returns the output rows (tab-separated,
# no header) as a list.
sub sql {
    my ($stmt) = @_;
    open my $fh, '|-', "$t_dir/mariadb sql $db > $t_dir/logs/sql.out"
        or die "mariadb: $!";
    print $fh $stmt;
    close $fh or die "SQL failed: $stmt\n";
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
    my ($id) = sql("INSERT INTO pat_tokens (owner, name, token_hash, hint,"
                   . " expires_on) VALUES (" . join(', ', map { quote($_) }
                   $owner, $name, $hash, $hint, $expires)
                   . "); SELECT LAST_INSERT_ID();");
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

# Parse env.cgi's output into a hash.
sub api_env {
    my ($res) = @_;
    my %env;
    for (split /\n/, $res->content) {
        $env{$1} = $2 if /^([A-Z_]+)=(.*)$/;
    }
    return \%env;
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

sub token_count {
    my ($owner) = @_;
    my ($n) = sql("SELECT COUNT(*) FROM pat_tokens WHERE owner = '$owner'");
    return $n;
}

1;
