# Roles: a token acts as its owner, so the owner's groups apply to it,
# checked on every request.  httpd's own group authorization on the user
# our module sets: Require group (mod_authz_groupfile) and Require
# dbd-group (mod_authz_dbd, on the module's mod_dbd pool), in RequireAll
# and RequireAny, under AuthType PAT and AuthBasicProvider pat.  The
# locations are the /roles/ block of t/conf/extra.conf.in.
use strict;
use warnings FATAL => 'all';
use FindBin;
use lib "$FindBin::Bin/lib";
use Apache::Test qw(-withtestmore);
use Apache::TestRequest qw(GET);
use MIME::Base64 qw(encode_base64);
use PATTest;

plan tests => 59, need_lwp;

my $t_dir = Apache::Test::vars('t_dir');
my @auths = qw(pat basic);
my @sources = qw(file dbd);
my @combos = qw(all any);

# The same groups in the group file and in pat_test_groups (made by
# t/run-httpd-tests); each can be changed on its own.
my %initial = (staff => [qw(alice bob)], deploy => ['alice']);

sub write_group_file {
    my (%groups) = @_;
    my $file = "$t_dir/logs/roles.groups";
    # a new file renamed over the old one: a request never reads half
    open my $fh, '>', "$file.new" or die "$file.new: $!";
    print $fh "$_: @{ $groups{$_} }\n" for sort keys %groups;
    close $fh or die "$file.new: $!";
    rename "$file.new", $file or die "$file: $!";
}

sub write_group_table {
    my (%groups) = @_;
    my @rows = map { my $g = $_; map { "('$_', '$g')" } @{ $groups{$g} } }
        sort keys %groups;
    sql("DELETE FROM pat_test_groups;"
        . (@rows ? ' INSERT INTO pat_test_groups (user_name, group_name)'
                   . ' VALUES ' . join(', ', @rows) . ';' : ''));
}

my %token = map { $_ => (new_token(owner => $_))[0] } qw(alice bob carol);

# A request to /roles/<auth>-<case>/ with $user's token: in x-pat, or as
# the Basic password with the owner as the user name.  No $user: no
# credentials.
sub req {
    my ($auth, $case, $user) = @_;
    my $path = "/roles/$auth-$case/env.cgi";
    return GET $path unless defined $user;
    return GET $path, 'x-pat' => $token{$user} if $auth eq 'pat';
    return GET $path, Authorization => 'Basic '
        . encode_base64("$user:$token{$user}", '');
}

# "200 as $user" in one test: the CGI ran for that user
sub ok_as {
    my ($res, $user, $name) = @_;
    local $Test::Builder::Level = $Test::Builder::Level + 1;
    my $got = $res->code . ' ' . (api_env($res)->{REMOTE_USER} // '-');
    is $got, "200 $user", $name;
}

write_group_file(%initial);
write_group_table(%initial);

# 1. In the group: 200; authenticated but not in the group: 403
# (AuthzSendForbiddenOnFailure On); no credentials: 401.  8 x 4 tests.
for my $auth (@auths) {
    for my $src (@sources) {
        for my $combo (@combos) {
            my $case = "$src-$combo";
            my $what = "$auth $case";
            ok_as req($auth, $case, 'alice'), 'alice',
                "$what: alice (staff, deploy): 200";
            is req($auth, $case, 'bob')->code, 403,
                "$what: bob (staff only): 403";
            is req($auth, $case, 'carol')->code, 403,
                "$what: carol (no group): 403";
            is req($auth, $case)->code, 401,
                "$what: no credentials: 401";
        }
    }
}
my $r = req('pat', 'file-all', 'bob');
ok !defined $r->header('WWW-Authenticate'),
    'AuthType PAT, 403: no challenge (credentials would not help)';
$r = GET '/roles/pat-file-all/env.cgi', 'x-pat' => $token{alice} . 'x';
is $r->code . ' ' . ($r->header('WWW-Authenticate') // ''),
    '401 PAT realm="PAT roles"',
    'AuthType PAT, a token that is not one: 401 with the challenge';
$r = GET '/roles/basic-dbd-any/env.cgi', Authorization => 'Basic '
    . encode_base64("bob:$token{alice}", '');
is $r->code . ' ' . ($r->header('WWW-Authenticate') // ''),
    '401 Basic realm="PAT roles"',
    "Basic, bob:<alice's token>: 401 with the challenge, not 403";

# 2. httpd's default, AuthzSendForbiddenOnFailure Off: the same refusal
# is a 401 with the challenge, as if the credentials were wrong.
my %realm = (pat => 'PAT realm="PAT roles"',
             basic => 'Basic realm="PAT roles"');
for my $auth (@auths) {
    ok_as req($auth, 'default-off', 'alice'), 'alice',
        "$auth, AuthzSendForbiddenOnFailure Off: alice (deploy): 200";
    $r = req($auth, 'default-off', 'bob');
    is $r->code . ' ' . ($r->header('WWW-Authenticate') // ''),
        "401 $realm{$auth}",
        "$auth, AuthzSendForbiddenOnFailure Off: bob (not deploy): "
        . '401 with the challenge';
}

# 3. alice leaves deploy in the group file: the same token is refused on
# the very next request where the file decides; the database still has
# her in deploy.
write_group_file(%initial, deploy => []);
for my $auth (@auths) {
    for my $combo (@combos) {
        is req($auth, "file-$combo", 'alice')->code, 403,
            "$auth file-$combo: alice removed from deploy in the file: 403";
        ok_as req($auth, "dbd-$combo", 'alice'), 'alice',
            "$auth dbd-$combo: the database still has her: 200";
    }
}

# 4. Her row deleted: refused by the database too.
sql("DELETE FROM pat_test_groups WHERE user_name = 'alice'"
    . " AND group_name = 'deploy'");
for my $auth (@auths) {
    for my $combo (@combos) {
        is req($auth, "dbd-$combo", 'alice')->code, 403,
            "$auth dbd-$combo: alice's deploy row deleted: 403";
    }
}

# 5. bob joins deploy in both: his token, refused before, is let in on
# the next request.
my %bob_deploys = (%initial, deploy => ['bob']);
write_group_file(%bob_deploys);
write_group_table(%bob_deploys);
for my $auth (@auths) {
    for my $src (@sources) {
        for my $combo (@combos) {
            ok_as req($auth, "$src-$combo", 'bob'), 'bob',
                "$auth $src-$combo: bob added to deploy: 200";
        }
    }
}
