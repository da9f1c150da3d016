# admin.conf's DBDInitSQL (README "Configuration"): each statement runs,
# in file order, on the one connection of every run of pat-admin,
# pat-api, pat-tokens and pat-notify; a session setting applies to the
# program's statements; a failing statement fails the run closed (500,
# exit 2) with the statement and the database's error logged and
# nothing changed; quotes around a value go, an empty value is a
# configuration error naming the line.
use strict;
use warnings FATAL => 'all';
use FindBin;
use lib "$FindBin::Bin/lib";
use Apache::Test qw(-withtestmore);
use Apache::TestRequest ();
use JSON::PP ();
use PATTest;

plan tests => 53, need_lwp;

my $file = $ENV{PAT_ADMIN_CONFIG_INITSQL}
    or die "PAT_ADMIN_CONFIG_INITSQL is not set: run make test\n";
my $tokens = $ENV{PAT_TOKENS} or die "PAT_TOKENS is not set: run make test\n";
my $notify = $ENV{PAT_NOTIFY} or die "PAT_NOTIFY is not set: run make test\n";
my $logs = Apache::Test::vars('t_logs');
my $pages = '/initsql/profile/tokens';
my $api = '/initsql/api/v1.0/tokens';

# admin.conf as the pages read it, with the Notify settings (pat-admin
# and pat-api ignore them; pat-notify needs them; -n sends nothing)
my $base = do {
    open my $fh, '<', $ENV{PAT_ADMIN_CONFIG} or die "admin.conf: $!";
    local $/;
    <$fh>;
};
$base .= "\nNotifyFrom reminders\@example.org\n"
    . "NotifyListURL https://tokens.example.org/profile/tokens\n"
    . "NotifyAddressPattern %u\@example.org\nSendmail /bin/false\n";
my $base_lines = () = $base =~ /\n/g;

# Write $base and then @lines (one a line) into the file the /initsql/
# locations read; returns the line number of the first of @lines.
sub conf {
    my (@lines) = @_;
    open my $fh, '>', $file or die "$file: $!";
    print $fh $base, map { "$_\n" } @lines;
    close $fh or die "$file: $!";
    chmod 0600, $file;
    return $base_lines + 1;
}

# Run a program with @args (a shell command line); returns (exit code,
# stdout, stderr).
sub run {
    my ($cmd) = @_;
    my $out = `$cmd 2>$logs/init_sql.err`;
    my $rc = $? == -1 || $? & 127 ? -1 : $? >> 8;
    return ($rc, $out, PATTest::slurp("$logs/init_sql.err"));
}

sub probe_rows { return sql('SELECT what FROM pat_init_probe ORDER BY id') }

my %run = (
    'pat-admin' => sub { admin_get('alice', $pages)->code },
    'pat-api' => sub { api_request(GET => $api)->code },
    'pat-tokens' => sub { (run("$tokens -c $file list --owner init-a"))[0] },
    'pat-notify' => sub { (run("$notify -c $file -n"))[0] },
);
my %ok = ('pat-admin' => 200, 'pat-api' => 200, 'pat-tokens' => 0,
          'pat-notify' => 0);

sql("DELETE FROM pat_tokens WHERE owner LIKE 'init-%';"
    . " DROP TABLE IF EXISTS pat_init_probe;"
    . " CREATE TABLE pat_init_probe (id INT AUTO_INCREMENT PRIMARY KEY,"
    . " what VARCHAR(100) NOT NULL)");
my $today = today_local();
my (undef, $id_a1) = new_token(owner => 'init-a', name => 'a one',
                               expires => date_add($today, 40));
my (undef, $id_a2) = new_token(owner => 'init-a', name => 'a two',
                               expires => date_add($today, 50));

# --- two statements, both run, in order, once per run ------------------
# (the second in quotes, with the key in lower case)
conf("DBDInitSQL INSERT INTO pat_init_probe (what)"
         . " VALUES (CONCAT('first ', CONNECTION_ID()))",
     "dbdinitsql \"INSERT INTO pat_init_probe (what)"
         . " VALUES (CONCAT('second ', CONNECTION_ID()))\"");
