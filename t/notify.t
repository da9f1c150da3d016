# pat-notify, the expiry reminders (README "Expiry reminders"), against
# the harness's MariaDB and a real SMTP server: aiosmtpd's Mailbox
# handler writes what it receives to a Maildir, and msmtp is the sendmail
# program.  No httpd request is made.
#
# Tokens are placed relative to the host's local date (PATTest's
# today_local, this process's TZ, which pat-notify inherits), never by
# the database's CURDATE(): the database runs in UTC.
use strict;
use warnings FATAL => 'all';
use FindBin;
use lib "$FindBin::Bin/lib";
use Apache::Test qw(-withtestmore);
use Encode ();
use File::Path qw(make_path remove_tree);
use IO::Socket::INET ();
use MIME::Base64 ();
use POSIX ();
use Time::HiRes qw(sleep);
use PATTest;

my $have_aiosmtpd = system('python3 -c "import aiosmtpd" 2>/dev/null') == 0;
plan tests => 103,
    need_installed('msmtp' => have_program('msmtp'),
                   'python3-aiosmtpd' => $have_aiosmtpd);

my $t = Apache::Test::vars('t_dir');
my $notify = $ENV{PAT_NOTIFY} or die "PAT_NOTIFY is not set: run make test\n";
my $dir = "$t/logs/notify";
remove_tree($dir);
make_path($dir);    # aiosmtpd makes the Maildir (only where none is)
binmode(Test::More->builder->$_, ':encoding(UTF-8)')
    for qw(output failure_output todo_output);
my $today = today_local();
sub day { date_add($today, $_[0]) }

# the SMTP sink, stopped however the test ends
my $port = `$t/free-port`;
chomp $port;
my $smtpd = fork // die "fork: $!";
if ($smtpd == 0) {
    open STDOUT, '>', "$dir/smtpd.log";
    open STDERR, '>&', \*STDOUT;
    { exec 'python3', '-m', 'aiosmtpd', '-n', '-l', "127.0.0.1:$port",
          '-c', 'aiosmtpd.handlers.Mailbox', "$dir/Maildir" };
    POSIX::_exit(127);
}
END {
    local $?;    # the server's TERM is not the test's exit status
    if ($smtpd) {
        kill 'TERM', $smtpd;
        waitpid $smtpd, 0;
    }
}
my $up;
for (1 .. 100) {
    last if $up = IO::Socket::INET->new(PeerAddr => "127.0.0.1:$port");
    sleep 0.1;
}
die "aiosmtpd did not start on port $port\n" unless $up;
close $up;

sub write_file {
    my ($file, $text) = @_;
    open my $fh, '>', $file or die "$file: $!";
    print $fh $text;
    close $fh or die "$file: $!";
    chmod 0600, $file;
}

# msmtp's settings: the sink, and a port nobody listens on
sub msmtprc {
    my ($name, $p) = @_;
    write_file("$dir/$name", <<"RC");
defaults
auth off
tls off
account default
host 127.0.0.1
port $p
from reminders\@example.org
RC
    return "$dir/$name";
}
my $rc = msmtprc('msmtprc', $port);
my $closed = do {
    my $s = IO::Socket::INET->new(Listen => 1, LocalAddr => '127.0.0.1',
                                  LocalPort => 0);
    my $p = $s->sockport;
    close $s;
    $p;
};
my $rc_closed = msmtprc('msmtprc-closed', $closed);

# admin.conf as the pages read it, plus the Notify settings
my $base = do {
    open my $fh, '<', $ENV{PAT_ADMIN_CONFIG} or die "admin.conf: $!";
    local $/;
    <$fh>;
};
sub conf {
    my ($name, @lines) = @_;
    write_file("$dir/$name", join "\n", $base, @lines, '');
    return "$dir/$name";
}
my @notify = ('NotifyFrom reminders@example.org',
              'NotifyListURL https://tokens.example.org/profile/tokens');
my $conf = conf('notify.conf', @notify, 'NotifyAddressPattern %u@example.org',
                "Sendmail /usr/bin/msmtp --file=$rc");
my $conf_nopattern = conf('notify-nopattern.conf', @notify,
                          "Sendmail /usr/bin/msmtp --file=$rc");
my $conf_false = conf('notify-false.conf', @notify,
                      'NotifyAddressPattern %u@example.org',
                      'Sendmail /bin/false');
my $conf_closed = conf('notify-closed.conf', @notify,
                       'NotifyAddressPattern %u@example.org',
                       "Sendmail /usr/bin/msmtp --file=$rc_closed");

