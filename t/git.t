# git over HTTP with AuthBasicProvider pat: clone and push with a valid
# token; an expired or deleted token is refused.
use strict;
use warnings FATAL => 'all';
use FindBin;
use lib "$FindBin::Bin/lib";
use Apache::Test qw(-withtestmore);
use Apache::TestRequest ();
use PATTest;

plan tests => 7, need_installed('git' => have_program('git'));

my $logs = Apache::Test::vars('t_logs');
my $root = $ENV{PAT_GIT_ROOT};
my $work = "$logs/git-work";
system('rm', '-rf', $work, "$root/repo.git");
mkdir $work;
$ENV{HOME} = $work;
$ENV{GIT_TERMINAL_PROMPT} = 0;
$ENV{GIT_CONFIG_NOSYSTEM} = 1;
my @id = ('-c', 'user.name=Test', '-c', 'user.email=test@example.invalid',
          '-c', 'init.defaultBranch=main');

# Run git; in list context (exit status 0, its output and stderr).
sub git {
    my (@args) = @_;
    open my $fh, '-|', 'sh', '-c', 'exec "$@" 2>&1', 'sh', 'git', @id, @args
        or die "git: $!";
    my $out = do { local $/; <$fh> } // '';
    my $ok = close $fh;
    return wantarray ? ($ok, $out) : $ok;
}

# setup, not the module's behaviour: a bare repository to clone
git('init', '-q', '--bare', "$root/repo.git")
    or die "git init --bare $root/repo.git failed\n";
my ($token) = new_token(owner => 'alice');
my ($expired) = new_token(owner => 'alice',
                          expires => date_add(today_local(), -1));
my ($gone, $gone_id) = new_token(owner => 'alice');
sql("DELETE FROM pat_tokens WHERE id = $gone_id");
my $hostport = Apache::TestRequest::hostport();
my $url = sub { "http://alice:$_[0]\@$hostport/git/repo.git" };

ok git('clone', '-q', $url->($token), "$work/clone"),
    'git clone with a valid token';
open my $fh, '>', "$work/clone/README" or die $!;
print $fh "pushed with a PAT\n";
close $fh;
git('-C', "$work/clone", 'add', 'README')
   && git('-C', "$work/clone", 'commit', '-q', '-m', 'first')
   or die "git commit in the clone failed\n";
ok git('-C', "$work/clone", 'push', '-q', 'origin', 'HEAD:main'),
    'git push with a valid token';
ok git('clone', '-q', $url->($token), "$work/again")
   && -f "$work/again/README", 'a second clone sees the pushed commit';
my ($ok, $out) = git('clone', '-q', $url->($expired), "$work/expired");
ok !$ok, 'git clone with an expired token fails';
like $out, qr/Authentication failed/, '... because authentication failed';
($ok, $out) = git('clone', '-q', $url->($gone), "$work/deleted");
ok !$ok, 'git clone with a deleted token fails';
like $out, qr/Authentication failed/, '... because authentication failed';