my %conn;
for my $prog ('pat-admin', 'pat-api', 'pat-tokens', 'pat-notify') {
    sql('DELETE FROM pat_init_probe');
    is $run{$prog}->(), $ok{$prog}, "$prog with two DBDInitSQL: runs"
        or diag PATTest::slurp("$logs/init_sql.err");
    my @rows = probe_rows();
    is scalar @rows, 2, "$prog: one pair of rows for the run" or diag "@rows";
    my ($c1) = ($rows[0] // '') =~ /^first (\d+)$/;
    my ($c2) = ($rows[1] // '') =~ /^second (\d+)$/;
    ok defined $c1 && defined $c2, "$prog: the first statement first"
        or diag "@rows";
    ok defined $c1 && defined $c2 && $c1 == $c2,
        "$prog: both on the same connection";
    $conn{$prog} = $c1 // -1;
}
my %distinct = map { $_ => 1 } values %conn;
is scalar keys %distinct, 4, 'each run its own connection';

# --- a session setting applies to the program's own statements ---------
# (and a value in double quotes loses them): sql_select_limit 1, and
# pat-api's list of two or more tokens shows one (pat-tokens's list has
# a LIMIT of its own, which wins)
my (undef, $id_b1) = new_token(owner => 'alice', name => 'init one');
my (undef, $id_b2) = new_token(owner => 'alice', name => 'init two');
sub api_list {
    my $res = api_request(GET => $api);
    my $doc = eval { JSON::PP->new->decode($res->content) } // {};
    return $res->code == 200 ? scalar @{ $doc->{tokens} // [] } : -1;
}
conf();
cmp_ok api_list(), '>=', 2, 'pat-api list without a DBDInitSQL: two tokens or more';
conf('DBDInitSQL "SET SESSION sql_select_limit = 1"');
is api_list(), 1, 'with DBDInitSQL "SET SESSION sql_select_limit = 1": one';
sql("DELETE FROM pat_tokens WHERE id IN ($id_b1, $id_b2)");

# --- a failing statement: closed, logged, nothing changed --------------
my $form = form_values(admin_get('alice', '/profile/tokens'));
ok $form->{csrf}, 'a create form from the pages';
conf('DBDInitSQL SET SESSION no_such_variable = 1');
my $dberr = qr/DBDInitSQL statement 1 of 1 failed: database error 1193 \(Unknown system variable 'no_such_variable'\)/;
my $count = token_count('alice');
my $log = length error_log_since(0);
my $r = admin_post('alice', $pages, [
    csrf => $form->{csrf}, nonce => $form->{nonce}, name => 'init sql',
    description => '', expires => $form->{expires}]);
is $r->code, 500, 'pages: a create with a failing DBDInitSQL: 500';
like $r->content, qr/Database unavailable/, '... the database-unavailable page';
is token_count('alice'), $count, '... no token created';
like log_wait('error', $log, qr/pat-admin: database: DBDInitSQL/),
    qr/pat-admin: database: $dberr/, '... logged: the statement and the error';

$log = length error_log_since(0);
$r = api_request(POST => $api, body => {name => 'init sql'});
my $b = eval { JSON::PP->new->decode($r->content) } // {};
is $r->code, 500, 'API: a create with a failing DBDInitSQL: 500';
is $b->{error}, 'database_unavailable', '... database_unavailable';
is token_count('alice'), $count, '... no token created';
like log_wait('error', $log, qr/pat-api: database: DBDInitSQL/),
    qr/pat-api: database: $dberr/, '... logged: the statement and the error';

my ($rc, $out, $err) = run("$tokens -c $file revoke $id_a1");
is $rc, 2, 'pat-tokens revoke with a failing DBDInitSQL: exit 2';
like $err, qr/^pat-tokens: database: $dberr$/m, '... the statement and the error';
is token_count('init-a'), 2, '... nothing revoked';

($rc, $out, $err) = run("$notify -c $file");
is $rc, 2, 'pat-notify with a failing DBDInitSQL: exit 2';
like $err, qr/^pat-notify: database: $dberr$/m, '... the statement and the error';

conf('DBDInitSQL SET @a = 1', 'DBDInitSQL SET SESSION no_such_variable = 1',
     'DBDInitSQL SET @b = 2');
($rc, $out, $err) = run("$tokens -c $file list --owner init-a");
is $rc, 2, 'the second of three fails: exit 2';
like $err, qr/DBDInitSQL statement 2 of 3 failed: database error 1193 /,
    '... "statement 2 of 3"';
is $out, '', '... nothing listed';

# --- empty values: configuration errors naming the line -----------------
for my $c (['DBDInitSQL', 'without a value'], ['DBDInitSQL ""', '""'],
           ['DBDInitSQL   ""  ', '"" with spaces around']) {
    my ($text, $what) = @$c;
    my $line = conf('DBDInitSQL SET @a = 1', $text);
    my $at = qr/\Q$file\E:@{[$line + 1]}: DBDInitSQL needs a value/;
    ($rc, $out, $err) = run("$tokens -c $file list --owner init-a");
    is $rc, 2, "pat-tokens, DBDInitSQL $what: exit 2";
    like $err, qr/^pat-tokens: configuration: $at$/m, '... names the line';
    ($rc, $out, $err) = run("$notify -c $file -n");
    is $rc, 2, "pat-notify, DBDInitSQL $what: exit 2";
    like $err, qr/^pat-notify: $at$/m, '... names the line';
}
$log = length error_log_since(0);
$r = admin_get('alice', $pages);
is $r->code, 500, 'pages with an empty DBDInitSQL: 500';
like $r->content, qr/Configuration error/, '... the configuration error page';
like log_wait('error', $log, qr/pat-admin: configuration:/),
    qr/pat-admin: configuration: \Q$file\E:\d+: DBDInitSQL needs a value/,
    '... logged, naming the line';
$log = length error_log_since(0);
$r = api_request(GET => $api);
is $r->code, 500, 'API with an empty DBDInitSQL: 500';
like log_wait('error', $log, qr/pat-api: configuration:/),
    qr/pat-api: configuration: \Q$file\E:\d+: DBDInitSQL needs a value/,
    '... logged, naming the line';

conf();
sql("DELETE FROM pat_tokens WHERE owner LIKE 'init-%';"
    . " DROP TABLE pat_init_probe");