# Run pat-notify with conf and @args (and %env); returns (exit status,
# stderr, stdout).
sub notify {
    my ($c, @args) = @_;
    my $cmd = join ' ', $notify, '-c', $c, @args;
    system("$cmd >$dir/out 2>$dir/err");
    my $status = $? == -1 || $? & 127 ? -1 : $? >> 8;
    return ($status, PATTest::slurp("$dir/err"), PATTest::slurp("$dir/out"));
}

# The messages delivered since the last call, read and removed: each a
# hash of headers (lowercase name => [values, unfolded, encoded-words
# decoded to Perl text]), the raw header block and the body (text).
sub decode_words {
    my ($v) = @_;
    $v =~ s/(\?=)\s+(=\?)/$1$2/g;
    $v =~ s/=\?UTF-8\?B\?([A-Za-z0-9+\/=]*)\?=/MIME::Base64::decode_base64($1)/gie;
    return Encode::decode('UTF-8', $v, Encode::FB_CROAK);
}
sub mails {
    my @m;
    for my $f (glob("$dir/Maildir/new/* $dir/Maildir/cur/*")) {
        my $raw = PATTest::slurp($f);
        unlink $f;
        $raw =~ s/\r\n/\n/g;
        my ($head, $body) = split /\n\n/, $raw, 2;
        my %h;
        (my $unfolded = $head) =~ s/\n[ \t]+/ /g;
        for (split /\n/, $unfolded) {
            my ($k, $v) = /^([^:]+):[ \t]*(.*)$/ or next;
            push @{ $h{lc $k} }, decode_words($v);
        }
        push @m, { h => \%h, head => $head,
                   body => Encode::decode('UTF-8', $body) };
    }
    @m = sort { $a->{h}{'x-rcptto'}[0] cmp $b->{h}{'x-rcptto'}[0] } @m;
    return @m;
}
sub to { join ',', map { $_->{h}{'x-rcptto'}[0] } @_ }

