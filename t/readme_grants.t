# The README's database users and grants are enough, and no more than
# needed: the statements of README "Build and install" run as they are
# (CREATE USER pat and pat_admin, their GRANTs); the token pages then
# work as pat_admin (create, edit, regenerate, activity, delete: the
# history's INSERT included), pat-notify too (pat_user_mail,
# pat_reminders), and the module's user pat can look a token up and
# record its use but not change anything else.
use strict;
use warnings FATAL => 'all';
use FindBin;
use lib "$FindBin::Bin/lib";
use Apache::Test qw(-withtestmore);
use PATTest;

plan tests => 17, need_lwp;

my $t = Apache::Test::vars('t_dir');
my $src = $ENV{PAT_SRC} or die "PAT_SRC is not set: run make test\n";
my $readme = PATTest::slurp("$src/README.md");
my ($grants) = $readme =~ /sudo mariadb -e "(CREATE USER 'pat'\@'localhost'[^"]*)"/;
ok $grants, "the README's CREATE USER and GRANT statements are found";
like $grants, qr/GRANT SELECT, INSERT ON pat\.pat_token_events TO 'pat_admin'/,
    '... with the grant the activity history needs';

# the suite runs several times against one database server
sql("DROP USER IF EXISTS 'pat'\@'localhost', 'pat_admin'\@'localhost'");
ok eval { sql($grants); 1 }, "the README's statements run" or diag $@;

my $base = '/grants/profile/tokens';
my $r = admin_get('alice', $base);
is $r->code, 200, 'the pages as pat_admin: the list';
my $v = form_values($r);
$r = admin_post('alice', $base, [
    csrf => $v->{csrf}, nonce => $v->{nonce}, name => 'grants',
    description => '', expires => $v->{expires}]);
is $r->code, 200, '... create';
my ($id) = sql("SELECT MAX(id) FROM pat_tokens WHERE owner = 'alice'");
$r = admin_post('alice', "$base/$id/edit", [
    csrf => $v->{csrf}, name => 'grants edited', description => '',
    expires => $v->{max}]);
is $r->code, 303, '... edit';
is admin_get('alice', "$base/$id/activity")->code, 200, '... activity';
my $rv = form_values(admin_get('alice', "$base/$id/regenerate"));
$r = admin_post('alice', "$base/$id/regenerate", [
    csrf => $v->{csrf}, nonce => $rv->{nonce}]);
is $r->code, 200, '... regenerate';
my @events = sql("SELECT event FROM pat_token_events WHERE token_id = $id"
                 . " ORDER BY id");
is "@events", 'created edited regenerated', '... each written to the history';

# pat-notify as pat_admin: a token that expires tomorrow is due
sql("UPDATE pat_tokens SET expires_on = '" . date_add(today_local(), 1)
    . "' WHERE id = $id");
# a sendmail that reads the whole message and accepts it (/bin/true
# exits without reading it: when it is gone before pat-notify has
# written, the write fails and the mail counts as failed, exit 1; seen
# once in a full run under load)
my $sendmail = "$t/logs/sendmail-accept";
open my $sh, '>', $sendmail or die "$sendmail: $!";
print $sh "#!/bin/sh\ncat >/dev/null\n";
close $sh;
chmod 0755, $sendmail;
my $conf = "$t/logs/admin-grants-notify.conf";
open my $fh, '>', $conf or die "$conf: $!";
print $fh PATTest::slurp($ENV{PAT_ADMIN_CONFIG_GRANTS}),
    "NotifyFrom tokens\@example.org\n",
    "NotifyListURL https://example.org/profile/tokens\n",
    "NotifyAddressPattern %u\@example.org\n",
    "Sendmail $sendmail\n";
close $fh;
my $out = `$ENV{PAT_NOTIFY} -c $conf 2>&1`;
is $? >> 8, 0, 'pat-notify as pat_admin runs' or diag $out;
my ($sent) = sql("SELECT COUNT(*) FROM pat_reminders WHERE token_id = $id"
                 . " AND sent_at IS NOT NULL");
is $sent, 1, '... and records the reminder it sent';

$r = admin_post('alice', "$base/$id/delete", [csrf => $v->{csrf}]);
is $r->code, 303, '... delete';

# the module's user: the lookup and the last-used update, nothing else
my ($tok, $tid) = new_token(name => 'module grants');
my $sock = "$ENV{PAT_TEST_DB}/mysql.sock";
sub as_pat {
    my ($stmt) = @_;
    my $res = `mariadb --no-defaults -S '$sock' -upat -pSECRET pat -e "$stmt" 2>&1`;
    return ($? >> 8, $res);
}
my ($code, $res) = as_pat("SELECT id, owner, expires_on, permissions"
                          . " FROM pat_tokens WHERE id = $tid");
is $code, 0, "the module's user pat reads tokens" or diag $res;
($code, $res) = as_pat("UPDATE pat_tokens SET last_used_at = NOW()"
                       . " WHERE id = $tid");
is $code, 0, '... and records when one was used' or diag $res;
($code, $res) = as_pat("UPDATE pat_tokens SET expires_on = '2099-01-01'"
                       . " WHERE id = $tid");
isnt $code, 0, '... but cannot change its expiration date';
($code, $res) = as_pat("DELETE FROM pat_tokens WHERE id = $tid");
isnt $code, 0, '... nor delete a token';
($code, $res) = as_pat("SELECT COUNT(*) FROM pat_token_events");
isnt $code, 0, '... nor read the activity history';
sql("DELETE FROM pat_tokens WHERE id = $tid");
