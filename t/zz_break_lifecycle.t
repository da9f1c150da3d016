# Breaking the list, Regenerate, Activity and pat-notify (issue 14): the
# hostile inputs and races found while testing what was built, each with
# the input that failed.
use strict;
use warnings FATAL => 'all';
use FindBin;
use lib "$FindBin::Bin/lib";
use Apache::Test qw(-withtestmore);
use Apache::TestRequest qw(GET);
use Digest::SHA qw(sha256_hex);
use File::Path qw(make_path remove_tree);
use POSIX ();
use Time::HiRes qw(time);
use PATTest;

plan tests => 54, need_lwp;

my $base = '/profile/tokens';
my $tag = "break $$";
sub one { (sql($_[0]))[0] }
sub nonce { join '', map { sprintf '%02x', int rand 256 } 1 .. 16 }
sub hash_of { one("SELECT token_hash FROM pat_tokens WHERE id = $_[0]") // '(no row)' }

my ($tok, $id) = admin_create_token('alice', "$tag a");
my $f = form_values(admin_get('alice', "$base/$id/regenerate"));

# --- routes: only the id as the list writes it, only the owner's ---------------
my ($btok, $bid) = new_token(owner => 'bob', name => "$tag bob");
for my $p ("/0$id/activity", "/0$id/regenerate", "/-$id/activity",
           "/1234567890123456789/activity", "/99999999999999999999999/activity",
           "/$id/activity/", "/$id/regenerate/", "/${id}x/activity",
           "/$bid/activity", "/$bid/regenerate", "/$id/../$bid/activity") {
    is admin_get('alice', "$base$p")->code, 404, "GET $p: 404";
}
is admin_post('alice', "$base/0$id/regenerate",
              [csrf => $f->{csrf}, nonce => nonce()])->code, 404,
    'POST /0ID/regenerate (leading zero): 404';
is admin_post('alice', "$base/regenerate",
              [csrf => $f->{csrf}, nonce => nonce(), id => "0$bid"])->code, 404,
    'POST /regenerate with bob\'s id with a leading zero: 404';
is admin_post('alice', "$base/$id/activity", [csrf => $f->{csrf}])->code, 404,
    'POST /ID/activity: 404 (no such page)';
is hash_of($bid), sha256_hex($btok), "... bob's token unchanged";

# --- a Regenerate form sent again after a second Regenerate ---------------------
# (regression: the nonce was kept only in the token's regenerate_nonce, which
# the second Regenerate overwrote: the first form, sent again from the back
# button, regenerated the token a third time and killed the token just shown)
my $n1 = nonce();
is admin_post('alice', "$base/$id/regenerate",
              [csrf => $f->{csrf}, nonce => $n1])->code, 200, 'regenerated once';
my $r = admin_post('alice', "$base/$id/regenerate",
                   [csrf => $f->{csrf}, nonce => nonce()]);
is $r->code, 200, '... and again with a new form';
my ($shown) = $r->content =~ /id="token" value="(pat_\w+)"/;
my $h = hash_of($id);
$r = admin_post('alice', "$base/$id/regenerate", [csrf => $f->{csrf}, nonce => $n1]);
is $r->code, 409, 'the first form sent again: 409';
is hash_of($id), $h, '... the token is not regenerated a third time';
is GET('/api/env.cgi', 'x-pat' => $shown)->code, 200,
    '... and the token last shown still works';
is one("SELECT COUNT(*) FROM pat_token_events WHERE token_id = $id"
       . " AND event = 'regenerated'"), 2, '... and no third event';
my ($tok2, $id2) = admin_create_token('alice', "$tag second");
is admin_post('alice', "$base/$id2/regenerate",
              [csrf => $f->{csrf}, nonce => $n1])->code, 409,
    '... nor does it regenerate another of her tokens';
admin_post('alice', "$base/$id/delete", [csrf => $f->{csrf}]);
is admin_post('alice', "$base/$id2/regenerate",
              [csrf => $f->{csrf}, nonce => $n1])->code, 409,
    '... also after the token it regenerated was deleted';
my $bf = form_values(admin_get('bob', "$base/$bid/regenerate"));
$r = admin_post('bob', "$base/$bid/regenerate", [csrf => $bf->{csrf}, nonce => $n1]);
is $r->code, 200, "bob sending alice's nonce value for his own token: regenerated (nonces are per owner)";
isnt hash_of($bid), sha256_hex($btok), '... his token has a new hash';

# --- markup in the user name, the token name and the description ------------
my $evil = '<b x="1">&\'eve';
system('htpasswd', '-bB', $ENV{PAT_ADMIN_USERS}, $evil, 'eve-password') == 0
    or die "htpasswd failed\n";
my $mk = '<script>alert(1)</script>"\'&';
my ($mtok, $mid) = new_token(owner => $evil, name => $mk);
sql("UPDATE pat_tokens SET description = CONCAT(REPEAT('x', 240), CHAR(13),"
    . " CHAR(10), '<img src=x onerror=alert(1)>', REPEAT('y', 230))"
    . " WHERE id = $mid");
require HTTP::Request;
sub as_evil {
    my ($m, $path, $fields) = @_;
    require HTTP::Request::Common;
    my $url = Apache::TestRequest::resolve_url($path);
    my $req = $m eq 'GET' ? HTTP::Request->new(GET => $url)
                          : HTTP::Request::Common::POST($url, $fields);
    $req->authorization_basic($evil, 'eve-password');
    return Apache::TestRequest::user_agent(reset => 1,
                                           requests_redirectable => 0)->request($req);
}
my $ef = form_values(as_evil(GET => "$base/$mid/regenerate"));
my $evf = form_values(as_evil(GET => "$base/$mid/edit"));
is as_evil(POST => "$base/$mid/edit", [csrf => $evf->{csrf}, name => "$mk 2",
           description => "new\r\n<i>two</i>", expires => $evf->{max}])->code,
    303, 'a user whose name has markup edits a token with markup';
is as_evil(POST => "$base/$mid/regenerate", [csrf => $ef->{csrf},
           nonce => $ef->{nonce}])->code, 200, '... and regenerates it';
my $pages = join '', map { as_evil(GET => "$base$_")->content }
    ('', "/$mid/regenerate", "/$mid/activity");
unlike $pages, qr{<script>alert|<img src|<b x=|<i>two}, 'the list, Regenerate and Activity pages escape every text';
like as_evil(GET => "$base/$mid/activity")->content,
    qr{<td class="actor">&lt;b x=&quot;1&quot;&gt;&amp;.{1,6}eve</td>},
    '... the Activity page shows the actor escaped';

# --- times the list must not choke on ------------------------------------------
my ($ttok, $tid) = new_token(owner => 'alice', name => "$tag times");
sql("UPDATE pat_tokens SET last_used_at = NOW() + INTERVAL 3 DAY,"
    . " created_at = '1971-01-01 00:00:00' WHERE id = $tid");
my ($tr) = admin_get('alice', $base)->content =~ m{(<tr data-id="$tid">.*?</tr>)}s;
like $tr // '', qr{<td class="last-used"><time [^>]*>just now</time>},
    'Last used in the future: "just now", no negative number';
# 1971-01-01 00:00 UTC is 1970-12-31 in UTC-12, one of the zones the
# suite runs under (t/run-httpd-tests): the page shows the server's date
my $created = POSIX::strftime('%Y-%m-%d', localtime 31536000);
like $tr // '', qr{<td class="created"><time datetime="1971-01-01T00:00:00Z"[^>]*>\Q$created\E</time>},
    "Created far in the past: its date in the server's zone ($created)";

# --- a Regenerate whose history cannot be written ---------------------------------
my ($ptok, $pid) = new_token(owner => 'alice', name => "$tag perms");
sql("UPDATE pat_tokens SET permissions = 'read' WHERE id = $pid");
my $ph = hash_of($pid);
sql("CREATE TRIGGER zz_break_no_events BEFORE INSERT ON pat_token_events"
    . " FOR EACH ROW SIGNAL SQLSTATE '45000' SET MESSAGE_TEXT = 'no events'");
$r = admin_post('alice', "$base/$pid/regenerate", [csrf => $f->{csrf}, nonce => nonce()]);
sql('DROP TRIGGER zz_break_no_events');
is $r->code, 500, 'a Regenerate whose event cannot be written: 500';
unlike $r->content, qr/id="token"/, '... no token shown';
is hash_of($pid), $ph, '... the token unchanged';
is admin_post('alice', "/perm$base/$pid/regenerate",
              [csrf => $f->{csrf}, nonce => nonce()])->code, 200,
    'then regenerated on a site with permissions';
is one("SELECT permissions FROM pat_tokens WHERE id = $pid"), 'read',
    '... still narrowed to read';

# --- Regenerate racing a delete --------------------------------------------------
my $races_ok = 1;
for my $i (1 .. 5) {
    my ($rtok, $rid) = new_token(owner => 'alice', name => "$tag race $i");
    my @kids;
    for my $what ('regenerate', 'delete') {
        my $pid = fork // die "fork: $!";
        if (!$pid) {
            my $res = admin_post('alice', "$base/$rid/$what",
                                 [csrf => $f->{csrf}, nonce => nonce()]);
            POSIX::_exit($res->code == 500 ? 1 : 0);
        }
        push @kids, $pid;
    }
    for (@kids) { waitpid $_, 0; $races_ok = 0 if $? }
    my @ev = sql("SELECT event FROM pat_token_events WHERE token_id = $rid ORDER BY id");
    $races_ok = 0 unless $ev[-1] eq 'deleted'
        && !sql("SELECT id FROM pat_tokens WHERE id = $rid");
}
ok $races_ok, 'Regenerate and Delete at once: never 500, the token deleted, "deleted" the last event';

# --- pat-notify: a sendmail program that records its arguments and input ------
my $t = Apache::Test::vars('t_dir');
my $notify = $ENV{PAT_NOTIFY} or die "PAT_NOTIFY is not set: run make test\n";
my $dir = "$t/logs/zz-notify";
remove_tree($dir);
make_path($dir);
sub write_file {
    my ($file, $text, $mode) = @_;
    open my $fh, '>', $file or die "$file: $!";
    print $fh $text;
    close $fh or die "$file: $!";
    chmod $mode // 0600, $file;
}
# each run of it: argv.PID (one argument a line) and msg.PID
write_file("$dir/record", <<"SH", 0755);
#!/bin/sh
for a in "\$@"; do printf '%s\\n' "\$a"; done >"$dir/argv.\$\$"
cat >"$dir/msg.\$\$"
SH
# one that neither reads nor ends
write_file("$dir/hang", "#!/bin/sh\nexec sleep 300\n", 0755);
my $confbase = PATTest::slurp($ENV{PAT_ADMIN_CONFIG});
my @nt = ('NotifyFrom reminders@example.org',
          'NotifyListURL https://tokens.example.org/profile/tokens',
          'NotifyAddressPattern %u@example.org');
sub conf {
    my ($name, @lines) = @_;
    write_file("$dir/$name", join "\n", $confbase, @nt, @lines, '');
    return "$dir/$name";
}
my $today = today_local();
sub day { date_add($today, $_[0]) }
# a token of owner (SQL) named name (SQL) expiring in 3 days
sub ntoken {
    my ($owner, $name) = @_;
    return one("SET NAMES utf8mb4; INSERT INTO pat_tokens (owner, name,"
               . " token_hash, hint, expires_on) VALUES ($owner, $name,"
               . " SHA2(UUID(), 256), 'Ab3x', '" . day(3) . "');"
               . " SELECT LAST_INSERT_ID();");
}
# run pat-notify (killed after $limit seconds); (status, seconds, stderr)
sub run_notify {
    my ($c, $limit) = @_;
    my $t0 = time;
    system("timeout -s KILL $limit $notify -c $c >$dir/out 2>$dir/err");
    my $st = $? == -1 || $? & 127 ? -1 : $? >> 8;
    return ($st, time - $t0, PATTest::slurp("$dir/err"));
}
# what the recording sendmail got, read and removed: [argv, message]
sub recorded {
    my @got;
    for my $a (sort glob "$dir/argv.*") {
        (my $m = $a) =~ s/argv/msg/;
        push @got, [join('|', split /\n/, PATTest::slurp($a)),
                    PATTest::slurp($m)];
        unlink $a, $m;
    }
    return @got;
}
sql("DELETE FROM pat_tokens WHERE expires_on BETWEEN '" . day(-9) . "' AND '"
    . day(9) . "'");
sql("DELETE FROM pat_reminders; DELETE FROM pat_user_mail");
ntoken("'zz-crlf'", "CONCAT('a', CHAR(13), CHAR(10), 'Bcc: x\@evil.example')");
ntoken("CONCAT('x', CHAR(13), CHAR(10), 'y')", "'crlf owner'");
ntoken("'evil\@attacker.example'", "'at owner'");
ntoken("'a b'", "'space owner'");
ntoken("'-oQ/tmp/x'", "'dash owner'");
ntoken("'zz-mail'", "'mail override'");
# (regression: NotifyAddressPattern made victim%evil.example@example.org,
# which Postfix's percent hack relays to evil.example)
ntoken("'victim%evil.example'", "'percent owner'");
ntoken("'evil.example!victim'", "'bang owner'");
sql("INSERT INTO pat_user_mail VALUES ('zz-mail',"
    . " CONCAT('x\@y.example', CHAR(10), 'Bcc: z\@evil.example'))");
my $rec = conf('record.conf', "Sendmail $dir/record");
my ($st, $secs, $err) = run_notify($rec, 60);
is $st, 0, 'pat-notify with crafted owners and addresses: exit 0';
my @got = recorded();
is join(' ', map { $_->[0] } @got),
    '-i|-f|reminders@example.org|--|zz-crlf@example.org',
    '... one mail, to the plain owner only: crafted owners and addresses are never on the command line';
like $got[0][1] // '', qr/^Subject: Personal access token "a  Bcc: x\@evil\.example" expires in 3 days\n/m,
    '... a CR/LF in the name is a space in the Subject';
unlike $got[0][1] // '', qr/^Bcc:/m, '... no header made of the name';
is scalar(() = $err =~ /is not a plain address \(user\@domain\); skipped/g), 5,
    '... the five others are skipped, each with a log line';
is scalar(() = $err =~ /has a mail routing character \(% or !\): NotifyAddressPattern is not used for it/g), 2,
    '... and user names with % or ! get no address from the pattern';

# --- a sendmail program that hangs ------------------------------------------------
# (regression: pat-notify waited for it for ever, holding its claims; the
# systemd unit is Type=oneshot without a time-out, so the timer never ran
# again)
sql("DELETE FROM pat_reminders");
($st, $secs, $err) = run_notify(conf('hang.conf', "Sendmail $dir/hang",
                                     'SendmailTimeout 2'), 60);
is $st, 1, 'a sendmail program that hangs: pat-notify exits 1';
ok $secs < 15, "... soon after SendmailTimeout (${secs}s)";
like $err, qr{mail to user zz-crlf \(zz-crlf\@example\.org\) failed: \Q$dir\E/hang did not finish within 2 seconds \(SendmailTimeout\) and was killed; the next run tries again},
    '... the log says so';
is one("SELECT COUNT(*) FROM pat_reminders"), 0, '... and no claim is left';
($st, undef, $err) = run_notify(conf('timeout0.conf', 'SendmailTimeout 0'), 60);
is $st, 2, 'SendmailTimeout 0: exit 2';
like $err, qr/SendmailTimeout must be a whole number of seconds from 1 to 3600/,
    '... naming the setting';

# --- two runs at once ------------------------------------------------------------
my @pids = map {
    my $pid = fork // die "fork: $!";
    if (!$pid) { exec "$notify -c $rec >/dev/null 2>&1" or POSIX::_exit(127) }
    $pid;
} 1 .. 2;
waitpid $_, 0 for @pids;
@got = recorded();
is scalar(@got), 1, 'two runs at once send the mail once';
is one("SELECT COUNT(*) FROM pat_reminders WHERE sent_at IS NOT NULL"), 1,
    '... recorded as sent once';

# --- the database down -------------------------------------------------------------
sql("DELETE FROM pat_reminders");
db_stop();
($st, $secs, $err) = run_notify($rec, 60);
db_start();
is $st, 2, 'the database down: exit 2';
is scalar(recorded()), 0, '... nothing mailed';
is one("SELECT COUNT(*) FROM pat_reminders"), 0, '... no claim';
