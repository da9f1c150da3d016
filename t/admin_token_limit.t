# A user has at most MaxTokensPerUser tokens (admin.conf, default 100):
# Create beyond it is refused with 409 and a message naming the limit,
# writes nothing and logs why; two creates at the limit minus one end at
# the limit, not above it.
use strict;
use warnings FATAL => 'all';
use FindBin;
use lib "$FindBin::Bin/lib";
use Apache::Test qw(-withtestmore);
use POSIX ();
use Time::HiRes qw(sleep);
use PATTest;

plan tests => 32, need_lwp;

my $t = Apache::Test::vars('t_dir');

# dave has exactly $n tokens, whatever ran before
sub fill {
    my ($n) = @_;
    sql("DELETE FROM pat_tokens WHERE owner = 'dave'");
    sql("INSERT INTO pat_tokens (owner, name, token_hash, hint, expires_on)"
        . " SELECT 'dave', CONCAT('filler ', seq),"
        . " SHA2(CONCAT('dave-', seq, '-', UUID()), 256), 'xxxx',"
        . " CURDATE() + INTERVAL 200 DAY FROM seq_1_to_$n") if $n;
}

# A create form of the page at $base, filled in (its own nonce).
sub form {
    my ($base) = @_;
    my $v = form_values(admin_get('dave', $base));
    return [csrf => $v->{csrf}, nonce => $v->{nonce}, name => 'one more',
            description => '', expires => $v->{expires}];
}

sub create { my ($base) = @_; admin_post('dave', $base, form($base)) }

# the default, 100
fill(99);
is create('/profile/tokens')->code, 200, 'the 100th token is created';
is token_count('dave'), 100, 'dave has 100 tokens';
my $log = length error_log_since(0);
my $r = create('/profile/tokens');
is $r->code, 409, 'the 101st is refused with 409 Conflict';
like $r->content,
    qr{You have 100 tokens, the most allowed\. Delete one to create another\.},
    'the page names the limit';
unlike $r->content, qr/id="token"/, 'no token is shown';
is token_count('dave'), 100, 'nothing written';
like error_log_since($log),
    qr/pat-admin: create refused for user dave: 100 tokens, the most allowed is 100 \(MaxTokensPerUser\)/,
    'the error log names the reason';
my $list = admin_get('dave', '/profile/tokens');
is $list->code, 200, 'the list of 100 tokens shows';
is scalar(() = $list->content =~ /<tr data-id=/g), 100,
    '... all of them, on one page';
my ($id) = sql("SELECT MIN(id) FROM pat_tokens WHERE owner = 'dave'");
is admin_post('dave', "/profile/tokens/$id/delete",
              [csrf => form_values($list)->{csrf}])->code, 303,
    'one is deleted';
is create('/profile/tokens')->code, 200, 'then one can be created again';
is token_count('dave'), 100, '... back to 100';

# MaxTokensPerUser 3
my $max3 = '/max3/profile/tokens';
fill(2);
is create($max3)->code, 200, 'MaxTokensPerUser 3: the 3rd token is created';
$r = create($max3);
is $r->code, 409, '... the 4th is refused';
like $r->content,
    qr{You have 3 tokens, the most allowed\. Delete one to create another\.},
    '... naming the limit of 3';
is token_count('dave'), 3, '... nothing written';

fill(5);
$r = create($max3);
is $r->code, 409, 'with 5 tokens and a limit lowered to 3: refused';
like $r->content,
    qr{You have 5 tokens; the most allowed is 3\. Delete 3 to create another\.},
    '... saying how many to delete';
is token_count('dave'), 5, '... nothing written';

fill(2);
my $f = form($max3);
is admin_post('dave', $max3, $f)->code, 200,
    'the form that creates the 3rd token';
$r = admin_post('dave', $max3, $f);
is $r->code, 409, '... sent again: 409';
like $r->content, qr{This form was already submitted},
    '... as a form sent again, not as the limit';
is token_count('dave'), 3, '... still 3 tokens';

# Two creates at the same time.  A session holds a lock on dave's rows
# for 2 s, so that both creates are waiting when it goes.
sub two_at_once {
    my @forms = (form($max3), form($max3));
    my $holder = fork // die "fork: $!";
    if ($holder == 0) {
        open my $fh, '|-', "$t/mariadb sql $ENV{PAT_TEST_DB} >/dev/null"
            or POSIX::_exit(1);
        print $fh "BEGIN; SELECT COUNT(*) FROM pat_tokens"
            . " WHERE owner = 'dave' FOR UPDATE; DO SLEEP(2); COMMIT;";
        close $fh;
        POSIX::_exit($? ? 1 : 0);
    }
    sleep 0.5;
    my @creators;
    for my $form (@forms) {
        pipe my $rd, my $wr or die "pipe: $!";
        my $pid = fork // die "fork: $!";
        if ($pid == 0) {
            close $rd;
            print $wr admin_post('dave', $max3, $form)->code;
            close $wr;
            POSIX::_exit(0);
        }
        close $wr;
        push @creators, [$pid, $rd];
    }
    my @codes;
    for (@creators) {
        my ($pid, $rd) = @$_;
        push @codes, scalar(<$rd>) // 'none';
        close $rd;
        waitpid $pid, 0;
    }
    waitpid $holder, 0;
    ok $? == 0, 'the lock was held and released';
    return join ' ', sort @codes;
}

# At 2 of 3: a count that did not lock the rows would let both insert.
fill(2);
is two_at_once(), '200 409',
    'two creates at once at 2 of 3: one is created, one refused';
is token_count('dave'), 3, '... and dave has 3 tokens, not 4';

# With no token yet there is no row to lock: both creates count 0, and
# the server rolls one of them back (a deadlock), which is tried again.
fill(0);
is two_at_once(), '200 200', 'two creates at once with no token: both made';
is token_count('dave'), 2, '... 2 tokens';

# MaxTokensPerUser out of range
$log = length error_log_since(0);
$r = admin_get('dave', '/max0/profile/tokens');
is $r->code, 500, 'MaxTokensPerUser 0: the pages refuse to run (500)';
like $r->content, qr/The token pages are not configured/,
    '... saying they are not configured';
like error_log_since($log),
    qr/MaxTokensPerUser must be a whole number from 1 to 10000/,
    '... and the error log says why';
