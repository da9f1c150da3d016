# pat-tokens, the administrators' command line (README "For
# administrators"): list with each filter, --json, revoke ID, revoke
# --owner, each revocation in the history with "USER (pat-tokens)", and
# its exit codes: 0 done, 1 nothing matched, 2 usage, configuration or
# database error.
use strict;
use warnings FATAL => 'all';
use FindBin;
use lib "$FindBin::Bin/lib";
use Apache::Test qw(-withtestmore);
use Apache::TestRequest ();
use JSON::PP ();
use PATTest;

plan tests => 40, need_lwp;

my $bin = $ENV{PAT_TOKENS} or die "PAT_TOKENS is not set: run make test\n";
my $conf = $ENV{PAT_ADMIN_CONFIG};
my $logs = Apache::Test::vars('t_logs');
my $unix = getpwuid($>);

# Run pat-tokens with @args; returns (exit code, stdout, stderr).
sub run {
    my (@args) = @_;
    my $q = join ' ', map { "'$_'" } @args;
    my $out = `$bin $q 2>$logs/pat-tokens.err`;
    my $rc = $? >> 8;
    open my $fh, '<', "$logs/pat-tokens.err" or die $!;
    local $/;
    my $err = <$fh> // '';
    return ($rc, $out, $err);
}
sub ids { my ($out) = @_; return map { (split /\t/)[0] } split /\n/, $out }
sub api { pat_get('/api/env.cgi', $_[0])->code }

sql("DELETE FROM pat_tokens WHERE owner LIKE 'cli-%'");
my $today = today_local();
my ($t1, $id1) = new_token(owner => 'cli-a', name => 'a active', expires => date_add($today, 50));
my ($t2, $id2) = new_token(owner => 'cli-a', name => 'a expired', expires => date_add($today, -1));
my ($t3, $id3) = new_token(owner => 'cli-a', name => 'a used', expires => date_add($today, 50));
my ($t4, $id4) = new_token(owner => 'cli-b', name => "b\ttab", expires => date_add($today, 3));
sql("UPDATE pat_tokens SET last_used_at = NOW() WHERE id = $id3");

my ($rc, $out, $err) = run('-c', $conf, 'list', '--owner', 'cli-a');
is $rc, 0, 'list --owner: exit 0';
is_deeply [ids($out)], [$id1, $id2, $id3], "... that owner's tokens, by id";
like $out, qr/^$id1\tcli-a\ta active\tpat_\x{e2}\x{80}\x{a6}\w{4}\t\d{4}-\d\d-\d\d\tactive\tnever\t\d{4}-\d\d-\d\dT[\d:]+Z$/m,
    '... id, owner, name, hint, expiry, status, last used, created';
($rc, $out) = run('-c', $conf, 'list', '--owner', 'cli-a', '--expired');
is_deeply [ids($out)], [$id2], 'list --expired';
($rc, $out) = run('-c', $conf, 'list', '--owner', 'cli-a', '--unused-days', '10');
is_deeply [ids($out)], [$id1, $id2], 'list --unused-days 10: the never used';
{
    local $ENV{PAT_ADMIN_CONFIG} = $conf;
    ($rc, $out) = run('list', '--owner', 'cli-b');
}
is $rc, 0, 'the configuration from PAT_ADMIN_CONFIG';
like $out, qr/^$id4\tcli-b\tb\\ttab\t.*\tsoon\t/m, '... a tab in a name is escaped; status soon';
($rc, $out, $err) = run('-c', $conf, 'list', '--owner', 'cli-a', '--json');
is $rc, 0, 'list --json: exit 0';
my $doc = eval { JSON::PP->new->decode($out) };
is ref $doc, 'ARRAY', '... one JSON document, an array';
is_deeply [map { $_->{id} } @$doc], [$id1, $id2, $id3], '... of the tokens';
is_deeply [map { $_->{status} } @$doc], [qw(active expired active)], '... their status';
is $doc->[0]{last_used}, undef, '... never used: null';
like $doc->[2]{last_used}, qr/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/, '... used: ISO 8601 UTC';
is $doc->[0]{name}, 'a active', '... the name';

($rc, $out, $err) = run('-c', $conf, 'list', '--owner', 'cli-nobody');
is $rc, 1, 'nothing matched: exit 1';
like $err, qr/no token/, '... said on stderr';
for my $bad (['list', '--unused-days', '0'], ['list', '--bogus'], ['frob'],
             ['revoke'], ['revoke', 'abc'], []) {
    ($rc, undef, $err) = run('-c', $conf, @$bad);
    is $rc, 2, "usage error (@$bad): exit 2";
}
($rc, $out, $err) = run('--help');
is $rc, 0, '--help: exit 0 (a fresh reader got 2)';
like $out, qr/^Usage: pat-tokens \[-c FILE\] list/, '... the usage on stdout';
($rc, undef, $err) = run('-c', "$logs/no-such.conf", 'list');
is $rc, 2, 'a configuration that cannot be read: exit 2';
like $err, qr/configuration/, '... said on stderr';

# revoke one
is api($t1), 200, 'the token works';
($rc, $out) = run('-c', $conf, 'revoke', $id1);
is $rc, 0, 'revoke ID: exit 0';
like $out, qr/Revoked token $id1 \(a active\) of cli-a\./, '... says so';
is api($t1), 401, '... and the token gets 401';
is((sql("SELECT CONCAT_WS('|', event, actor) FROM pat_token_events WHERE token_id = $id1"))[0],
   "revoked|$unix (pat-tokens)", '... history: revoked by "USER (pat-tokens)"');
($rc, undef, $err) = run('-c', $conf, 'revoke', $id1);
is $rc, 1, 'revoke of an unknown id: exit 1';

# memcheck: list --json and revoke --owner, 0 errors, no definite or
# indirect leak
SKIP: {
    skip 'valgrind is not installed', 1 unless have_program('valgrind');
    # (as t/admin_valgrind.t: valgrind cannot run an ASan build)
    skip 'the ASan build (make test SANITIZE=1) is not run under valgrind', 1
        if $ENV{SANITIZE};
    my $t = Apache::Test::vars('t_dir');
    my $vg = "valgrind -q --error-exitcode=99 --leak-check=full"
        . " --errors-for-leak-kinds=definite,indirect"
        . " --suppressions=$t/valgrind.supp";
    new_token(owner => 'cli-vg', name => 'vg');
    my @rc = map { system("$vg $bin -c $conf $_ >/dev/null 2>>$logs/pat-tokens-vg.err");
                   $? >> 8 } ('list --json', 'revoke --owner cli-vg');
    is_deeply \@rc, [0, 0], 'pat-tokens under valgrind: no memcheck error'
        or diag PATTest::slurp("$logs/pat-tokens-vg.err");
}

# revoke all of one owner
($rc, $out) = run('-c', $conf, 'revoke', '--owner', 'cli-a');
is $rc, 0, 'revoke --owner: exit 0';
like $out, qr/^Revoked 2 tokens of cli-a\.$/m, '... prints the count';
is_deeply [api($t2), api($t3)], [401, 401], '... each of their tokens gets 401';
is api($t4), 200, "another owner's token still works";
($rc) = run('-c', $conf, 'revoke', '--owner', 'cli-a');
is $rc, 1, 'revoke --owner of an owner without tokens: exit 1';

# the database down
db_stop();
($rc, undef, $err) = run('-c', $conf, 'list');
db_start();
is $rc, 2, 'the database down: exit 2';
like $err, qr/database/, '... said on stderr';