# A token in the database: owner, name (bytes, UTF-8), days from today.
sub token {
    my ($owner, $name, $days) = @_;
    $name =~ s/([\\'])/\\$1/g;
    my ($id) = sql("SET NAMES utf8mb4; INSERT INTO pat_tokens"
                   . " (owner, name, token_hash, hint, expires_on) VALUES"
                   . " ('$owner', '$name', SHA2(UUID(), 256), 'Ab3x', '"
                   . day($days) . "'); SELECT LAST_INSERT_ID();");
    return $id;
}
sub reminders {
    my ($where) = @_;
    return sql("SELECT token_id, expires_on, kind, sent_at IS NOT NULL"
               . " FROM pat_reminders WHERE $where ORDER BY token_id, kind");
}

# Other tests' tokens near today would be mailed too: this file owns the
# window of 8 days around today.
sql("DELETE FROM pat_tokens WHERE expires_on BETWEEN '" . day(-9) . "' AND '"
    . day(9) . "'");
sql("DELETE FROM pat_reminders; DELETE FROM pat_user_mail");

my %ann = (seven => token('ntf-ann', 'seven', 7),
           one => token('ntf-ann', 'one', 1),
           zero => token('ntf-ann', 'zero', 0),
           minus1 => token('ntf-ann', 'minus one', -1),
           eight => token('ntf-ann', 'eight', 8),
           minus8 => token('ntf-ann', 'minus eight', -8));
my $utf8 = "B\xc3\xa4ckerei \xe2\x98\x95 \xe6\x9d\xb1\xe4\xba\xac";
my $bob = token('ntf-bob', $utf8, 7);
sql("INSERT INTO pat_user_mail (owner, address) VALUES"
    . " ('ntf-bob', 'bob.override\@mail.example.net'),"
    . " ('ntf-bad', 'bad <bad\@example.org>')");
my $bad = token('ntf-bad', 'bad', 3);
my ($eve) = sql("INSERT INTO pat_tokens (owner, name, token_hash, hint,"
                . " expires_on) VALUES ('ntf-eve', CONCAT('evil', CHAR(13),"
                . " CHAR(10), 'Bcc: evil\@example.org'), SHA2(UUID(), 256),"
                . " 'Ev1l', '" . day(1) . "'); SELECT LAST_INSERT_ID();");

# -n: the mails on stdout, nothing sent or recorded
my ($st, $err, $out) = notify($conf, '-n');
is $st, 0, 'dry run: exit 0';
like $out, qr/^==> to ntf-ann\@example\.org \(4 reminders\)$/m,
    '... prints the mail to ntf-ann';
is scalar(mails()), 0, '... sends nothing';
is scalar(reminders('1')), 0, '... claims nothing';

# without NotifyAddressPattern only pat_user_mail's users have an address
($st, $err) = notify($conf_nopattern);
is $st, 0, 'without an address pattern: exit 0';
my @m = mails();
is to(@m), 'bob.override@mail.example.net',
    '... one mail, to the address pat_user_mail holds for ntf-bob';
like $err, qr/^pat-notify: no mail address for user ntf-ann; skipped$/m,
    '... ntf-ann is skipped with a log line';
like $err, qr/^pat-notify: no mail address for user ntf-eve; skipped$/m,
    '... so is ntf-eve';
like $err, qr/^pat-notify: the mail address of user ntf-bad .*not a plain address.*skipped$/m,
    '... an address that is no plain addr-spec is refused with a log line';
is scalar(reminders("owner IN ('ntf-ann', 'ntf-eve', 'ntf-bad')")), 0,
    '... nothing claimed for the users skipped';
is_deeply [reminders("owner = 'ntf-bob'")], ["$bob\t" . day(7) . "\t7 days\t1"],
    "... ntf-bob's reminder is recorded as sent";
like $err, qr/^pat-notify: sent 1 reminder to bob\.override\@mail\.example\.net \(user ntf-bob\)$/m,
    '... and logged';
my $b = $m[0];
my $name = Encode::decode('UTF-8', $utf8);
is_deeply $b->{h}{subject},
    [qq{Personal access token "$name" expires in 7 days}],
    '... the UTF-8 name arrives intact in the Subject';
like $b->{head}, qr/^Subject: =\?UTF-8\?B\?/m,
    '... as RFC 2047 encoded-words';
like $b->{body}, qr/^  "\Q$name\E" \(pat_\x{2026}Ab3x\)$/m,
    '... and in the body, with the hint';
like $b->{body}, qr/expiration date ${\ day(7)}: expires at the end of ${\ day(7)}, in 7 days/,
    '... the date and what it means';
like $b->{body}, qr{^  https://tokens\.example\.org/profile/tokens$}m,
    '... the link to the token list';
is_deeply $b->{h}{from}, ['reminders@example.org'], '... From: NotifyFrom';
is_deeply $b->{h}{'x-mailfrom'}, ['reminders@example.org'],
    '... and the envelope sender';
is_deeply $b->{h}{to}, ['bob.override@mail.example.net'], '... To:';
is_deeply $b->{h}{'mime-version'}, ['1.0'], '... MIME-Version';
is_deeply $b->{h}{'content-type'}, ['text/plain; charset=UTF-8'],
    '... Content-Type';
is_deeply $b->{h}{'content-transfer-encoding'}, ['8bit'],
    '... Content-Transfer-Encoding';
like $b->{h}{date}[0],
    qr/^(Mon|Tue|Wed|Thu|Fri|Sat|Sun), \d\d (Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec) \d{4} \d\d:\d\d:\d\d [+-]\d{4}$/,
    '... an RFC 5322 Date';
like $b->{h}{'message-id'}[0], qr/^<[^<>\s]+\@example\.org>$/,
    '... a Message-ID';

# with the pattern: the others
($st, $err) = notify($conf);
is $st, 0, 'with the pattern: exit 0';
@m = mails();
is to(@m), 'ntf-ann@example.org,ntf-eve@example.org',
    '... one mail to each of ntf-ann and ntf-eve, at the pattern address';
my ($a, $e) = @m;
is_deeply $a->{h}{subject},
    ['4 personal access tokens expire soon or have expired'],
    "... ntf-ann's: one mail for 4 tokens";
my @names = $a->{body} =~ /^  "([^"]*)" \(pat_/mg;
is_deeply \@names, ['minus one', 'zero', 'one', 'seven'],
    '... the tokens at today-1, today, today+1 and today+7, none at +8 or -8';
like $a->{body}, qr/expiration date ${\ day(0)}: expires at the end of today$/m,
    '... today: at the end of today';
like $a->{body}, qr/expiration date ${\ day(1)}: expires at the end of ${\ day(1)}, tomorrow$/m,
    '... tomorrow';
like $a->{body}, qr/expiration date ${\ day(-1)}: expired on ${\ day(-1)} \(at the end of that day\), 1 day ago$/m,
    '... expired yesterday';
like $err, qr/^pat-notify: sent 4 reminders to ntf-ann\@example\.org \(user ntf-ann\)$/m,
    '... logged';
is_deeply [reminders("owner = 'ntf-ann'")],
    ["$ann{seven}\t" . day(7) . "\t7 days\t1", "$ann{one}\t" . day(1) . "\t1 day\t1",
     "$ann{zero}\t" . day(0) . "\t1 day\t1", "$ann{minus1}\t" . day(-1) . "\texpired\t1"],
    '... each recorded with its kind, sent';
is scalar(reminders("token_id IN ($ann{eight}, $ann{minus8})")), 0,
    '... nothing for today+8 and today-8';

# the CR LF in eve's token name adds no header
is_deeply $e->{h}{'x-rcptto'}, ['ntf-eve@example.org'],
    "ntf-eve's mail goes to ntf-eve only (envelope)";
ok !exists $e->{h}{bcc}, '... it has no Bcc header';
is join(' ', sort keys %{ $e->{h} }),
    'auto-submitted content-transfer-encoding content-type date from'
    . ' message-id mime-version subject to x-mailfrom x-peer x-rcptto',
    '... nothing of the name is a header line of its own';
is_deeply $e->{h}{to}, ['ntf-eve@example.org'], '... To: ntf-eve';
is_deeply $e->{h}{subject},
    ['Personal access token "evil  Bcc: evil@example.org" expires tomorrow'],
    '... the Subject shows the name with spaces for CR LF';
like $e->{body}, qr/^  "evil  Bcc: evil\@example\.org" \(pat_/m,
    '... so does the body';
unlike join('', map { $_->{h}{'x-rcptto'}[0] } $b, @m), qr/evil/,
    '... nobody else received a mail';

# once only
($st, $err) = notify($conf);
is $st, 0, 'a second run: exit 0';
is scalar(mails()), 0, '... sends nothing';
is join('', grep { !/ntf-bad/ } split /^/, $err), '',
    '... and logs nothing (but the address it refuses)';

# a new expiration date: new reminders
sql("UPDATE pat_tokens SET expires_on = '" . day(6) . "' WHERE id = $ann{seven}");
($st) = notify($conf);
is $st, 0, 'a token given a new expiration date: exit 0';
@m = mails();
is to(@m), 'ntf-ann@example.org', '... one mail to ntf-ann';
is_deeply $m[0]{h}{subject}, ['Personal access token "seven" expires in 6 days'],
    '... about that token only';
is scalar(reminders("token_id = $ann{seven} AND sent_at IS NOT NULL")), 2,
    '... both expiration dates recorded';

# sendmail fails: nothing recorded, tried again by the next run
my $cat = token('ntf-cat', 'cat', 2);
($st, $err) = notify($conf_false);
is $st, 1, 'Sendmail /bin/false: exit 1';
like $err, qr{^pat-notify: mail to user ntf-cat \(ntf-cat\@example\.org\) failed: /bin/false exited with status 1; the next run tries again$}m,
    '... a log line names the user and the exit status';
is scalar(reminders("owner = 'ntf-cat'")), 0, '... the claim is deleted';
is scalar(mails()), 0, '... nothing delivered';
($st, $err) = notify($conf_closed);
is $st, 1, 'msmtp to a closed port: exit 1';
like $err, qr{^pat-notify: mail to user ntf-cat .* failed: /usr/bin/msmtp exited with status \d+;}m,
    '... logged';
is scalar(reminders("owner = 'ntf-cat'")), 0, '... nothing recorded';
is scalar(reminders('sent_at IS NULL')), 0, '... no claim left anywhere';
($st, $err) = notify($conf);
is $st, 0, 'the next run with a working sendmail: exit 0';
@m = mails();
is to(@m), 'ntf-cat@example.org', '... sends the mail';
is_deeply $m[0]{h}{subject}, ['Personal access token "cat" expires in 2 days'],
    '... the one that failed';
is_deeply [reminders("owner = 'ntf-cat'")], ["$cat\t" . day(2) . "\t7 days\t1"],
    '... recorded as sent';

# a claim of a run that died an hour ago is taken over; a fresh one not
my $dan = token('ntf-dan', 'stale', 5);
my $dan2 = token('ntf-dan2', 'fresh', 5);
sql("INSERT INTO pat_reminders (token_id, expires_on, kind, owner, claimed_at)"
    . " VALUES ($dan, '" . day(5) . "', '7 days', 'ntf-dan',"
    . " NOW() - INTERVAL 2 HOUR), ($dan2, '" . day(5) . "', '7 days',"
    . " 'ntf-dan2', NOW() - INTERVAL 10 MINUTE)");
($st) = notify($conf);
is $st, 0, 'a stale claim: exit 0';
@m = mails();
is to(@m), 'ntf-dan@example.org',
    '... the claim 2 hours old is taken over and sent; the 10 minutes old not';
is_deeply [reminders("owner = 'ntf-dan'")], ["$dan\t" . day(5) . "\t7 days\t1"],
    '... recorded as sent';
is_deeply [reminders("owner = 'ntf-dan2'")], ["$dan2\t" . day(5) . "\t7 days\t0"],
    '... the fresh claim is left to its run';
sql("DELETE FROM pat_reminders WHERE owner = 'ntf-dan2'");

# one kind a run: a token first seen 1 day before its date gets '1 day'
# only, and its '7 days' is never sent late
my $late = token('ntf-fay', 'late', 1);
($st) = notify($conf);
@m = mails();
is to(@m), 'ntf-dan2@example.org,ntf-fay@example.org',
    'a token first due on the day before: one mail';
is_deeply [reminders("owner = 'ntf-fay'")], ["$late\t" . day(1) . "\t1 day\t1"],
    '... of kind 1 day only';

# a long UTF-8 name: folded encoded-words, each of whole characters
my $long = ("\xc3\xa4" x 40) . " \xe2\x98\x95" . ('x' x 40) . "\xf0\x9f\x94\x91";
my $hal = token('ntf-hal', $long, 4);
($st) = notify($conf);
@m = mails();
is to(@m), 'ntf-hal@example.org', 'a long UTF-8 name: one mail';
is_deeply $m[0]{h}{subject},
    ['Personal access token "' . Encode::decode('UTF-8', $long)
     . '" expires in 4 days'],
    '... its Subject decodes to the name';
my @sub = $m[0]{head} =~ /^(Subject:.*\n(?:[ \t].*\n)*)/m;
ok((@sub && !grep { length > 78 } split /\n/, $sub[0]),
   '... folded into lines of 78 characters at the most')
    or diag $m[0]{head};
ok((@sub && !grep { !/^(Subject:)? =\?UTF-8\?B\?[A-Za-z0-9+\/=]+\?=$/ }
        split /\n/, $sub[0]),
   '... each line one encoded-word');
ok((@sub && !grep { !eval { Encode::decode('UTF-8', MIME::Base64::decode_base64($_), Encode::FB_CROAK); 1 } }
        $sub[0] =~ /B\?([^?]+)\?=/g),
   '... each word whole UTF-8 characters');

# the host's zone decides the day: under UTC+14 a date is one or two
# days later than under UTC-12, whatever the time
sub today_in {
    my ($zone) = @_;
    local $ENV{TZ} = $zone;
    POSIX::tzset();
    my $d = today_local();
    return $d;
}
my $east = today_in('Etc/GMT-14');
my $west = today_in('Etc/GMT+12');
POSIX::tzset();
my $gap = 0;
$gap++ while date_add($west, $gap) lt $east;
ok $gap == 1 || $gap == 2, "today under UTC+14 is 1 or 2 days after UTC-12's ($gap)";
my $edge = token('ntf-gil', 'edge', 0);
sql("UPDATE pat_tokens SET expires_on = '" . date_add($east, -1)
    . "' WHERE id = $edge");
{
    local $ENV{TZ} = 'Etc/GMT-14';
    ($st, $err, $out) = notify($conf, '-n');
}
is $st, 0, 'a dry run under TZ=Etc/GMT-14: exit 0';
like $out, qr/"edge" has expired/,
    "... the token of UTC+14's yesterday has expired";
{
    local $ENV{TZ} = 'Etc/GMT+12';
    ($st, $err, $out) = notify($conf, '-n');
}
is $st, 0, 'the same under TZ=Etc/GMT+12: exit 0';
like $out, qr/"edge" expires (today|tomorrow)/,
    '... there it expires today or tomorrow';
is scalar(reminders("owner = 'ntf-gil'")), 0, '... dry runs record nothing';
is scalar(mails()), 0, '... and send nothing';
sql("DELETE FROM pat_tokens WHERE id = $edge");

# settings pat-notify needs
my $noconf = conf('notify-nofrom.conf', 'NotifyListURL https://x.example/');
($st, $err) = notify($noconf);
is $st, 2, 'without NotifyFrom: exit 2';
like $err, qr/NotifyFrom is not set/, '... saying so';
$noconf = conf('notify-nourl.conf', 'NotifyFrom a@example.org');
($st, $err) = notify($noconf);
is $st, 2, 'without NotifyListURL: exit 2';
like $err, qr/NotifyListURL is not set/, '... saying so';
$noconf = conf('notify-badfrom.conf', $notify[1], 'NotifyFrom a@b@example.org');
($st, $err) = notify($noconf);
is $st, 2, 'a NotifyFrom that is not an addr-spec: exit 2';
$noconf = conf('notify-badpattern.conf', @notify, 'NotifyAddressPattern %s@example.org');
($st, $err) = notify($noconf);
is $st, 2, 'an address pattern with %s: exit 2';
like $err, qr/NotifyAddressPattern/, '... naming it';
$noconf = conf('notify-relsendmail.conf', @notify, 'Sendmail msmtp');
($st, $err) = notify($noconf);
is $st, 2, 'Sendmail without an absolute path: exit 2';
$noconf = conf('notify-empty.conf', @notify, 'NotifyAddressPattern');
($st, $err) = notify($noconf);
is $st, 2, 'a Notify setting without a value: exit 2';
($st, $err) = notify($conf, 'extra');
is $st, 2, 'an argument: exit 2 (usage)';
($st, $err, $out) = notify($conf, '--help');
is $st, 0, '--help: exit 0';
like $out, qr/^Usage: pat-notify/, '... usage on stdout';
{
    local $ENV{PAT_ADMIN_CONFIG} = $conf;
    system("$notify -n >$dir/out 2>$dir/err");
    is $? >> 8, 0, 'without -c: PAT_ADMIN_CONFIG names the settings';
}
{
    local $ENV{PAT_ADMIN_CONFIG} = "$dir/none.conf";
    system("$notify -n >$dir/out 2>$dir/err");
    is $? >> 8, 2, '... a file that does not exist: exit 2';
    like PATTest::slurp("$dir/err"), qr/cannot read \Q$dir\E\/none\.conf/,
        '... named';
}

# the database gone: exit 2
db_stop();
($st, $err) = notify($conf);
db_start();
is $st, 2, 'the database down: exit 2';
like $err, qr/^pat-notify: database: /m, '... logged';

# the samples: a cron.d line and the systemd units
my $src = $ENV{PAT_SRC};
my $cron = PATTest::slurp("$src/notify/pat-notify.cron");
like $cron, qr{^\d+ \d+ \* \* \* www-data /usr/sbin/pat-notify$}m,
    'the cron.d sample runs pat-notify daily as www-data';
my $service = PATTest::slurp("$src/notify/pat-notify.service");
my $timer = PATTest::slurp("$src/notify/pat-notify.timer");
like $service, qr{^ExecStart=/usr/sbin/pat-notify$}m, 'the service runs it';
like $service, qr{^User=www-data$}m, '... as www-data';
like $timer, qr{^OnCalendar=\*-\*-\* 07:17$}m, 'the timer: daily at 07:17';
like $timer, qr{^Persistent=true$}m, '... persistent';
SKIP: {
    skip 'systemd-analyze is not installed', 1
        unless have_program('systemd-analyze');
    # verified with ExecStart naming the built program
    (my $s = $service) =~ s{^ExecStart=/usr/sbin/pat-notify}{ExecStart=$notify}m;
    make_path("$dir/units");
    write_file("$dir/units/pat-notify.service", $s);
    write_file("$dir/units/pat-notify.timer", $timer);
    my $v = `systemd-analyze verify --man=no $dir/units/pat-notify.timer $dir/units/pat-notify.service 2>&1`;
    is $?, 0, 'systemd-analyze verify accepts the units' or diag $v;
}

# pat-admin accepts the Notify settings (and ignores them)
{
    local $ENV{PAT_ADMIN_CONFIG} = $conf;
    local $ENV{REQUEST_METHOD} = 'GET';
    local $ENV{REMOTE_USER} = 'ntf-ann';
    local $ENV{SCRIPT_NAME} = '/profile/tokens';
    local $ENV{PATH_INFO} = '/';
    my $head = `$ENV{PAT_ADMIN_CGI} 2>$dir/err </dev/null | head -1`;
    like $head, qr/^Status: 200|^Content-Type: text\/html/i,
        'pat-admin runs with the Notify settings in admin.conf'
        or diag PATTest::slurp("$dir/err");
}

sql("DELETE FROM pat_tokens WHERE owner LIKE 'ntf-%';"
    . " DELETE FROM pat_reminders; DELETE FROM pat_user_mail");
